package dev.tally.jobs.allocation.day;

import java.math.BigDecimal;
import java.time.Instant;

/** A node in one hour ({@code node_hourly}): what it could hold while it existed. */
public record NodeHourUsage(String node, Instant hour, BigDecimal cpuCores, BigDecimal memoryBytes,
                            BigDecimal secondsPresent) {
}
