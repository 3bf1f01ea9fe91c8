package dev.tally.local.fleet.truth;

import dev.tally.local.fleet.model.ContainerSpec;
import dev.tally.local.fleet.render.Family;
import dev.tally.local.fleet.sim.ClusterRun;
import dev.tally.local.fleet.sim.ContainerStepper;
import dev.tally.local.fleet.sim.NodePlan;
import dev.tally.local.fleet.sim.OwnerPlan;
import dev.tally.local.fleet.sim.PodPlan;
import dev.tally.local.fleet.sim.PodState;
import dev.tally.local.fleet.sim.VolumePlan;

/**
 * How many samples of each family a cluster exposes at a tick, counted from the model's
 * objects by the exporters' rules (one kube_pod_info per pod, five phase series per pod, a
 * request series per set resource, cAdvisor series per running container, …) — a second,
 * independent statement of what the renderer must produce, which the tests hold it to.
 */
final class SampleCensus {

    private SampleCensus() {
    }

    static void count(ClusterRun run, long t, long[] perFamily) {
        if (t < run.timeline().origin()) {
            return;
        }
        add(perFamily, Family.KUBE_NAMESPACE_LABELS, run.timeline().spec().namespaces().size());
        for (NodePlan n : run.visibleNodes()) {
            add(perFamily, Family.KUBE_NODE_INFO, 1);
            add(perFamily, Family.KUBE_NODE_LABELS, 1);
            add(perFamily, Family.KUBE_NODE_CREATED, 1);
            add(perFamily, Family.KUBE_NODE_STATUS_CAPACITY, 4);     // cpu, memory, pods, ephemeral_storage
            add(perFamily, Family.KUBE_NODE_STATUS_ALLOCATABLE, 4);
            add(perFamily, Family.MACHINE_CPU_CORES, 1);
            add(perFamily, Family.MACHINE_MEMORY_BYTES, 1);
        }
        for (VolumePlan v : run.timeline().volumes()) {
            if (v.visibleAt(t)) {
                add(perFamily, Family.KUBE_PERSISTENTVOLUMECLAIM_INFO, 1);
                add(perFamily, Family.KUBE_PERSISTENTVOLUMECLAIM_RESOURCE_REQUESTS_STORAGE_BYTES, 1);
                add(perFamily, Family.KUBE_PERSISTENTVOLUME_INFO, 1);
                add(perFamily, Family.KUBE_PERSISTENTVOLUME_CAPACITY_BYTES, 1);
                add(perFamily, Family.KUBE_PERSISTENTVOLUME_CLAIM_REF, 1);
            }
        }
        for (OwnerPlan o : run.visibleOwners()) {
            add(perFamily, o.kind() == OwnerPlan.Kind.REPLICA_SET ? Family.KUBE_REPLICASET_OWNER : Family.KUBE_JOB_OWNER, 1);
        }
        for (PodState p : run.pods()) {
            PodPlan plan = p.plan();
            if (!plan.visibleAt(t)) {
                continue;
            }
            PodPlan.Phase phase = plan.phaseAt(t);
            add(perFamily, Family.KUBE_POD_INFO, 1);
            add(perFamily, Family.KUBE_POD_OWNER, 1);
            add(perFamily, Family.KUBE_POD_STATUS_PHASE, 5);          // Pending, Succeeded, Failed, Unknown, Running
            add(perFamily, Family.KUBE_POD_START_TIME, 1);
            if (phase == PodPlan.Phase.SUCCEEDED) {
                add(perFamily, Family.KUBE_POD_COMPLETION_TIME, 1);
            }
            add(perFamily, Family.KUBE_POD_SPEC_VOLUMES_PERSISTENTVOLUMECLAIMS_INFO, plan.volumes().size());
            for (ContainerStepper c : p.containers()) {
                ContainerSpec spec = c.plan().spec();
                add(perFamily, Family.KUBE_POD_CONTAINER_INFO, 1);
                add(perFamily, Family.KUBE_POD_CONTAINER_RESOURCE_REQUESTS,
                        (spec.effectiveRequests().hasCpu() ? 1 : 0) + (spec.effectiveRequests().hasMemory() ? 1 : 0));
                add(perFamily, Family.KUBE_POD_CONTAINER_RESOURCE_LIMITS,
                        (spec.limits().hasCpu() ? 1 : 0) + (spec.limits().hasMemory() ? 1 : 0));
                add(perFamily, Family.KUBE_POD_CONTAINER_STATUS_RESTARTS_TOTAL, 1);
                add(perFamily, Family.KUBE_POD_CONTAINER_STATUS_RUNNING, 1);
                if (c.lastTerminationReason() != null) {
                    add(perFamily, Family.KUBE_POD_CONTAINER_STATUS_LAST_TERMINATED_REASON, 1);
                }
            }
            if (phase == PodPlan.Phase.RUNNING) {
                // the pod's own cgroup, besides its containers'
                add(perFamily, Family.CONTAINER_CPU_USAGE_SECONDS_TOTAL, 1);
                add(perFamily, Family.CONTAINER_MEMORY_WORKING_SET_BYTES, 1);
                add(perFamily, Family.KUBELET_VOLUME_STATS_USED_BYTES, plan.volumes().size());
                add(perFamily, Family.KUBELET_VOLUME_STATS_CAPACITY_BYTES, plan.volumes().size());
                for (ContainerStepper c : p.containers()) {
                    if (c.running()) {
                        add(perFamily, Family.CONTAINER_CPU_USAGE_SECONDS_TOTAL, 1);
                        add(perFamily, Family.CONTAINER_MEMORY_WORKING_SET_BYTES, 1);
                        add(perFamily, Family.CONTAINER_OOM_EVENTS_TOTAL, 1);
                        add(perFamily, Family.CONTAINER_START_TIME_SECONDS, 1);
                        if (c.plan().spec().limits().hasCpu()) {
                            add(perFamily, Family.CONTAINER_CPU_CFS_PERIODS_TOTAL, 1);
                            add(perFamily, Family.CONTAINER_CPU_CFS_THROTTLED_PERIODS_TOTAL, 1);
                        }
                    }
                }
            }
        }
    }

    private static void add(long[] perFamily, Family f, int n) {
        perFamily[f.ordinal()] += n;
    }
}
