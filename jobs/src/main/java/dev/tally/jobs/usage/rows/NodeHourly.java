package dev.tally.jobs.usage.rows;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;

/** A row of {@code node_hourly}: one node in one UTC hour, as kube-state-metrics saw it. */
public record NodeHourly(Instant hour, String cluster, String node, String nodePool, String vmSize,
                         String vmssResourceId, String providerId,
                         double capacityCpuCores, double capacityMemoryBytes,
                         double allocatableCpuCores, double allocatableMemoryBytes,
                         BigDecimal secondsPresent, long version) implements Serializable {
}
