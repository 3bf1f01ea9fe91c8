package dev.tally.local.fleet.sim;

import dev.tally.local.fleet.model.ClusterSpec;
import dev.tally.local.fleet.model.ContainerSpec;
import dev.tally.local.fleet.model.NamespaceSpec;
import dev.tally.local.fleet.model.NodePoolSpec;
import dev.tally.local.fleet.model.Resources;
import dev.tally.local.fleet.model.WorkloadSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where replicas run: each Deployment/StatefulSet replica gets a fixed node of its pool's
 * always-on nodes, chosen once as the scheduler would (fits the node's allocatable after the
 * DaemonSets; prefers nodes without a sibling replica, then the least allocated node). A
 * replica keeps its node across rollouts. CronJob pods go to the nodes with room left for them.
 * A spec that does not fit is rejected when the cluster is built, not discovered at render time.
 */
final class Placement {

    private final Map<String, NodePlan> slotNodes = new HashMap<>();
    private final Map<String, List<NodePlan>> cronJobNodes = new HashMap<>();

    Placement(ClusterSpec spec, List<NodePlan> baseNodes) {
        Resources daemons = daemonSetRequests(spec);
        for (NodePoolSpec pool : spec.pools()) {
            List<NodePlan> nodes = baseNodes.stream().filter(n -> n.pool().equals(pool)).toList();
            long[] freeCpu = new long[nodes.size()];
            long[] freeMem = new long[nodes.size()];
            for (int i = 0; i < nodes.size(); i++) {
                freeCpu[i] = nodes.get(i).allocatableCpuMillis() - daemons.cpuMillis();
                freeMem[i] = nodes.get(i).allocatableMemoryBytes() - daemons.memoryBytes();
            }
            placeReplicas(spec, pool, nodes, freeCpu, freeMem);
            placeCronJobs(spec, pool, nodes, freeCpu, freeMem);
            checkBurstNodes(spec, pool, daemons);
        }
    }

    NodePlan replicaNode(String namespace, String workload, int replica) {
        NodePlan n = slotNodes.get(slotKey(namespace, workload, replica));
        if (n == null) {
            throw new IllegalStateException("no placement for " + namespace + "/" + workload + "#" + replica);
        }
        return n;
    }

    List<NodePlan> cronJobNodes(String namespace, String cronJob) {
        return cronJobNodes.get(namespace + "/" + cronJob);
    }

    static Resources podRequests(List<ContainerSpec> containers) {
        int cpu = 0;
        long mem = 0;
        for (ContainerSpec c : containers) {
            cpu += c.effectiveRequests().cpuMillis();
            mem += c.effectiveRequests().memoryBytes();
        }
        return new Resources(cpu, mem);
    }

    private static Resources daemonSetRequests(ClusterSpec spec) {
        int cpu = 0;
        long mem = 0;
        for (NamespaceSpec ns : spec.namespaces()) {
            for (WorkloadSpec w : ns.workloads()) {
                if (w instanceof WorkloadSpec.DaemonSet) {
                    Resources r = podRequests(w.containers());
                    cpu += r.cpuMillis();
                    mem += r.memoryBytes();
                }
            }
        }
        return new Resources(cpu, mem);
    }

    private record Slot(String namespace, WorkloadSpec workload, int replica, Resources requests) {
    }

