package dev.tally.jobs.allocation.stream;

import java.math.BigDecimal;

/**
 * A usage row of {@code tally.usage.v1} as the allocation job keeps it: one container of one pod
 * in one hour, on a node, with what it requested and used (core-seconds, byte-seconds; memory
 * usage = mean working set × seconds the pod ran).
 *
 * @param id      the row's identity on the topic (pod, uid, container, hour): a newer version replaces it
 * @param version the usage job's version of the row (higher = computed from more samples)
 */
public record ContainerHourInput(String id, long hourEpochSecond, String node, String namespace, String workloadKind,
                                 String workloadName, String container,
                                 BigDecimal cpuRequestCoreSeconds, BigDecimal cpuUsageCoreSeconds,
                                 BigDecimal memoryRequestByteSeconds, BigDecimal memoryUsageByteSeconds, long version) {
}
