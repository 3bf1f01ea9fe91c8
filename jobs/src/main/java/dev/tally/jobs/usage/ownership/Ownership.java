package dev.tally.jobs.usage.ownership;

import java.util.function.Function;

/**
 * A pod's workload, from kube-state-metrics' owner references:
 * <ul>
 *   <li>{@code kube_pod_owner} ReplicaSet → {@code kube_replicaset_owner}'s owner (a Deployment), or
 *       the ReplicaSet itself when it has none (a bare ReplicaSet) or its owner is not known yet;</li>
 *   <li>{@code kube_pod_owner} Job → {@code kube_job_owner}'s owner (a CronJob), or the Job;</li>
 *   <li>StatefulSet, DaemonSet and any other controller: that owner;</li>
 *   <li>no owner ({@code <none>} or absent): kind {@code Pod}, the pod's own name.</li>
 * </ul>
 */
public final class Ownership {
    public static final String NONE = "<none>";

    private Ownership() {
    }

    public record Owner(String kind, String name) implements java.io.Serializable {
        public boolean known() {
            return kind != null && !kind.isEmpty() && !NONE.equals(kind) && name != null && !name.isEmpty()
                    && !NONE.equals(name);
        }
    }

    /**
     * @param podOwner        the pod's controller from {@code kube_pod_owner} (null if not seen)
     * @param replicaSetOwner a ReplicaSet's owner by name, null if unknown
     * @param jobOwner        a Job's owner by name, null if unknown
     */
    public static Owner workload(String podName, Owner podOwner, Function<String, Owner> replicaSetOwner,
                                 Function<String, Owner> jobOwner) {
        if (podOwner == null || !podOwner.known()) {
            return new Owner("Pod", podName);
        }
        Owner parent = switch (podOwner.kind()) {
            case "ReplicaSet" -> replicaSetOwner.apply(podOwner.name());
            case "Job" -> jobOwner.apply(podOwner.name());
            default -> null;
        };
        return parent != null && parent.known() ? parent : podOwner;
    }
}
