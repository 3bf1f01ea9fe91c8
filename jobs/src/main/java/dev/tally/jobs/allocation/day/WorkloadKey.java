package dev.tally.jobs.allocation.day;

/**
 * What a cost is charged to: a workload (namespace, controller kind, name), or one of the
 * cluster's own buckets, which keep what is not any workload's visible.
 */
public record WorkloadKey(String namespace, String kind, String name) {
    /** What nobody uses, when the idle policy keeps it undistributed. */
    public static final WorkloadKey IDLE = new WorkloadKey("__idle__", "", "");
    /** Cluster-wide costs (control plane, load balancers, platform namespaces …) kept undistributed. */
    public static final WorkloadKey SHARED = new WorkloadKey("__shared__", "", "");
    /** Cost rows of the cluster that match nothing Kubernetes reported (a VM it never saw that day). */
    public static final WorkloadKey UNALLOCATED = new WorkloadKey("__unallocated__", "", "");
    /** Marks a cluster-day that has no cost any more (its cost rows were restated away): one zero row. */
    public static final WorkloadKey NO_COST = new WorkloadKey("__no_cost__", "", "");

    public boolean isBucket() {
        return namespace.startsWith("__");
    }
}
