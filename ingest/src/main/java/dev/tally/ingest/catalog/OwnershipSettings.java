package dev.tally.ingest.catalog;

import java.util.List;
import java.util.Map;

/**
 * How workloads find their owners.
 *
 * @param workloadNamesAnnotations component annotations that list workload names, comma-separated
 *                                 (e.g. Giant Swarm's {@code giantswarm.io/deployment-names}); default
 *                                 {@code tally.dev/workload-names}
 * @param costCenterAnnotation     the component or group annotation holding the cost center; default
 *                                 {@code tally.dev/cost-center}
 * @param namespaceTeamLabel       the namespace label naming the team when no component owns the
 *                                 workload; default {@code team}
 * @param namespaceCostCenterLabel the namespace label holding the cost center; default {@code cost-center}
 * @param namespaceTeams           the last resort before {@code unowned}: namespace → team
 */
public record OwnershipSettings(List<String> workloadNamesAnnotations, String costCenterAnnotation,
                                String namespaceTeamLabel, String namespaceCostCenterLabel,
                                Map<String, String> namespaceTeams) {
    public static final String UNOWNED = "unowned";

    public OwnershipSettings {
        workloadNamesAnnotations = List.copyOf(workloadNamesAnnotations);
        namespaceTeams = Map.copyOf(namespaceTeams);
    }

    public static OwnershipSettings defaults() {
        return new OwnershipSettings(List.of("tally.dev/workload-names"), "tally.dev/cost-center", "team", "cost-center",
                Map.of());
    }

    public OwnershipSettings withWorkloadNamesAnnotations(List<String> annotations) {
        return new OwnershipSettings(annotations, costCenterAnnotation, namespaceTeamLabel, namespaceCostCenterLabel,
                namespaceTeams);
    }

    public OwnershipSettings withNamespaceTeams(Map<String, String> teams) {
        return new OwnershipSettings(workloadNamesAnnotations, costCenterAnnotation, namespaceTeamLabel,
                namespaceCostCenterLabel, teams);
    }
}
