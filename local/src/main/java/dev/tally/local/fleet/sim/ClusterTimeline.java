package dev.tally.local.fleet.sim;

import dev.tally.local.fleet.model.ClusterSpec;
import dev.tally.local.fleet.model.ContainerSpec;
import dev.tally.local.fleet.model.Names;
import dev.tally.local.fleet.model.NamespaceSpec;
import dev.tally.local.fleet.model.Noise;
import dev.tally.local.fleet.model.NodePoolSpec;
import dev.tally.local.fleet.model.Traffic;
import dev.tally.local.fleet.model.VolumeClaimSpec;
import dev.tally.local.fleet.model.WorkloadSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that exists in one cluster and when: nodes, pods, ReplicaSets, Jobs, volumes.
 * Each object's life is a pure function of (seed, spec, origin), so the objects alive in any
 * window can be listed without simulating what came before.
 */
public final class ClusterTimeline {

    /** "Never": far in the future, yet safe to add to. */
    public static final long NEVER = Rollouts.NEVER;

    private static final Comparator<PodPlan> POD_ORDER = Comparator.comparingInt(PodPlan::namespaceIndex)
            .thenComparingInt(PodPlan::workloadIndex).thenComparingLong(PodPlan::created).thenComparing(PodPlan::name);

    private final ClusterSpec spec;
    private final Clock clock;
    private final long origin;
    private final long clusterKey;
    private final String aksNumber;
    private final List<NodePlan> baseNodes = new ArrayList<>();
    private final Placement placement;
    private final Map<String, List<Integer>> burstPrefix = new HashMap<>();
    private final List<VolumePlan> volumes = new ArrayList<>();
    private final Map<String, VolumePlan> claimsByReplica = new HashMap<>();
    /** Workloads are created once every always-on node is Ready, so no pod runs on a node nobody scrapes yet. */
    private final long workloadsCreated;

    public ClusterTimeline(ClusterSpec spec, long seed, int step, long origin) {
        this.spec = spec;
        this.clock = new Clock(step);
        this.origin = origin;
        this.clusterKey = Noise.key(seed, "cluster", spec.name());
        // AKS names every pool's scale set with the same 8-digit number per cluster.
        this.aksNumber = Integer.toString(10_000_000 + Noise.below(Noise.hash(clusterKey, 8), 90_000_000));
        int ordinal = 0;
        for (int p = 0; p < spec.pools().size(); p++) {
            NodePoolSpec pool = spec.pools().get(p);
            for (int id = 0; id < pool.baseNodes(); id++) {
                long created = origin + p * 60L + id * 20L;
                long ready = created + 100 + Noise.below(Noise.hash(clusterKey, p, id), 60);
                baseNodes.add(node(pool, p, id, false, ordinal++, created, ready, NEVER));
            }
        }
        this.placement = new Placement(spec, baseNodes);
        this.workloadsCreated = baseNodes.stream().mapToLong(NodePlan::ready).max().orElse(origin) + 30;
        for (NamespaceSpec ns : spec.namespaces()) {
            for (WorkloadSpec w : ns.workloads()) {
                if (w instanceof WorkloadSpec.CronJob cj && cj.minRun().toSeconds() < 2L * step) {
                    throw new IllegalArgumentException(cj.name() + ": runs shorter than two scrapes are never observed");
                }
            }
        }
        buildVolumes();
    }

    public ClusterSpec spec() {
        return spec;
    }

    public Clock clock() {
        return clock;
    }

    public long origin() {
        return origin;
    }

    public List<VolumePlan> volumes() {
        return List.copyOf(volumes);
    }

    // ------------------------------------------------------------------ nodes

