package dev.tally.local.fleet.render;

import dev.tally.local.fleet.model.ClusterSpec;
import dev.tally.local.fleet.model.Names;
import dev.tally.local.fleet.model.NamespaceSpec;
import dev.tally.local.fleet.model.Noise;
import dev.tally.local.fleet.model.Resources;
import dev.tally.local.fleet.model.StorageClass;
import dev.tally.local.fleet.model.VmSize;
import dev.tally.local.fleet.sim.ClusterRun;
import dev.tally.local.fleet.sim.ContainerPlan;
import dev.tally.local.fleet.sim.ContainerStepper;
import dev.tally.local.fleet.sim.NodePlan;
import dev.tally.local.fleet.sim.OwnerPlan;
import dev.tally.local.fleet.sim.PodPlan;
import dev.tally.local.fleet.sim.PodState;
import dev.tally.local.fleet.sim.VolumePlan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one cluster's state at a tick into the samples its exporters expose — the same metric
 * and label names as kube-state-metrics and the kubelet (cAdvisor) — after the scrape
 * configuration described in {@link ScrapeTarget}. Series identities are built once per object
 * (or per container run, since cAdvisor's {@code id}/{@code name} change on every restart) and reused.
 *
 * <p>Deliberately like real clusters: pod-level cgroup series ({@code container} label absent)
 * next to the container series, completed Job pods that kube-state-metrics still reports with
 * their requests, counters that restart at zero with each container run.
 */
public final class ClusterRenderer {

    /** The pod sandbox (pause container) is in the pod's cgroup too: about 300 KiB. */
    public static final long PAUSE_WORKING_SET_BYTES = 74 * 4096;

    static final String[] PHASES = {"Pending", "Succeeded", "Failed", "Unknown", "Running"};

    private static final String KERNEL = "5.15.0-1092-azure";
    private static final String OS_IMAGE = "Ubuntu 22.04.5 LTS";
    private static final String RUNTIME = "containerd://1.7.28-1";
    private static final String NODE_IMAGE = "AKSUbuntu-2204gen2containerd-202601.13.0";
    private static final long OS_DISK_BYTES = 128L * 1024 * 1024 * 1024;

    private final ClusterSpec spec;
    private final String cluster;
    private final ScrapeTarget ksm = ScrapeTarget.kubeStateMetrics();
    private final List<Series> namespaceSeries = new ArrayList<>();
    private final Map<String, NodeSeries> nodeSeries = new HashMap<>();
    private final Map<VolumePlan, VolumeSeries> volumeSeries = new HashMap<>();
    private Map<OwnerPlan, Series> ownerSeries = new HashMap<>();

    public ClusterRenderer(ClusterSpec spec) {
        this.spec = spec;
        this.cluster = spec.name();
        for (NamespaceSpec ns : spec.namespaces()) {
            namespaceSeries.add(Series.of(Family.KUBE_NAMESPACE_LABELS, ksm, cluster, 0, "namespace", ns.name(),
                    "label_kubernetes_io_metadata_name", ns.name(), "label_team", ns.team(),
                    "label_cost_center", ns.costCenter()));
        }
    }

    /** Everything scraped at tick {@code t} (the run's current tick). */
    public Exposition expose(ClusterRun run) {
        long t = run.tick();
        Exposition e = new Exposition(cluster, t * 1000);
        if (t < run.timeline().origin()) {
            return e;
        }
        for (Series s : namespaceSeries) {
            e.add(s, 1);
        }
        for (NodePlan n : run.visibleNodes()) {
            nodeSeries.computeIfAbsent(n.name(), k -> new NodeSeries(n)).exposeState(e);
        }
        for (VolumePlan v : run.timeline().volumes()) {
            if (v.visibleAt(t)) {
                volumeSeries.computeIfAbsent(v, VolumeSeries::new).expose(e);
            }
        }
        exposeOwners(run, e);
        for (PodState p : run.pods()) {
            if (p.plan().visibleAt(t)) {
                podSeries(p).exposeState(p, t, e);
            }
        }
        for (NodePlan n : run.visibleNodes()) {
            nodeSeries.get(n.name()).exposeMachine(e);
        }
        for (PodState p : run.pods()) {
            PodPlan plan = p.plan();
            if (plan.visibleAt(t) && plan.phaseAt(t) == PodPlan.Phase.RUNNING) {
                podSeries(p).exposeUsage(p, t, e);
            }
        }
        return e;
    }

    private void exposeOwners(ClusterRun run, Exposition e) {
        Map<OwnerPlan, Series> live = new HashMap<>();
        for (OwnerPlan o : run.visibleOwners()) {
            Series s = ownerSeries.get(o);
            if (s == null) {
                s = o.kind() == OwnerPlan.Kind.REPLICA_SET
                        ? Series.of(Family.KUBE_REPLICASET_OWNER, ksm, cluster, 0, "namespace", o.namespace(),
                        "replicaset", o.name(), "owner_kind", o.ownerKind(), "owner_name", o.ownerName(),
                        "owner_is_controller", "true")
                        : Series.of(Family.KUBE_JOB_OWNER, ksm, cluster, 0, "namespace", o.namespace(),
                        "job_name", o.name(), "owner_kind", o.ownerKind(), "owner_name", o.ownerName(),
                        "owner_is_controller", "true");
            }
            live.put(o, s);
            e.add(s, 1);
        }
        ownerSeries = live;
    }

    private PodSeries podSeries(PodState p) {
        if (p.renderCache == null) {
            p.renderCache = new PodSeries(p.plan());
        }
        return (PodSeries) p.renderCache;
    }

    // ------------------------------------------------------------------------------------ nodes

    private final class NodeSeries {
        final NodePlan node;
        final ScrapeTarget kubelet;
        final Series info;
        final Series labels;
        final Series created;
        final Series[] capacity = new Series[4];
        final Series[] allocatable = new Series[4];
        final double[] capacityValues;
        final double[] allocatableValues;
        final Series machineCpu;
        final Series machineMemory;

        NodeSeries(NodePlan n) {
            this.node = n;
            this.kubelet = ScrapeTarget.kubelet(n.internalIp());
            VmSize vm = n.vmSize();
            info = Series.of(Family.KUBE_NODE_INFO, ksm, cluster, 0, "node", n.name(), "kernel_version", KERNEL,
                    "os_image", OS_IMAGE, "container_runtime_version", RUNTIME,
                    "kubelet_version", "v" + spec.kubernetesVersion(), "kubeproxy_version", "deprecated",
                    "provider_id", n.providerId(), "pod_cidr", n.podCidr(), "system_uuid", n.systemUuid(),
                    "internal_ip", n.internalIp());
            // Node labels need kube-state-metrics' --metric-labels-allowlist; these are the ones AKS sets.
            labels = Series.of(Family.KUBE_NODE_LABELS, ksm, cluster, 0, "node", n.name(),
                    "label_agentpool", n.pool().name(),
                    "label_kubernetes_azure_com_agentpool", n.pool().name(),
                    "label_kubernetes_azure_com_cluster", spec.nodeResourceGroup(),
                    "label_kubernetes_azure_com_mode", n.pool().mode().label(),
                    "label_kubernetes_azure_com_node_image_version", NODE_IMAGE,
                    "label_node_kubernetes_io_instance_type", vm.armSkuName(),
                    "label_topology_kubernetes_io_region", spec.region(),
                    "label_topology_kubernetes_io_zone", n.zone());
            // The Node object is created when the kubelet registers, shortly before it is Ready.
            created = Series.of(Family.KUBE_NODE_CREATED, ksm, cluster, 0, "node", n.name());
            String[][] resources = {{"cpu", "core"}, {"memory", "byte"}, {"pods", "integer"}, {"ephemeral_storage", "byte"}};
            for (int i = 0; i < 4; i++) {
                capacity[i] = Series.of(Family.KUBE_NODE_STATUS_CAPACITY, ksm, cluster, 0, "node", n.name(),
                        "resource", resources[i][0], "unit", resources[i][1]);
                allocatable[i] = Series.of(Family.KUBE_NODE_STATUS_ALLOCATABLE, ksm, cluster, 0, "node", n.name(),
                        "resource", resources[i][0], "unit", resources[i][1]);
            }
            long ephemeral = OS_DISK_BYTES * 968 / 1000 / 1024 * 1024;
            capacityValues = new double[]{vm.vcpus(), vm.capacityMemoryBytes(), n.pool().maxPods(), ephemeral};
            allocatableValues = new double[]{vm.allocatableCpuMillis() / 1000.0, n.allocatableMemoryBytes(),
                    n.pool().maxPods(), Math.floor(ephemeral * 0.9)};
            String machineId = n.systemUuid().replace("-", "");
            machineCpu = Series.of(Family.MACHINE_CPU_CORES, kubelet, cluster, 0, "boot_id", n.bootId(),
                    "machine_id", machineId, "system_uuid", n.systemUuid(), "node", n.name(),
                    "metrics_path", "/metrics/cadvisor");
            machineMemory = Series.of(Family.MACHINE_MEMORY_BYTES, kubelet, cluster, 0, "boot_id", n.bootId(),
                    "machine_id", machineId, "system_uuid", n.systemUuid(), "node", n.name(),
                    "metrics_path", "/metrics/cadvisor");
        }

        void exposeState(Exposition e) {
            e.add(info, 1);
            e.add(labels, 1);
            for (int i = 0; i < 4; i++) {
                e.add(capacity[i], capacityValues[i]);
            }
            for (int i = 0; i < 4; i++) {
                e.add(allocatable[i], allocatableValues[i]);
            }
            e.add(created, node.ready() - 20);
        }

        void exposeMachine(Exposition e) {
            e.add(machineCpu, node.vmSize().vcpus());
            e.add(machineMemory, node.vmSize().capacityMemoryBytes());
        }
    }

    // ------------------------------------------------------------------------------------ volumes

    private final class VolumeSeries {
        final VolumePlan v;
        final Series claimInfo;
        final Series claimRequest;
        final Series volumeInfo;
        final Series volumeCapacity;
        final Series claimRef;

        VolumeSeries(VolumePlan v) {
            this.v = v;
            StorageClass sc = v.storageClass();
            claimInfo = Series.of(Family.KUBE_PERSISTENTVOLUMECLAIM_INFO, ksm, cluster, 0, "namespace", v.namespace(),
                    "persistentvolumeclaim", v.claimName(), "storageclass", sc.className(), "volumename", v.volumeName(),
                    "volumemode", "Filesystem");
            claimRequest = Series.of(Family.KUBE_PERSISTENTVOLUMECLAIM_RESOURCE_REQUESTS_STORAGE_BYTES, ksm, cluster, 0,
                    "namespace", v.namespace(), "persistentvolumeclaim", v.claimName());
            // CSI volumes: azure_disk_name stays empty (in-tree only); the disk's resource id is the volume handle.
            volumeInfo = Series.of(Family.KUBE_PERSISTENTVOLUME_INFO, ksm, cluster, 0, "persistentvolume", v.volumeName(),
                    "storageclass", sc.className(), "csi_driver", StorageClass.CSI_DRIVER,
                    "csi_volume_handle", v.diskResourceId(), "reclaim_policy", "Delete");
            volumeCapacity = Series.of(Family.KUBE_PERSISTENTVOLUME_CAPACITY_BYTES, ksm, cluster, 0,
                    "persistentvolume", v.volumeName());
            claimRef = Series.of(Family.KUBE_PERSISTENTVOLUME_CLAIM_REF, ksm, cluster, 0, "persistentvolume", v.volumeName(),
                    "name", v.claimName(), "claim_namespace", v.namespace());
        }

        void expose(Exposition e) {
            e.add(claimInfo, 1);
            e.add(claimRequest, v.sizeBytes());
            e.add(volumeInfo, 1);
            e.add(volumeCapacity, v.sizeBytes());
            e.add(claimRef, 1);
        }
    }

    // ------------------------------------------------------------------------------------ pods

    private final class PodSeries {
        final ScrapeTarget kubelet;
        final Series info;
        final Series owner;
        final Series[] phases = new Series[PHASES.length];
        final Series startTime;
        final Series completionTime;
        final Series[] claimInfo;
        final Series podCpu;
        final Series podMemory;
        final Series[] volumeUsed;
        final Series[] volumeCapacity;
        final ContainerSeries[] containers;

        PodSeries(PodPlan p) {
            String ns = p.namespaceName();
            String pod = p.name();
            String uid = p.uid();
            NodePlan node = p.node();
            kubelet = ScrapeTarget.kubelet(node.internalIp());
            info = Series.of(Family.KUBE_POD_INFO, ksm, cluster, 0, "namespace", ns, "pod", pod, "uid", uid,
                    "host_ip", node.internalIp(), "pod_ip", p.podIp(), "node", node.name(),
                    "created_by_kind", p.ownerKind(), "created_by_name", p.ownerName(),
                    "priority_class", p.workload().priorityClass(), "host_network", "false");
            owner = Series.of(Family.KUBE_POD_OWNER, ksm, cluster, 0, "namespace", ns, "pod", pod, "uid", uid,
                    "owner_kind", p.ownerKind(), "owner_name", p.ownerName(), "owner_is_controller", "true");
            for (int i = 0; i < PHASES.length; i++) {
                phases[i] = Series.of(Family.KUBE_POD_STATUS_PHASE, ksm, cluster, 0, "namespace", ns, "pod", pod,
                        "uid", uid, "phase", PHASES[i]);
            }
            startTime = Series.of(Family.KUBE_POD_START_TIME, ksm, cluster, 0, "namespace", ns, "pod", pod, "uid", uid);
            completionTime = Series.of(Family.KUBE_POD_COMPLETION_TIME, ksm, cluster, 0, "namespace", ns, "pod", pod,
                    "uid", uid);
            claimInfo = new Series[p.volumes().size()];
            volumeUsed = new Series[p.volumes().size()];
            volumeCapacity = new Series[p.volumes().size()];
            for (int i = 0; i < claimInfo.length; i++) {
                VolumePlan v = p.volumes().get(i);
                claimInfo[i] = Series.of(Family.KUBE_POD_SPEC_VOLUMES_PERSISTENTVOLUMECLAIMS_INFO, ksm, cluster, 0,
                        "namespace", ns, "pod", pod, "uid", uid, "volume", v.spec().name(),
                        "persistentvolumeclaim", v.claimName());
                volumeUsed[i] = Series.of(Family.KUBELET_VOLUME_STATS_USED_BYTES, kubelet, cluster, 0, "namespace", ns,
                        "persistentvolumeclaim", v.claimName(), "node", node.name(), "metrics_path", "/metrics");
                volumeCapacity[i] = Series.of(Family.KUBELET_VOLUME_STATS_CAPACITY_BYTES, kubelet, cluster, 0,
                        "namespace", ns, "persistentvolumeclaim", v.claimName(), "node", node.name(),
                        "metrics_path", "/metrics");
            }
            String podCgroup = p.qos().podCgroup(uid);
            podCpu = Series.of(Family.CONTAINER_CPU_USAGE_SECONDS_TOTAL, kubelet, cluster, p.runStart(), "cpu", "total",
                    "id", podCgroup, "namespace", ns, "pod", pod, "node", node.name(), "metrics_path", "/metrics/cadvisor");
            podMemory = Series.of(Family.CONTAINER_MEMORY_WORKING_SET_BYTES, kubelet, cluster, 0, "id", podCgroup,
                    "namespace", ns, "pod", pod, "node", node.name(), "metrics_path", "/metrics/cadvisor");
            containers = new ContainerSeries[p.containers().size()];
            for (int i = 0; i < containers.length; i++) {
                containers[i] = new ContainerSeries(p, p.containers().get(i), kubelet);
            }
        }

        void exposeState(PodState state, long t, Exposition e) {
            PodPlan p = state.plan();
            String phase = p.phaseAt(t).label();
            e.add(info, 1);
            e.add(owner, 1);
            for (int i = 0; i < PHASES.length; i++) {
                e.add(phases[i], PHASES[i].equals(phase) ? 1 : 0);
            }
            // status.startTime is set when the kubelet accepts the pod, a second after creation.
            e.add(startTime, p.created() + 1);
            if (p.phaseAt(t) == PodPlan.Phase.SUCCEEDED) {
                e.add(completionTime, p.lastRunTick() + 1);
            }
            for (Series s : claimInfo) {
                e.add(s, 1);
            }
            ContainerStepper[] steppers = state.containers();
            for (int i = 0; i < containers.length; i++) {
                containers[i].exposeState(steppers[i], e);
            }
        }

        void exposeUsage(PodState state, long t, Exposition e) {
            e.add(podCpu, state.podCpuNanos() / 1e9);
            long workingSet = PAUSE_WORKING_SET_BYTES;
            for (ContainerStepper c : state.containers()) {
                workingSet += c.workingSetBytes();
            }
            e.add(podMemory, workingSet);
            ContainerStepper[] steppers = state.containers();
            for (int i = 0; i < containers.length; i++) {
                if (steppers[i].running()) {
                    containers[i].exposeUsage(steppers[i], e);
                }
            }
            List<VolumePlan> volumes = state.plan().volumes();
            for (int i = 0; i < volumes.size(); i++) {
                e.add(volumeUsed[i], volumes.get(i).usedBytesAt(t));
                e.add(volumeCapacity[i], volumes.get(i).sizeBytes());
            }
        }
    }

    private final class ContainerSeries {
        final PodPlan pod;
        final ContainerPlan plan;
        final ScrapeTarget kubelet;
        final String image;
        final Series[] requests;
        final double[] requestValues;
        final Series[] limits;
        final double[] limitValues;
        final Series restarts;
        final Series running;
        Series lastTerminated;
        int infoRun = Integer.MIN_VALUE;
        Series info;
        int usageRun = Integer.MIN_VALUE;
        Series cpu;
        Series workingSet;
        Series cfsPeriods;
        Series cfsThrottled;
        Series oomEvents;
        Series startTime;

        ContainerSeries(PodPlan p, ContainerPlan c, ScrapeTarget kubelet) {
            this.pod = p;
            this.plan = c;
            this.kubelet = kubelet;
            this.image = Names.resolvedImage(c.spec().image());
            Resources req = c.spec().effectiveRequests();
            Resources lim = c.spec().limits();
            List<Series> rs = new ArrayList<>();
            List<Double> rv = new ArrayList<>();
            resourceSeries(Family.KUBE_POD_CONTAINER_RESOURCE_REQUESTS, req, rs, rv);
            requests = rs.toArray(new Series[0]);
            requestValues = rv.stream().mapToDouble(Double::doubleValue).toArray();
            rs.clear();
            rv.clear();
            resourceSeries(Family.KUBE_POD_CONTAINER_RESOURCE_LIMITS, lim, rs, rv);
            limits = rs.toArray(new Series[0]);
            limitValues = rv.stream().mapToDouble(Double::doubleValue).toArray();
            restarts = Series.of(Family.KUBE_POD_CONTAINER_STATUS_RESTARTS_TOTAL, ksm, cluster, p.runStart(),
                    "namespace", p.namespaceName(), "pod", p.name(), "uid", p.uid(), "container", c.name());
            running = Series.of(Family.KUBE_POD_CONTAINER_STATUS_RUNNING, ksm, cluster, 0,
                    "namespace", p.namespaceName(), "pod", p.name(), "uid", p.uid(), "container", c.name());
        }

        private void resourceSeries(Family f, Resources r, List<Series> out, List<Double> values) {
            if (r.hasCpu()) {
                out.add(Series.of(f, ksm, cluster, 0, "namespace", pod.namespaceName(), "pod", pod.name(), "uid", pod.uid(),
                        "container", plan.name(), "node", pod.node().name(), "resource", "cpu", "unit", "core"));
                values.add(r.cpuMillis() / 1000.0);
            }
            if (r.hasMemory()) {
                out.add(Series.of(f, ksm, cluster, 0, "namespace", pod.namespaceName(), "pod", pod.name(), "uid", pod.uid(),
                        "container", plan.name(), "node", pod.node().name(), "resource", "memory", "unit", "byte"));
                values.add((double) r.memoryBytes());
            }
        }

        private String containerId(int run) {
            return Names.containerId(Noise.hash(plan.key(), run));
        }

        void exposeState(ContainerStepper c, Exposition e) {
            int run = c.runIndex();
            if (run != infoRun) {
                infoRun = run;
                info = Series.of(Family.KUBE_POD_CONTAINER_INFO, ksm, cluster, 0, "namespace", pod.namespaceName(),
                        "pod", pod.name(), "uid", pod.uid(), "container", plan.name(), "image_spec", plan.spec().image(),
                        "image", image, "image_id", run < 0 ? "" : plan.imageId(),
                        "container_id", run < 0 ? "" : "containerd://" + containerId(run));
            }
            e.add(info, 1);
            for (int i = 0; i < requests.length; i++) {
                e.add(requests[i], requestValues[i]);
            }
            for (int i = 0; i < limits.length; i++) {
                e.add(limits[i], limitValues[i]);
            }
            e.add(restarts, c.restarts());
            e.add(running, c.running() ? 1 : 0);
            if (c.lastTerminationReason() != null) {
                if (lastTerminated == null) {
                    lastTerminated = Series.of(Family.KUBE_POD_CONTAINER_STATUS_LAST_TERMINATED_REASON, ksm, cluster, 0,
                            "namespace", pod.namespaceName(), "pod", pod.name(), "uid", pod.uid(),
                            "container", plan.name(), "reason", c.lastTerminationReason());
                }
                e.add(lastTerminated, 1);
            }
        }

        void exposeUsage(ContainerStepper c, Exposition e) {
            int run = c.runIndex();
            if (run != usageRun) {
                usageRun = run;
                String id = containerId(run);
                String cgroup = pod.qos().containerCgroup(pod.uid(), id);
                String ns = pod.namespaceName();
                String node = pod.node().name();
                long start = c.runStart();
                cpu = Series.of(Family.CONTAINER_CPU_USAGE_SECONDS_TOTAL, kubelet, cluster, start, "container", plan.name(),
                        "cpu", "total", "id", cgroup, "image", image, "name", id, "namespace", ns, "pod", pod.name(),
                        "node", node, "metrics_path", "/metrics/cadvisor");
                workingSet = Series.of(Family.CONTAINER_MEMORY_WORKING_SET_BYTES, kubelet, cluster, 0, "container",
                        plan.name(), "id", cgroup, "image", image, "name", id, "namespace", ns, "pod", pod.name(),
                        "node", node, "metrics_path", "/metrics/cadvisor");
                oomEvents = Series.of(Family.CONTAINER_OOM_EVENTS_TOTAL, kubelet, cluster, start, "container", plan.name(),
                        "id", cgroup, "image", image, "name", id, "namespace", ns, "pod", pod.name(),
                        "node", node, "metrics_path", "/metrics/cadvisor");
                startTime = Series.of(Family.CONTAINER_START_TIME_SECONDS, kubelet, cluster, 0, "container", plan.name(),
                        "id", cgroup, "image", image, "name", id, "namespace", ns, "pod", pod.name(),
                        "node", node, "metrics_path", "/metrics/cadvisor");
                if (plan.spec().limits().hasCpu()) {
                    cfsPeriods = Series.of(Family.CONTAINER_CPU_CFS_PERIODS_TOTAL, kubelet, cluster, start, "container",
                            plan.name(), "id", cgroup, "image", image, "name", id, "namespace", ns, "pod", pod.name(),
                            "node", node, "metrics_path", "/metrics/cadvisor");
                    cfsThrottled = Series.of(Family.CONTAINER_CPU_CFS_THROTTLED_PERIODS_TOTAL, kubelet, cluster, start,
                            "container", plan.name(), "id", cgroup, "image", image, "name", id, "namespace", ns,
                            "pod", pod.name(), "node", node, "metrics_path", "/metrics/cadvisor");
                }
            }
            e.add(cpu, c.runCpuNanos() / 1e9);
            e.add(workingSet, c.workingSetBytes());
            if (cfsPeriods != null) {
                e.add(cfsPeriods, c.runCfsPeriods());
                e.add(cfsThrottled, c.runCfsThrottledPeriods());
            }
            // cgroup v2 kills the whole container on OOM (memory.oom.group, Kubernetes >= 1.28), so the cgroup
            // that counted the event is gone before any scrape: a live container's count stays 0.
            e.add(oomEvents, 0);
            e.add(startTime, c.runStart());
        }
    }
}
