package dev.tally.jobs.allocation.day;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A container on a node in one hour ({@code usage_hourly}): requests held and usage, as
 * core-seconds and byte-seconds (memory usage: mean working set × seconds running).
 */
public record ContainerHourUsage(Instant hour, String node, WorkloadKey workload, String container,
                                 BigDecimal cpuRequestCoreSeconds, BigDecimal cpuUsageCoreSeconds,
                                 BigDecimal memoryRequestByteSeconds, BigDecimal memoryUsageByteSeconds) {
}