    /** Nodes whose VM exists at some point of {@code [from, to)}, ordered by pool and instance id. */
    public List<NodePlan> nodesOverlapping(long from, long to) {
        List<NodePlan> out = new ArrayList<>();
        for (int p = 0; p < spec.pools().size(); p++) {
            for (NodePlan n : baseNodes) {
                if (n.poolIndex() == p && n.created() < to && n.deleted() > from) {
                    out.add(n);
                }
            }
            for (NodePlan n : burstNodes(p, from, to)) {
                if (n.created() < to && n.deleted() > from) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    private List<NodePlan> burstNodes(int poolIndex, long from, long to) {
        NodePoolSpec pool = spec.pools().get(poolIndex);
        List<NodePlan> out = new ArrayList<>();
        if (!pool.scalesOut()) {
            return out;
        }
        long firstDay = Math.max(firstBurstDay(), Clock.epochDay(from) - 1);
        for (long day = firstDay; day <= Clock.epochDay(to); day++) {
            out.addAll(burstNodesOn(poolIndex, day));
        }
        return out;
    }

    private long firstBurstDay() {
        return Clock.epochDay(origin) + 1;
    }

    private int burstCount(int poolIndex, long day) {
        NodePoolSpec pool = spec.pools().get(poolIndex);
        if (!pool.scalesOut() || Traffic.isWeekend(day * Clock.DAY)) {
            return 0;
        }
        return 1 + Noise.below(Noise.hash(clusterKey, Noise.key(pool.name()), day), pool.autoscale().maxBurstNodes());
    }

    /** VMSS instance ids only grow: a day's new nodes continue after all earlier days' nodes. */
    private int firstBurstInstanceId(int poolIndex, long day) {
        NodePoolSpec pool = spec.pools().get(poolIndex);
        List<Integer> prefix = burstPrefix.computeIfAbsent(pool.name(), k -> new ArrayList<>(List.of(0)));
        int index = (int) (day - firstBurstDay());
        while (prefix.size() <= index) {
            long d = firstBurstDay() + prefix.size() - 1;
            prefix.add(prefix.get(prefix.size() - 1) + burstCount(poolIndex, d));
        }
        return pool.baseNodes() + prefix.get(index);
    }

    private List<NodePlan> burstNodesOn(int poolIndex, long day) {
        NodePoolSpec pool = spec.pools().get(poolIndex);
        int count = burstCount(poolIndex, day);
        List<NodePlan> out = new ArrayList<>(count);
        int firstId = count == 0 ? 0 : firstBurstInstanceId(poolIndex, day);
        long dayStart = day * Clock.DAY;
        for (int j = 0; j < count; j++) {
            long h = Noise.hash(clusterKey, Noise.key(pool.name()), day, j);
            long created = dayStart + pool.autoscale().scaleOutHourUtc() * Clock.HOUR + Noise.below(h, 2400) + j * 180L;
            long ready = created + 90 + Noise.below(Noise.hash(h, 1), 60);
            long deleted = dayStart + pool.autoscale().scaleInHourUtc() * Clock.HOUR + Noise.below(Noise.hash(h, 2), 2400)
                    + j * 240L;
            out.add(node(pool, poolIndex, firstId + j, true, -1, created, ready, deleted));
        }
        return out;
    }

    private NodePlan node(NodePoolSpec pool, int poolIndex, int id, boolean burst, int baseOrdinal, long created,
                          long ready, long deleted) {
        String vmss = "aks-" + pool.name() + "-" + aksNumber + "-vmss";
        String name = vmss + Names.vmssInstanceSuffix(id);
        String rg = spec.nodeResourceGroup();
        String vmssId = "/subscriptions/" + spec.subscriptionId() + "/resourceGroups/" + rg
                + "/providers/Microsoft.Compute/virtualMachineScaleSets/" + vmss;
        // The cloud provider writes the resource group lower-cased into the node's providerID.
        String providerId = "azure:///subscriptions/" + spec.subscriptionId() + "/resourceGroups/" + rg.toLowerCase()
                + "/providers/Microsoft.Compute/virtualMachineScaleSets/" + vmss + "/virtualMachines/" + id;
        String ip = "10.224." + (poolIndex * 4 + (id / 240) % 4) + "." + (4 + id % 240);
        String podCidr = "10.244." + ((poolIndex * 40 + id) % 256) + ".0/24";
        String zone = spec.region() + "-" + (1 + id % 3);
        long h = Noise.hash(clusterKey, Noise.key(name));
        return new NodePlan(name, pool, poolIndex, id, burst, baseOrdinal, vmss, vmssId, providerId, ip, podCidr, zone,
                Names.uuid(Noise.hash(h, 1)), Names.uuid(Noise.hash(h, 2)), created, ready, deleted);
    }

    // ------------------------------------------------------------------ pods

    /** Pods that exist at some point of {@code [from, to)}, in a fixed order (namespace, workload, creation, name). */
    public List<PodPlan> podsOverlapping(long from, long to) {
        List<PodPlan> out = new ArrayList<>();
        List<NodePlan> nodes = nodesOverlapping(from, to);
        for (int ni = 0; ni < spec.namespaces().size(); ni++) {
            NamespaceSpec ns = spec.namespaces().get(ni);
            for (int wi = 0; wi < ns.workloads().size(); wi++) {
                WorkloadSpec w = ns.workloads().get(wi);
                PodFactory f = new PodFactory(ni, ns, wi, w);
                if (w instanceof WorkloadSpec.Deployment d) {
                    deploymentPods(f, d, nodes, from, to, out);
                } else if (w instanceof WorkloadSpec.StatefulSet s) {
                    statefulSetPods(f, s, from, to, out);
                } else if (w instanceof WorkloadSpec.DaemonSet ds) {
                    daemonSetPods(f, ds, nodes, from, to, out);
                } else if (w instanceof WorkloadSpec.CronJob cj) {
                    cronJobPods(f, cj, from, to, out);
                }
            }
        }
        out.removeIf(p -> !(p.created() < to && p.deleted() > from));
        out.sort(POD_ORDER);
        return out;
    }

    private Rollouts rollouts(NamespaceSpec ns, WorkloadSpec w) {
        return new Rollouts(origin, workloadsCreated, w.rolloutEveryDays(),
                Noise.hash(clusterKey, Noise.key(ns.name()), Noise.key(w.name())));
    }

    private void deploymentPods(PodFactory f, WorkloadSpec.Deployment d, List<NodePlan> nodes, long from, long to,
                                List<PodPlan> out) {
        Rollouts r = rollouts(f.ns, d);
        for (int g = Math.max(0, r.generationAt(from) - 1); g <= r.generationAt(to - 1); g++) {
            long next = r.time(g + 1);
            String replicaSet = replicaSetName(r, d, g);
            for (int i = 0; i < d.replicas(); i++) {
                long h = Noise.hash(r.key(), g, i);
                long created = r.time(g) + i * 20L + Noise.below(h, 5);
                long runStart = created + 3 + Noise.below(Noise.hash(h, 1), 10);
                // Rolling update: old replica i goes once new replica i has been up ~half a minute.
                long end = next == NEVER ? NEVER : next + i * 20L + 45;
                out.add(f.pod(replicaSet + "-" + Names.generatedSuffix(Noise.hash(h, 2)), Noise.hash(h, 3),
                        placement.replicaNode(f.ns.name(), d.name(), i), "ReplicaSet", replicaSet,
                        created, runStart, end, List.of()));
            }
        }
        if (d.burstReplicasPerNode() > 0) {
            for (NodePlan node : nodes) {
                if (!node.burst() || !node.pool().name().equals(d.pool())) {
                    continue;
                }
                for (int j = 0; j < d.burstReplicasPerNode(); j++) {
                    long h = Noise.hash(r.key(), Noise.key(node.name()), j);
                    long created = node.ready() + 20 + j * 5L + Noise.below(h, 5);
                    long runStart = created + 3 + Noise.below(Noise.hash(h, 1), 10);
                    // The autoscaler drains the node (evicting these pods) three minutes before deleting it.
                    long end = node.deleted() - 180;
                    String replicaSet = replicaSetName(r, d, r.generationAt(created));
                    out.add(f.pod(replicaSet + "-" + Names.generatedSuffix(Noise.hash(h, 2)), Noise.hash(h, 3), node,
                            "ReplicaSet", replicaSet, created, runStart, end, List.of()));
                }
            }
        }
    }

    private static String replicaSetName(Rollouts r, WorkloadSpec.Deployment d, int generation) {
        return d.name() + "-" + Names.podTemplateHash(Noise.hash(r.key(), generation, 99));
    }

    private void statefulSetPods(PodFactory f, WorkloadSpec.StatefulSet s, long from, long to, List<PodPlan> out) {
        Rollouts r = rollouts(f.ns, s);
        int n = s.replicas();
        for (int g = Math.max(0, r.generationAt(from) - 1); g <= r.generationAt(to - 1); g++) {
            long next = r.time(g + 1);
            for (int i = 0; i < n; i++) {
                long h = Noise.hash(r.key(), g, i);
                // OrderedReady creation (0 first); rolling updates replace the highest ordinal first.
                long created = g == 0 ? r.time(0) + i * 30L : r.time(g) + (n - 1 - i) * 60L + 2;
                long runStart = created + 3 + Noise.below(Noise.hash(h, 1), 10);
                long end = next == NEVER ? NEVER : next + (n - 1 - i) * 60L;
                VolumePlan claim = claimsByReplica.get(f.ns.name() + "/" + s.name() + "#" + i);
                out.add(f.pod(s.name() + "-" + i, Noise.hash(h, 3), placement.replicaNode(f.ns.name(), s.name(), i),
                        "StatefulSet", s.name(), created, runStart, end, claim == null ? List.of() : List.of(claim)));
            }
        }
    }

    private void daemonSetPods(PodFactory f, WorkloadSpec.DaemonSet ds, List<NodePlan> nodes, long from, long to,
                               List<PodPlan> out) {
        Rollouts r = rollouts(f.ns, ds);
        for (NodePlan node : nodes) {
            long nodeKey = Noise.key(node.name());
            if (node.burst()) {
                int g = Math.max(0, r.generationAt(node.ready()));
                long h = Noise.hash(r.key(), nodeKey, g);
                long created = node.ready() + 1;
                out.add(f.pod(ds.name() + "-" + Names.generatedSuffix(Noise.hash(h, 2)), Noise.hash(h, 3), node,
                        "DaemonSet", ds.name(), created, created + 3 + Noise.below(Noise.hash(h, 1), 10),
                        clock.lastTickBefore(node.deleted() - 20), node.deleted(), List.of()));
                continue;
            }
            int m = node.baseOrdinal();
            for (int g = Math.max(0, r.generationAt(from) - 1); g <= Math.max(0, r.generationAt(to - 1)); g++) {
                long h = Noise.hash(r.key(), nodeKey, g);
                // Generation 0 lands as the node becomes Ready; later ones replace node by node, 30 s apart.
                long created = g == 0 ? node.ready() + 1 : r.time(g) + m * 30L + 3;
                long next = r.time(g + 1);
                long end = next == NEVER ? NEVER : next + m * 30L;
                out.add(f.pod(ds.name() + "-" + Names.generatedSuffix(Noise.hash(h, 2)), Noise.hash(h, 3), node,
                        "DaemonSet", ds.name(), created, created + 3 + Noise.below(Noise.hash(h, 1), 10), end,
                        List.of()));
            }
        }
    }

    /** One scheduled run of a CronJob: its Job and the pod's timeline. */
    private record CronRun(long scheduled, String jobName, long created, long runStart, long lastRunTick, long key) {
        long completion() {
            return lastRunTick + 1;
        }
    }

    private CronRun cronRun(WorkloadSpec.CronJob cj, long cronKey, long n) {
        long every = cj.every().toSeconds();
        long scheduled = n * every + cj.offset().toSeconds();
        long h = Noise.hash(cronKey, n);
        long created = scheduled + 1 + Noise.below(h, 3);
        long runStart = created + 2 + Noise.below(Noise.hash(h, 1), 8);
        long minRun = cj.minRun().toSeconds();
        long duration = minRun + Noise.below(Noise.hash(h, 2), (int) (cj.maxRun().toSeconds() - minRun + 1));
        // The CronJob controller names each Job after its scheduled time in minutes.
        return new CronRun(scheduled, cj.name() + "-" + (scheduled / 60), created, runStart,
                clock.lastTickBefore(runStart + duration), h);
    }

    private interface CronRunVisitor {
        void visit(CronRun run, long deleted);
    }

    private void forEachCronRun(NamespaceSpec ns, WorkloadSpec.CronJob cj, long from, long to, CronRunVisitor v) {
        long cronKey = Noise.hash(clusterKey, Noise.key(ns.name()), Noise.key(cj.name()));
        long every = cj.every().toSeconds();
        long offset = cj.offset().toSeconds();
        long firstAllowed = workloadsCreated + 300;
        // Completed Jobs (and their pods) linger until SUCCESSFUL_JOBS_HISTORY_LIMIT newer ones completed.
        long lookback = (WorkloadSpec.CronJob.SUCCESSFUL_JOBS_HISTORY_LIMIT + 1) * every + cj.maxRun().toSeconds() + 600;
        long nFirst = -Math.floorDiv(-(Math.max(firstAllowed, from - lookback) - offset), every);
        long nLast = Math.floorDiv(to - 1 - offset, every);
        for (long n = nFirst; n <= nLast; n++) {
            CronRun run = cronRun(cj, cronKey, n);
            if (run.scheduled() < firstAllowed) {
                continue;
            }
            CronRun gcBy = cronRun(cj, cronKey, n + WorkloadSpec.CronJob.SUCCESSFUL_JOBS_HISTORY_LIMIT);
            v.visit(run, gcBy.completion());
        }
    }

    private void cronJobPods(PodFactory f, WorkloadSpec.CronJob cj, long from, long to, List<PodPlan> out) {
        List<NodePlan> candidates = placement.cronJobNodes(f.ns.name(), cj.name());
        forEachCronRun(f.ns, cj, from, to, (run, deleted) -> {
            NodePlan node = candidates.get(Noise.below(Noise.hash(run.key(), 5), candidates.size()));
            out.add(f.pod(run.jobName() + "-" + Names.generatedSuffix(Noise.hash(run.key(), 6)), Noise.hash(run.key(), 7),
                    node, "Job", run.jobName(), run.created(), run.runStart(), run.lastRunTick(), deleted, List.of()));
        });
    }

    /** Builds pods of one workload: names, uid, noise keys, containers. */
    private final class PodFactory {
        final int namespaceIndex;
        final NamespaceSpec ns;
        final int workloadIndex;
        final WorkloadSpec workload;
        final QosClass qos;

        PodFactory(int namespaceIndex, NamespaceSpec ns, int workloadIndex, WorkloadSpec workload) {
            this.namespaceIndex = namespaceIndex;
            this.ns = ns;
            this.workloadIndex = workloadIndex;
            this.workload = workload;
            this.qos = QosClass.of(workload.containers());
        }

        /** A pod that runs until just before {@code end} and is deleted right after. */
        PodPlan pod(String name, long uidKey, NodePlan node, String ownerKind, String ownerName, long created,
                    long runStart, long end, List<VolumePlan> claims) {
            long lastRunTick = end == NEVER ? NEVER : clock.lastTickBefore(end);
            return pod(name, uidKey, node, ownerKind, ownerName, created, runStart, lastRunTick,
                    end == NEVER ? NEVER + 1 : lastRunTick + 1, claims);
        }

        PodPlan pod(String name, long uidKey, NodePlan node, String ownerKind, String ownerName, long created,
                    long runStart, long lastRunTick, long deleted, List<VolumePlan> claims) {
            String uid = Names.uuid(uidKey);
            long key = Noise.hash(clusterKey, Noise.key(ns.name()), Noise.key(name), Noise.key(uid));
            List<ContainerPlan> containers = new ArrayList<>(workload.containers().size());
            for (ContainerSpec c : workload.containers()) {
                containers.add(new ContainerPlan(c, Noise.hash(key, Noise.key(c.name())), imageId(c.image())));
            }
            String podIp = node.podCidr().substring(0, node.podCidr().lastIndexOf('.')) + "." + (2 + Noise.below(key, 250));
            return new PodPlan(ns, namespaceIndex, workload, workloadIndex, name, uid, node, ownerKind, ownerName,
                    created, runStart, lastRunTick, deleted, podIp, qos, containers, claims, key);
        }
    }

    /** The digest reference the runtime reports: repository@sha256:… (the digest is made up, but stable per image). */
    private static String imageId(String image) {
        String resolved = Names.resolvedImage(image);
        int slash = resolved.lastIndexOf('/');
        int colon = resolved.lastIndexOf(':');
        String repository = colon > slash ? resolved.substring(0, colon) : resolved;
        return repository + "@sha256:" + Names.hex(Noise.key(resolved), 64);
    }

    // ------------------------------------------------------------------ owners

    /** ReplicaSets and Jobs that exist at some point of {@code [from, to)}. */
    public List<OwnerPlan> ownersOverlapping(long from, long to) {
        List<OwnerPlan> out = new ArrayList<>();
        for (NamespaceSpec ns : spec.namespaces()) {
            for (WorkloadSpec w : ns.workloads()) {
                if (w instanceof WorkloadSpec.Deployment d) {
                    Rollouts r = rollouts(ns, d);
                    // revisionHistoryLimit 2: the current ReplicaSet and two old ones are kept.
                    for (int g = Math.max(0, r.generationAt(from) - 3); g <= r.generationAt(to - 1); g++) {
                        out.add(new OwnerPlan(OwnerPlan.Kind.REPLICA_SET, ns.name(), replicaSetName(r, d, g),
                                "Deployment", d.name(), r.time(g), r.time(g + 3)));
                    }
                } else if (w instanceof WorkloadSpec.CronJob cj) {
                    forEachCronRun(ns, cj, from, to, (run, deleted) -> out.add(new OwnerPlan(OwnerPlan.Kind.JOB,
                            ns.name(), run.jobName(), "CronJob", cj.name(), run.scheduled() + 1, deleted)));
                }
            }
        }
        out.removeIf(o -> !(o.created() < to && o.deleted() > from));
        return out;
    }

    // ------------------------------------------------------------------ volumes

    private void buildVolumes() {
        for (NamespaceSpec ns : spec.namespaces()) {
            for (WorkloadSpec w : ns.workloads()) {
                if (w instanceof WorkloadSpec.StatefulSet s && s.volumeClaimTemplate() != null) {
                    Rollouts r = rollouts(ns, s);
                    for (int i = 0; i < s.replicas(); i++) {
                        String claim = s.volumeClaimTemplate().name() + "-" + s.name() + "-" + i;
                        VolumePlan v = volume(ns, claim, s.volumeClaimTemplate(), r.time(0) + i * 30L - 1);
                        volumes.add(v);
                        claimsByReplica.put(ns.name() + "/" + s.name() + "#" + i, v);
                    }
                }
            }
            int k = 0;
            for (VolumeClaimSpec c : ns.standaloneClaims()) {
                volumes.add(volume(ns, c.name(), c, workloadsCreated + 10L * k++));
            }
        }
    }

    private VolumePlan volume(NamespaceSpec ns, String claim, VolumeClaimSpec spec, long created) {
        String pv = "pvc-" + Names.uuid(Noise.hash(clusterKey, Noise.key(ns.name()), Noise.key(claim)));
        String disk = "/subscriptions/" + this.spec.subscriptionId() + "/resourceGroups/" + this.spec.nodeResourceGroup()
                + "/providers/Microsoft.Compute/disks/" + pv;
        return new VolumePlan(ns.name(), claim, pv, spec, disk, created);
    }
}
