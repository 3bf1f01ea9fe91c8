package dev.tally.jobs.allocation.stream;

import dev.tally.common.deadletter.SourcePosition;

/**
 * One input record of the allocation job, keyed by cluster and UTC day (ISO date); exactly one of
 * the five rows (usage, node, volume, cost, log) or a run notice ({@link CostRunDirectory}) is set. A flat record rather than a sealed type, so Flink's record serializer
 * carries it (a sealed interface would fall back to Kryo). {@code cluster} is empty for cost rows
 * outside any cluster.
 */
public record AllocationInput(String cluster, String day, ContainerHourInput container, NodeHourInput node,
                              VolumeHourInput volume, CostLineInput cost, CostRunNotice run, LogHourInput log,
                              SourcePosition position) {

    public static AllocationInput of(String cluster, String day, ContainerHourInput row) {
        return new AllocationInput(cluster, day, row, null, null, null, null, null, null);
    }

    public static AllocationInput of(String cluster, String day, NodeHourInput row) {
        return new AllocationInput(cluster, day, null, row, null, null, null, null, null);
    }

    public static AllocationInput of(String cluster, String day, VolumeHourInput row) {
        return new AllocationInput(cluster, day, null, null, row, null, null, null, null);
    }

    public static AllocationInput of(String cluster, String day, CostLineInput row) {
        return new AllocationInput(cluster, day, null, null, null, row, null, null, null);
    }

    /** Tells a cluster-day that a run of one of its cost groups exists. */
    public static AllocationInput of(String cluster, String day, CostRunNotice notice) {
        return new AllocationInput(cluster, day, null, null, null, null, notice, null, null);
    }

    public static AllocationInput of(String cluster, String day, LogHourInput row) {
        return new AllocationInput(cluster, day, null, null, null, null, null, row, null);
    }

    /** The same input, with where it was read (for a dead letter if its day has expired; never kept in state). */
    public AllocationInput at(SourcePosition where) {
        return new AllocationInput(cluster, day, container, node, volume, cost, run, log, where);
    }

    /** The key: cluster and day. */
    public String clusterDay() {
        return cluster + "|" + day;
    }
}