    private void placeReplicas(ClusterSpec spec, NodePoolSpec pool, List<NodePlan> nodes, long[] freeCpu,
                               long[] freeMem) {
        List<Slot> slots = new ArrayList<>();
        for (NamespaceSpec ns : spec.namespaces()) {
            for (WorkloadSpec w : ns.workloads()) {
                int replicas = w instanceof WorkloadSpec.Deployment d ? d.replicas()
                        : w instanceof WorkloadSpec.StatefulSet s ? s.replicas() : 0;
                if (replicas > 0 && w.pool().equals(pool.name())) {
                    for (int i = 0; i < replicas; i++) {
                        slots.add(new Slot(ns.name(), w, i, podRequests(w.containers())));
                    }
                }
            }
        }
        // Biggest first (first-fit decreasing); ties keep spec order, so placement is deterministic.
        slots.sort(Comparator.comparingLong((Slot s) -> -s.requests().cpuMillis())
                .thenComparingLong(s -> -s.requests().memoryBytes()));
        Map<Integer, Set<String>> workloadsOnNode = new HashMap<>();
        for (Slot s : slots) {
            String workloadKey = s.namespace() + "/" + s.workload().name();
            int best = -1;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < nodes.size(); i++) {
                if (freeCpu[i] < s.requests().cpuMillis() || freeMem[i] < s.requests().memoryBytes()) {
                    continue;
                }
                boolean sibling = workloadsOnNode.getOrDefault(i, Set.of()).contains(workloadKey);
                double leastAllocated = (double) freeCpu[i] / nodes.get(i).allocatableCpuMillis()
                        + (double) freeMem[i] / nodes.get(i).allocatableMemoryBytes();
                double score = (sibling ? 0 : 10) + leastAllocated;
                if (score > bestScore) {
                    bestScore = score;
                    best = i;
                }
            }
            if (best < 0) {
                throw new IllegalArgumentException(spec.name() + ": pool " + pool.name() + " has no room for "
                        + workloadKey + " replica " + s.replica());
            }
            freeCpu[best] -= s.requests().cpuMillis();
            freeMem[best] -= s.requests().memoryBytes();
            workloadsOnNode.computeIfAbsent(best, k -> new HashSet<>()).add(workloadKey);
            slotNodes.put(slotKey(s.namespace(), s.workload().name(), s.replica()), nodes.get(best));
        }
    }

    private void placeCronJobs(ClusterSpec spec, NodePoolSpec pool, List<NodePlan> nodes, long[] freeCpu,
                               long[] freeMem) {
        for (NamespaceSpec ns : spec.namespaces()) {
            for (WorkloadSpec w : ns.workloads()) {
                if (w instanceof WorkloadSpec.CronJob cj && cj.pool().equals(pool.name())) {
                    Resources r = podRequests(cj.containers());
                    List<NodePlan> fit = new ArrayList<>();
                    for (int i = 0; i < nodes.size(); i++) {
                        if (freeCpu[i] >= r.cpuMillis() && freeMem[i] >= r.memoryBytes()) {
                            fit.add(nodes.get(i));
                        }
                    }
                    if (fit.isEmpty()) {
                        throw new IllegalArgumentException(spec.name() + ": pool " + pool.name()
                                + " has no room for CronJob " + ns.name() + "/" + cj.name());
                    }
                    cronJobNodes.put(ns.name() + "/" + cj.name(), List.copyOf(fit));
                }
            }
        }
    }

    private static void checkBurstNodes(ClusterSpec spec, NodePoolSpec pool, Resources daemons) {
        long cpu = daemons.cpuMillis();
        long mem = daemons.memoryBytes();
        for (NamespaceSpec ns : spec.namespaces()) {
            for (WorkloadSpec w : ns.workloads()) {
                if (w instanceof WorkloadSpec.Deployment d && d.pool().equals(pool.name()) && d.burstReplicasPerNode() > 0) {
                    if (!pool.scalesOut()) {
                        throw new IllegalArgumentException(spec.name() + ": " + d.name() + " has burst replicas but pool "
                                + pool.name() + " does not scale out");
                    }
                    Resources r = podRequests(d.containers());
                    cpu += (long) r.cpuMillis() * d.burstReplicasPerNode();
                    mem += r.memoryBytes() * d.burstReplicasPerNode();
                }
            }
        }
        if (cpu > pool.vmSize().allocatableCpuMillis() || mem > pool.vmSize().allocatableMemoryBytes(pool.maxPods())) {
            throw new IllegalArgumentException(spec.name() + ": burst replicas do not fit a " + pool.name() + " node");
        }
    }

    private static String slotKey(String namespace, String workload, int replica) {
        return namespace + "/" + workload + "#" + replica;
    }
}
