package dev.tally.jobs.allocation.node;

import java.math.BigDecimal;

/**
 * What one container reserved and used of its node in one hour (a {@code usage_hourly} row):
 * it is charged for the larger of the two, per resource, since a request blocks capacity
 * whether it is used or not and usage beyond the request takes capacity nobody reserved.
 */
public record ContainerDemand(String container, BigDecimal cpuRequestCoreSeconds, BigDecimal cpuUsageCoreSeconds,
                              BigDecimal memoryRequestByteSeconds, BigDecimal memoryUsageByteSeconds) {

    public BigDecimal chargedCpuCoreSeconds() {
        return cpuRequestCoreSeconds.max(cpuUsageCoreSeconds);
    }

    public BigDecimal chargedMemoryByteSeconds() {
        return memoryRequestByteSeconds.max(memoryUsageByteSeconds);
    }
}
