package dev.tally.ingest.catalog;

import dev.tally.ingest.catalog.CatalogEntity.Component;
import dev.tally.ingest.catalog.CatalogEntity.Group;
import dev.tally.ingest.catalog.CatalogEntity.System;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The catalog as chargeback sees it: components, groups and systems by reference (case-
 * insensitive, as Backstage), with what could not be used. An entity defined twice keeps its
 * first definition and the second is reported; an owner that names no group is a dangling
 * owner, reported with the entities that name it.
 */
public final class Catalog {
    private final Map<EntityRef, Component> components = new LinkedHashMap<>();
    private final Map<EntityRef, Group> groups = new LinkedHashMap<>();
    private final Map<EntityRef, System> systems = new LinkedHashMap<>();
    private final List<CatalogProblem> problems = new ArrayList<>();

    private Catalog() {
    }

    public static Catalog of(Collection<CatalogReader.CatalogFile> files) {
        Catalog catalog = new Catalog();
        for (CatalogReader.CatalogFile file : files) {
            catalog.problems.addAll(file.problems());
            for (CatalogEntity entity : file.entities()) {
                catalog.add(entity);
            }
        }
        return catalog;
    }

    private void add(CatalogEntity entity) {
        CatalogEntity first;
        if (entity instanceof Component c) {
            first = components.putIfAbsent(c.ref(), c);
        } else if (entity instanceof Group g) {
            first = groups.putIfAbsent(g.ref(), g);
        } else {
            System s = (System) entity;
            first = systems.putIfAbsent(s.ref(), s);
        }
        if (first != null) {
            problems.add(new CatalogProblem(entity.source(), entity.ref() + " is defined again; the first definition ("
                    + first.source() + ") is used"));
        }
    }

    public Collection<Component> components() {
        return components.values();
    }

    public Collection<Group> groups() {
        return groups.values();
    }

    public Optional<Component> component(EntityRef ref) {
        return Optional.ofNullable(components.get(ref));
    }

    public Optional<Group> group(EntityRef ref) {
        return Optional.ofNullable(groups.get(ref));
    }

    public Optional<System> system(EntityRef ref) {
        return Optional.ofNullable(systems.get(ref));
    }

    /** The group that owns a component, when its owner reference names a group of the catalog. */
    public Optional<Group> ownerGroup(Component component) {
        return component.owner().flatMap(this::group);
    }

    /**
     * Owner references that name no group of the catalog (missing, or of another kind), each with
     * the components and systems that name it, in reference order.
     */
    public Map<EntityRef, List<EntityRef>> danglingOwners() {
        Map<String, EntityRef> byKey = new TreeMap<>();
        Map<String, List<EntityRef>> owned = new TreeMap<>();
        List<CatalogEntity> owning = new ArrayList<>(components.values());
        owning.addAll(systems.values());
        for (CatalogEntity entity : owning) {
            Optional<EntityRef> owner = entity instanceof Component c ? c.owner() : ((System) entity).owner();
            if (owner.isPresent() && !groups.containsKey(owner.get())) {
                byKey.putIfAbsent(owner.get().key(), owner.get());
                owned.computeIfAbsent(owner.get().key(), k -> new ArrayList<>()).add(entity.ref());
            }
        }
        Map<EntityRef, List<EntityRef>> dangling = new LinkedHashMap<>();
        byKey.forEach((key, ref) -> dangling.put(ref, List.copyOf(owned.get(key))));
        return dangling;
    }

    /** What could not be read or used, with file and line: unreadable documents, duplicates, bad references. */
    public List<CatalogProblem> problems() {
        return List.copyOf(problems);
    }
}
