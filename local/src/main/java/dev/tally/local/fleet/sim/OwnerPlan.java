package dev.tally.local.fleet.sim;

/**
 * An intermediate owner object kube-state-metrics reports: a ReplicaSet owned by its
 * Deployment, or a Job owned by its CronJob; visible over {@code [created, deleted)}.
 */
public record OwnerPlan(Kind kind, String namespace, String name, String ownerKind, String ownerName,
                        long created, long deleted) {

    public enum Kind { REPLICA_SET, JOB }

    public boolean visibleAt(long t) {
        return created <= t && t < deleted;
    }
}
