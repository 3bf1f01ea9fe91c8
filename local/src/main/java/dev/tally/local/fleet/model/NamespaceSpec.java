package dev.tally.local.fleet.model;

import java.util.List;

/**
 * A namespace and the team that owns it (namespace labels {@code team} and {@code cost-center},
 * which kube-state-metrics exposes as {@code label_team}, {@code label_cost_center}).
 * Standalone claims are PVCs no pod mounts (a disk that still costs money).
 */
public record NamespaceSpec(String name, String team, String costCenter, List<WorkloadSpec> workloads,
                            List<VolumeClaimSpec> standaloneClaims) {

    public NamespaceSpec {
        workloads = List.copyOf(workloads);
        standaloneClaims = List.copyOf(standaloneClaims);
    }

    public NamespaceSpec(String name, String team, String costCenter, List<WorkloadSpec> workloads) {
        this(name, team, costCenter, workloads, List.of());
    }
}
