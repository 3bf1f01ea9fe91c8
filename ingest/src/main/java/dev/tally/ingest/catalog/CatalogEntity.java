package dev.tally.ingest.catalog;

import java.util.Map;
import java.util.Optional;

/** The catalog entities chargeback uses; other kinds (API, Resource, User, …) are not read. */
public sealed interface CatalogEntity {
    EntityRef ref();

    Map<String, String> annotations();

    EntitySource source();

    /** {@code metadata.title}, else the name: what a dashboard shows. */
    String title();

    /** A piece of software, deployed as one or more workloads. */
    record Component(EntityRef ref, String title, Optional<EntityRef> owner, Optional<EntityRef> system,
                     String type, String lifecycle, Map<String, String> annotations, EntitySource source)
            implements CatalogEntity {
        public Component {
            annotations = Map.copyOf(annotations);
        }
    }

    /** A team (or another group of people) that owns components. */
    record Group(EntityRef ref, String title, String type, Optional<EntityRef> parent,
                 Map<String, String> annotations, EntitySource source) implements CatalogEntity {
        public Group {
            annotations = Map.copyOf(annotations);
        }
    }

    /** A set of components that together provide something. */
    record System(EntityRef ref, String title, Optional<EntityRef> owner, Map<String, String> annotations,
                  EntitySource source) implements CatalogEntity {
        public System {
            annotations = Map.copyOf(annotations);
        }
    }
}
