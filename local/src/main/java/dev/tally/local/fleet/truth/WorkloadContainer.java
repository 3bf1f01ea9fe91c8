package dev.tally.local.fleet.truth;

/** One container of a workload, across all its pods (what rightsizing recommends for). */
public record WorkloadContainer(String cluster, String namespace, String workloadKind, String workloadName,
                                String container) {
}
