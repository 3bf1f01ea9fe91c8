package dev.tally.jobs.rightsizing.signals;

import dev.tally.common.rightsizing.ContainerRef;

/**
 * One observation of one container of one pod, attributed to its workload: the rightsizing
 * job's element between the per-cluster and the per-container steps.
 */
public record ContainerSignal(ContainerRef container, String pod, long timestampMillis, SignalKind kind, double value)
        implements java.io.Serializable {
}
