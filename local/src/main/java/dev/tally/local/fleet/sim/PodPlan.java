package dev.tally.local.fleet.sim;

import dev.tally.local.fleet.model.NamespaceSpec;
import dev.tally.local.fleet.model.WorkloadSpec;

import java.util.List;

/**
 * One pod over its life, decided in advance from (seed, spec, time):
 * <ul>
 *   <li>{@code created}: the pod object appears (kube-state-metrics sees it from the next scrape);</li>
 *   <li>{@code runStart}: its containers first start (phase Running);</li>
 *   <li>{@code lastRunTick}: the last scrape at which its containers run; they stop right after it
 *       (deleted, or completed for Job pods), so no CPU is used that no scrape observes;</li>
 *   <li>{@code deleted}: the pod object disappears ({@code lastRunTick + 1} unless a completed Job pod is
 *       kept with its Job).</li>
 * </ul>
 * {@code ownerKind}/{@code ownerName} are the controller reference (ReplicaSet, StatefulSet, DaemonSet, Job).
 */
public record PodPlan(NamespaceSpec namespace, int namespaceIndex, WorkloadSpec workload, int workloadIndex,
                      String name, String uid, NodePlan node, String ownerKind, String ownerName,
                      long created, long runStart, long lastRunTick, long deleted, String podIp, QosClass qos,
                      List<ContainerPlan> containers, List<VolumePlan> volumes, long key) {

    public enum Phase {
        PENDING("Pending"), RUNNING("Running"), SUCCEEDED("Succeeded");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public PodPlan {
        containers = List.copyOf(containers);
        volumes = List.copyOf(volumes);
        if (!(created < runStart && runStart <= lastRunTick && lastRunTick < deleted)) {
            throw new IllegalStateException("inconsistent lifecycle of pod " + name);
        }
    }

    public String namespaceName() {
        return namespace.name();
    }

    public boolean visibleAt(long t) {
        return created <= t && t < deleted;
    }

    public Phase phaseAt(long t) {
        if (t < runStart) {
            return Phase.PENDING;
        }
        return t <= lastRunTick ? Phase.RUNNING : Phase.SUCCEEDED;
    }

    /** The first tick whose interval can hold this pod's activity (creation or first start). */
    public long activationTick(Clock clock) {
        return Math.min(clock.ceilTick(created), clock.floorTick(runStart - 1));
    }
}
