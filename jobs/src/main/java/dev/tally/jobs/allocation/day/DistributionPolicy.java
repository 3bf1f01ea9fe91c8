package dev.tally.jobs.allocation.day;

/** How idle or shared cost is handed on to the workloads of the cluster and day. */
public enum DistributionPolicy {
    /** Kept in its own bucket ({@code __idle__}, {@code __shared__}). */
    NONE,
    /** In proportion to each workload's CPU and memory usage, valued at the CPU:RAM weighting's prices. */
    BY_USAGE,
    /** In proportion to each workload's CPU and memory requests, valued at the CPU:RAM weighting's prices. */
    BY_REQUESTS,
    /** Equally to every workload. */
    EVEN
}
