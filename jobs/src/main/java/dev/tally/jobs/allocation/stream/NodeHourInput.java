package dev.tally.jobs.allocation.stream;

import java.math.BigDecimal;

/**
 * A node row of {@code tally.usage.v1}: a node in one hour, its pool, VM size, scale set and
 * capacity, and the seconds it existed in the hour.
 */
public record NodeHourInput(String id, long hourEpochSecond, String node, String nodePool, String vmSize,
                            String vmssResourceId, BigDecimal cpuCores, BigDecimal memoryBytes,
                            BigDecimal secondsPresent, long version) {
}
