package dev.tally.ingest.catalog;

import java.util.Locale;

/**
 * A reference to a catalog entity, {@code [kind:][namespace/]name}, as Backstage writes them
 * (e.g. {@code group:giantswarm/team-atlas}, or just {@code team-atlas} where kind and namespace
 * have defaults). Backstage compares references case-insensitively, so equality here is on the
 * lower-cased parts; {@link #toString()} keeps the spelling of the catalog.
 */
public record EntityRef(String kind, String namespace, String name) {
    public static final String DEFAULT_NAMESPACE = "default";

    public EntityRef {
        if (kind == null || kind.isBlank() || namespace == null || namespace.isBlank() || name == null || name.isBlank()) {
            throw new IllegalArgumentException("an entity reference needs a kind, a namespace and a name: "
                    + kind + ":" + namespace + "/" + name);
        }
    }

    /**
     * Parses a reference, filling what it leaves out from the defaults (the referring entity's
     * namespace, and the kind the field implies: {@code Group} for an owner, {@code System} for
     * a system).
     *
     * @throws IllegalArgumentException for a blank reference or one with an empty part
     */
    public static EntityRef parse(String ref, String defaultKind, String defaultNamespace) {
        if (ref == null || ref.isBlank()) {
            throw new IllegalArgumentException("empty entity reference");
        }
        String rest = ref.trim();
        String kind = defaultKind;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            kind = rest.substring(0, colon);
            rest = rest.substring(colon + 1);
        }
        String namespace = defaultNamespace;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            namespace = rest.substring(0, slash);
            rest = rest.substring(slash + 1);
        }
        if (kind.isEmpty() || namespace.isEmpty() || rest.isEmpty() || rest.contains("/") || rest.contains(":")) {
            throw new IllegalArgumentException("not an entity reference ([kind:][namespace/]name): " + ref);
        }
        return new EntityRef(kind, namespace, rest);
    }

    /** The case-insensitive identity: {@code kind:namespace/name} in lower case. */
    public String key() {
        return (kind + ":" + namespace + "/" + name).toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntityRef other && key().equals(other.key());
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    @Override
    public String toString() {
        return kind + ":" + namespace + "/" + name;
    }
}
