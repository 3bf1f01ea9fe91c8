package dev.tally.jobs.allocation.day;

/** The categories of {@code cost_allocation_daily}. */
public enum CostCategory {
    /** Node cost charged for max(request, usage) of CPU and memory. */
    COMPUTE,
    /** Persistent volumes' disks, charged to their claim's namespace. */
    STORAGE,
    /** Load balancers and public IPs (charged to a Service's namespace when the IP says which). */
    NETWORK,
    /** The AKS cluster resource itself: uptime SLA, Defender, … */
    CONTROL_PLANE,
    /** Other cluster-wide costs, and the compute of platform namespaces. */
    SHARED,
    /** Node capacity nobody requested or used. */
    IDLE,
    /** Cluster cost rows that match nothing Kubernetes reported; rows outside clusters with no team or namespace tag. */
    UNALLOCATED,
    /** Azure resources outside the clusters, charged to the team or namespace their tags name. */
    EXTERNAL,
    /** Log volume: body bytes × the configured price per GiB; not a line of the invoice, so outside its conservation. */
    LOGS,
    /** A zero row: the cluster-day has no cost any more (a restatement removed its rows); it replaces the older rows. */
    NO_COST
}
