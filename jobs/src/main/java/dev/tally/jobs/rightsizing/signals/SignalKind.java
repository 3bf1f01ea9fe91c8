package dev.tally.jobs.rightsizing.signals;

/** What one {@link ContainerSignal} says about a container of one pod at one instant. */
public enum SignalKind {
    /** CPU used between the previous and this sample of the usage counter, in cores. */
    CPU_CORES,
    /** Working set at this instant, in bytes. */
    MEMORY_BYTES,
    /** OOM kills since the previous restart-counter sample (value = how many). */
    OOM_KILLS,
    /** CFS periods since the previous sample. */
    CFS_PERIODS,
    /** Throttled CFS periods since the previous sample. */
    CFS_THROTTLED_PERIODS,
    CPU_REQUEST_CORES,
    CPU_LIMIT_CORES,
    MEMORY_REQUEST_BYTES,
    MEMORY_LIMIT_BYTES,
    /** How many containers the pod has (the VPA's pod minimum is divided among them). */
    CONTAINERS_IN_POD
}
