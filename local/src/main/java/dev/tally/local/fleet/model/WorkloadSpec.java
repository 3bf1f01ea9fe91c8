package dev.tally.local.fleet.model;

import java.time.Duration;
import java.util.List;

/**
 * A workload as its owning team declares it. Every kind knows its pod template (containers)
 * and how often it is rolled out (new pods, new names, new uids): {@code rolloutEveryDays}
 * is the mean gap between rollouts, 0 for never; rollouts happen on weekday mornings
 * (05:00–07:00 UTC, the release train), before the business-hours node scale-out.
 */
public sealed interface WorkloadSpec {

    String name();

    List<ContainerSpec> containers();

    /** The Kubernetes kind: Deployment, StatefulSet, DaemonSet, CronJob. */
    String kind();

    /** Node pool the pods are scheduled on (DaemonSets: every node). */
    String pool();

    /** Priority class of the pods ("" for none). */
    String priorityClass();

    /**
     * Replicas spread over the pool's always-on nodes; {@code burstReplicasPerNode} more per
     * node the pool scales out with (an HPA scaling on the same signal as the cluster autoscaler).
     */
    record Deployment(String name, String pool, int replicas, int rolloutEveryDays, int burstReplicasPerNode,
                      String priorityClass, List<ContainerSpec> containers) implements WorkloadSpec {
        public Deployment {
            containers = List.copyOf(containers);
            requireRollout(name, rolloutEveryDays);
            if (replicas < 1 || burstReplicasPerNode < 0) {
                throw new IllegalArgumentException(name + ": bad replica counts");
            }
        }

        @Override
        public String kind() {
            return "Deployment";
        }
    }

    /** Pods {@code <name>-0 … <name>-(n-1)}, each with its own claim from {@code volumeClaimTemplate} (may be null). */
    record StatefulSet(String name, String pool, int replicas, int rolloutEveryDays, VolumeClaimSpec volumeClaimTemplate,
                       String priorityClass, List<ContainerSpec> containers) implements WorkloadSpec {
        public StatefulSet {
            containers = List.copyOf(containers);
            requireRollout(name, rolloutEveryDays);
            if (replicas < 1) {
                throw new IllegalArgumentException(name + ": bad replica count");
            }
        }

        @Override
        public String kind() {
            return "StatefulSet";
        }
    }

    /** One pod on every node of every pool. */
    record DaemonSet(String name, int rolloutEveryDays, String priorityClass, List<ContainerSpec> containers)
            implements WorkloadSpec {
        public DaemonSet {
            containers = List.copyOf(containers);
            requireRollout(name, rolloutEveryDays);
        }

        @Override
        public String kind() {
            return "DaemonSet";
        }

        @Override
        public String pool() {
            return "";
        }
    }

    /**
     * A Job every {@code every} (aligned to the epoch, shifted by {@code offset}), running between
     * {@code minRun} and {@code maxRun}. The controller keeps the last 3 successful Jobs (and their
     * completed pods, which kube-state-metrics keeps reporting with their requests).
     */
    record CronJob(String name, String pool, Duration every, Duration offset, Duration minRun, Duration maxRun,
                   List<ContainerSpec> containers) implements WorkloadSpec {
        public static final int SUCCESSFUL_JOBS_HISTORY_LIMIT = 3;

        public CronJob {
            containers = List.copyOf(containers);
            if (every.toSeconds() < 60 || every.toSeconds() % 60 != 0 || offset.isNegative()
                    || minRun.compareTo(maxRun) > 0 || maxRun.compareTo(every) >= 0) {
                throw new IllegalArgumentException(name + ": bad schedule");
            }
        }

        @Override
        public String kind() {
            return "CronJob";
        }

        @Override
        public int rolloutEveryDays() {
            return 0;
        }

        @Override
        public String priorityClass() {
            return "";
        }
    }

    /** Mean days between rollouts; 0 = never. */
    int rolloutEveryDays();

    private static void requireRollout(String name, int days) {
        if (days != 0 && days < 3) {
            throw new IllegalArgumentException(name + ": rollouts at least 3 days apart (or 0 for never)");
        }
    }
}
