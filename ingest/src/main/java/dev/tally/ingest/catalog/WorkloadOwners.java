package dev.tally.ingest.catalog;

import dev.tally.ingest.catalog.CatalogEntity.Component;
import dev.tally.ingest.catalog.CatalogEntity.Group;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the owner of a workload: first the catalog component that claims it (in the order of
 * {@link ComponentMatch}), and its owner group as the team; without a component or an owner group,
 * the namespace's team label, then the configured namespace map, then {@code unowned}.
 *
 * <p>Workload labels are used when known; the usage rows carry none yet, so today components
 * match by the workload-names annotations or by their {@code backstage.io/kubernetes-id} as the
 * workload's name. A component with {@code backstage.io/kubernetes-namespace} only claims
 * workloads in that namespace. When two components claim the same workload name, the one whose
 * {@code backstage.io/kubernetes-id} is that name wins (Giant Swarm's {@code falco} and
 * {@code falco-app} both list {@code falco,falco-app}); otherwise the first in catalog order wins
 * and the clash is a reported problem.
 */
public final class WorkloadOwners {
    public static final String KUBERNETES_ID = "backstage.io/kubernetes-id";
    public static final String KUBERNETES_NAMESPACE = "backstage.io/kubernetes-namespace";
    public static final String KUBERNETES_LABEL_SELECTOR = "backstage.io/kubernetes-label-selector";

    private final Catalog catalog;
    private final OwnershipSettings settings;
    private final Map<String, List<Component>> byKubernetesId = new LinkedHashMap<>();
    private final Map<String, List<Component>> byWorkloadName = new LinkedHashMap<>();
    private final Map<Component, LabelSelector> selectors = new LinkedHashMap<>();
    private final List<CatalogProblem> problems = new ArrayList<>();

    public WorkloadOwners(Catalog catalog, OwnershipSettings settings) {
        this.catalog = catalog;
        this.settings = settings;
        for (Component component : catalog.components()) {
            String id = component.annotations().get(KUBERNETES_ID);
            if (id != null && !id.isBlank()) {
                byKubernetesId.computeIfAbsent(id.trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(component);
            }
            for (String annotation : settings.workloadNamesAnnotations()) {
                String names = component.annotations().get(annotation);
                if (names == null) {
                    continue;
                }
                for (String name : names.split(",")) {
                    if (!name.isBlank()) {
                        byWorkloadName.computeIfAbsent(name.trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(component);
                    }
                }
            }
            String selector = component.annotations().get(KUBERNETES_LABEL_SELECTOR);
            if (selector != null && !selector.isBlank()) {
                try {
                    selectors.put(component, LabelSelector.parse(selector));
                } catch (IllegalArgumentException e) {
                    problems.add(new CatalogProblem(component.source(), component.ref() + ": " + e.getMessage()));
                }
            }
        }
        reportClashes(byKubernetesId, KUBERNETES_ID);
        reportClashes(byWorkloadName, "workload-names annotations");
    }

    public CatalogOwnership ownerOf(Workload workload, Map<String, String> namespaceLabels) {
        ComponentMatch match = ComponentMatch.NONE;
        Optional<Component> component = Optional.empty();
        String idLabel = workload.labels().get(KUBERNETES_ID);
        if (idLabel != null) {
            component = firstIn(byKubernetesId.get(idLabel.toLowerCase(Locale.ROOT)), workload);
            match = ComponentMatch.KUBERNETES_ID_LABEL;
        }
        if (component.isEmpty() && !workload.labels().isEmpty()) {
            component = selectors.entrySet().stream()
                    .filter(e -> e.getValue().matches(workload.labels()) && claimsNamespace(e.getKey(), workload))
                    .map(Map.Entry::getKey).findFirst();
            match = ComponentMatch.LABEL_SELECTOR;
        }
        String name = workload.name().toLowerCase(Locale.ROOT);
        if (component.isEmpty()) {
            component = firstIn(byWorkloadName.get(name), workload);
            match = ComponentMatch.WORKLOAD_NAMES_ANNOTATION;
        }
        if (component.isEmpty()) {
            component = firstIn(byKubernetesId.get(name), workload);
            match = ComponentMatch.KUBERNETES_ID_AS_NAME;
        }
        if (component.isEmpty()) {
            match = ComponentMatch.NONE;
        }

        Optional<Group> group = component.flatMap(catalog::ownerGroup);
        String team;
        TeamSource teamSource;
        String labelTeam = namespaceLabels.get(settings.namespaceTeamLabel());
        if (group.isPresent()) {
            team = group.get().ref().name();
            teamSource = TeamSource.CATALOG_OWNER;
        } else if (labelTeam != null && !labelTeam.isBlank()) {
            team = labelTeam;
            teamSource = TeamSource.NAMESPACE_LABEL;
        } else if (settings.namespaceTeams().containsKey(workload.namespace())) {
            team = settings.namespaceTeams().get(workload.namespace());
            teamSource = TeamSource.NAMESPACE_MAP;
        } else {
            team = OwnershipSettings.UNOWNED;
            teamSource = TeamSource.UNOWNED;
        }
        String costCenter = component.map(c -> c.annotations().get(settings.costCenterAnnotation()))
                .or(() -> group.map(g -> g.annotations().get(settings.costCenterAnnotation())))
                .or(() -> Optional.ofNullable(namespaceLabels.get(settings.namespaceCostCenterLabel())))
                .orElse("");
        return new CatalogOwnership(workload, component.map(Component::ref), component.flatMap(Component::system), team,
                costCenter, component.map(Component::lifecycle).orElse(""), match, teamSource);
    }

    /** Selectors that do not parse and workloads claimed by two components, with where they are written. */
    public List<CatalogProblem> problems() {
        return List.copyOf(problems);
    }

    /** Of the components claiming a workload, the first in its namespace, preferring the one whose id is its name. */
    private Optional<Component> firstIn(List<Component> candidates, Workload workload) {
        if (candidates == null) {
            return Optional.empty();
        }
        List<Component> claiming = candidates.stream().filter(c -> claimsNamespace(c, workload)).toList();
        return claiming.stream().filter(c -> isNamedAs(c, workload.name())).findFirst()
                .or(() -> claiming.stream().findFirst());
    }

    private static boolean isNamedAs(Component component, String workloadName) {
        String id = component.annotations().get(KUBERNETES_ID);
        return id != null && id.trim().equalsIgnoreCase(workloadName);
    }

    private static boolean claimsNamespace(Component component, Workload workload) {
        String namespace = component.annotations().get(KUBERNETES_NAMESPACE);
        return namespace == null || namespace.isBlank() || namespace.trim().equals(workload.namespace());
    }

    private void reportClashes(Map<String, List<Component>> claims, String how) {
        claims.forEach((name, components) -> {
            List<Component> unrestricted = components.stream()
                    .filter(c -> !c.annotations().containsKey(KUBERNETES_NAMESPACE)).toList();
            long namedAs = unrestricted.stream().filter(c -> isNamedAs(c, name)).count();
            if (unrestricted.size() > 1 && namedAs != 1) {
                problems.add(new CatalogProblem(unrestricted.get(1).source(), "workload '" + name + "' is claimed through "
                        + how + " by " + unrestricted.stream().map(c -> c.ref().toString()).toList() + "; "
                        + unrestricted.stream().filter(c -> isNamedAs(c, name)).findFirst().orElse(unrestricted.get(0)).ref()
                        + " is used"));
            }
        });
    }
}
