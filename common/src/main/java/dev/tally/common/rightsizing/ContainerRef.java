package dev.tally.common.rightsizing;

import java.io.Serializable;
import java.util.Objects;

/**
 * One container of a workload, across all its replicas: what a recommendation is for and the
 * key of {@code tally.rightsizing.v1} (the topic keeps the latest recommendation per container).
 *
 * @param workloadKind the owner's kind as Kubernetes names it: Deployment, StatefulSet, DaemonSet,
 *                     CronJob, Job, or Pod for a bare pod
 */
public record ContainerRef(String cluster, String namespace, String workloadKind, String workloadName,
                           String container) implements Serializable {

    public ContainerRef {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(workloadKind, "workloadKind");
        Objects.requireNonNull(workloadName, "workloadName");
        Objects.requireNonNull(container, "container");
    }
}
