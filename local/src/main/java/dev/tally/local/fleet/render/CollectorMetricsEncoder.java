package dev.tally.local.fleet.render;

import dev.tally.jobs.usage.hour.HourUsage;
import dev.tally.common.prometheus.RemoteWrite;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The same exposition as an OpenTelemetry Collector without Prometheus sends it: the
 * {@code k8s_cluster} receiver (pods, containers, nodes from the API server), the
 * {@code kubeletstats} receiver (running containers' CPU time and working set from each kubelet)
 * and the {@code k8sattributes} processor (owners, node, pod start time on every pod resource).
 * Values are the exposition's, so the three renderings carry the same fleet.
 *
 * <p>What this form cannot carry (the receivers have no such data): CFS periods and throttling,
 * the nodes' capacity and providerID (so no scale set), persistent volumes and claims.
 */
public final class CollectorMetricsEncoder {

    public static final String KUBELETSTATS_SCOPE = "github.com/open-telemetry/opentelemetry-collector-contrib/receiver/kubeletstatsreceiver";
    public static final String K8S_CLUSTER_SCOPE = "github.com/open-telemetry/opentelemetry-collector-contrib/receiver/k8sclusterreceiver";
    public static final String SCOPE_VERSION = "0.130.0";

    /** The node labels the simulator sets, by kube-state-metrics' sanitized name: their Kubernetes keys. */
    private static final Map<String, String> NODE_LABEL_KEYS = Map.of(
            "label_agentpool", "agentpool",
            "label_kubernetes_azure_com_agentpool", "kubernetes.azure.com/agentpool",
            "label_kubernetes_azure_com_cluster", "kubernetes.azure.com/cluster",
            "label_kubernetes_azure_com_mode", "kubernetes.azure.com/mode",
            "label_kubernetes_azure_com_node_image_version", "kubernetes.azure.com/node-image-version",
            "label_node_kubernetes_io_instance_type", "node.kubernetes.io/instance-type",
            "label_topology_kubernetes_io_region", "topology.kubernetes.io/region",
            "label_topology_kubernetes_io_zone", "topology.kubernetes.io/zone");

    private static final String[] PHASES = {"Pending", "Running", "Succeeded", "Failed", "Unknown"};

    private CollectorMetricsEncoder() {
    }

    private static final class Pod {
        String namespace;
        String name;
        String uid;
        String node;
        String ownerKind = "";
        String ownerName = "";
        double startSeconds = Double.NaN;
        int phase;
        final Map<String, Container> containers = new LinkedHashMap<>();
    }

    private static final class Container {
        String name;
        String containerId = "";
        String lastTerminatedReason = "";
        double restarts = Double.NaN;
        double running = Double.NaN;
        double cpuRequest = Double.NaN;
        double cpuLimit = Double.NaN;
        double memoryRequest = Double.NaN;
        double memoryLimit = Double.NaN;
    }

    /** One running container's cAdvisor view: the kubeletstats receiver's. */
    private static final class Usage {
        String namespace;
        String pod;
        String uid;
        String container;
        String containerId;
        String node;
        long startNanos;
        double cpuSeconds = Double.NaN;
        double workingSet = Double.NaN;
    }

    private static final class Node {
        String name;
        final List<String[]> labels = new ArrayList<>();
        double allocatableCpu = Double.NaN;
        double allocatableMemory = Double.NaN;
    }

    public static ExportMetricsServiceRequest encode(Exposition e) {
        Map<String, Pod> pods = new LinkedHashMap<>(); // by uid
        Map<String, Node> nodes = new LinkedHashMap<>();
        Map<String, String[]> replicaSetOwners = new HashMap<>(); // ns|rs → kind, name
        Map<String, String[]> jobOwners = new HashMap<>();
        Map<String, Usage> usage = new LinkedHashMap<>(); // by cgroup id
        for (int i = 0; i < e.size(); i++) {
            Series s = e.series(i);
            double v = e.value(i);
            Map<String, String> l = labels(s);
            switch (s.family()) {
                case KUBE_POD_INFO -> {
                    Pod p = pod(pods, l);
                    p.node = l.getOrDefault("node", "");
                }
                case KUBE_POD_OWNER -> {
                    Pod p = pod(pods, l);
                    p.ownerKind = l.getOrDefault("owner_kind", "");
                    p.ownerName = l.getOrDefault("owner_name", "");
                }
                case KUBE_POD_START_TIME -> pod(pods, l).startSeconds = v;
                case KUBE_POD_STATUS_PHASE -> {
                    if (v == 1) {
                        pod(pods, l).phase = phaseNumber(l.get("phase"));
                    }
                }
                case KUBE_REPLICASET_OWNER -> replicaSetOwners.put(l.get("namespace") + "|" + l.get("replicaset"),
                        new String[]{l.get("owner_kind"), l.get("owner_name")});
                case KUBE_JOB_OWNER -> jobOwners.put(l.get("namespace") + "|" + l.get("job_name"),
                        new String[]{l.get("owner_kind"), l.get("owner_name")});
                case KUBE_POD_CONTAINER_INFO -> {
                    String id = l.getOrDefault("container_id", "");
                    container(pods, l).containerId = id.contains("://") ? id.substring(id.indexOf("://") + 3) : id;
                }
                case KUBE_POD_CONTAINER_RESOURCE_REQUESTS, KUBE_POD_CONTAINER_RESOURCE_LIMITS -> {
                    Container c = container(pods, l);
                    boolean request = s.family() == Family.KUBE_POD_CONTAINER_RESOURCE_REQUESTS;
                    if ("cpu".equals(l.get("resource"))) {
                        if (request) {
                            c.cpuRequest = v;
                        } else {
                            c.cpuLimit = v;
                        }
                    } else if ("memory".equals(l.get("resource"))) {
                        if (request) {
                            c.memoryRequest = v;
                        } else {
                            c.memoryLimit = v;
                        }
                    }
                }
                case KUBE_POD_CONTAINER_STATUS_RESTARTS_TOTAL -> container(pods, l).restarts = v;
                case KUBE_POD_CONTAINER_STATUS_RUNNING -> container(pods, l).running = v;
                case KUBE_POD_CONTAINER_STATUS_LAST_TERMINATED_REASON -> {
                    if (v == 1) {
                        container(pods, l).lastTerminatedReason = l.getOrDefault("reason", "");
                    }
                }
                case KUBE_NODE_INFO -> node(nodes, l.get("node"));
                case KUBE_NODE_LABELS -> {
                    Node n = node(nodes, l.get("node"));
                    l.forEach((k, value) -> {
                        String key = NODE_LABEL_KEYS.get(k);
                        if (key != null) {
                            n.labels.add(new String[]{key, value});
                        }
                    });
                }
                case KUBE_NODE_STATUS_ALLOCATABLE -> {
                    if ("cpu".equals(l.get("resource"))) {
                        node(nodes, l.get("node")).allocatableCpu = v;
                    } else if ("memory".equals(l.get("resource"))) {
                        node(nodes, l.get("node")).allocatableMemory = v;
                    }
                }
                case CONTAINER_CPU_USAGE_SECONDS_TOTAL, CONTAINER_MEMORY_WORKING_SET_BYTES -> {
                    String container = l.getOrDefault("container", "");
                    if (container.isEmpty() || container.equals("POD")) {
                        continue; // the pod's cgroup: kubeletstats' k8s.pod.* metrics, which do not count
                    }
                    Usage u = usage.computeIfAbsent(l.get("id"), k -> new Usage());
                    u.namespace = l.get("namespace");
                    u.pod = l.get("pod");
                    u.uid = HourUsage.podUidOf(l.get("id"));
                    u.container = container;
                    u.containerId = l.getOrDefault("name", "");
                    u.node = l.getOrDefault("node", "");
                    if (s.family() == Family.CONTAINER_CPU_USAGE_SECONDS_TOTAL) {
                        u.cpuSeconds = v;
                        u.startNanos = s.startTimeUnixNano();
                    } else {
                        u.workingSet = v;
                    }
                }
                default -> {
                }
            }
        }
        long time = e.timestampMillis() * 1_000_000L;
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        // k8s_cluster: pods and their containers, then nodes
        for (Pod p : pods.values()) {
            if (p.namespace == null) {
                continue;
            }
            List<KeyValue> podAttributes = podAttributes(p, replicaSetOwners, jobOwners, e.cluster());
            if (p.phase > 0) {
                request.addResourceMetrics(resource(podAttributes, K8S_CLUSTER_SCOPE,
                        intGauge("k8s.pod.phase", "", "Current phase of the pod (1 - Pending, 2 - Running, 3 - Succeeded, 4 - Failed, 5 - Unknown)", time, p.phase)));
            }
            for (Container c : p.containers.values()) {
                List<KeyValue> attributes = new ArrayList<>(podAttributes);
                attributes.add(attribute("k8s.container.name", c.name));
                if (!c.containerId.isEmpty()) {
                    attributes.add(attribute("container.id", c.containerId));
                }
                if (!c.lastTerminatedReason.isEmpty()) {
                    attributes.add(attribute("k8s.container.status.last_terminated_reason", c.lastTerminatedReason));
                }
                List<Metric> metrics = new ArrayList<>();
                if (!Double.isNaN(c.cpuRequest)) {
                    metrics.add(doubleGauge("k8s.container.cpu_request", "{cpu}", time, c.cpuRequest));
                }
                if (!Double.isNaN(c.cpuLimit)) {
                    metrics.add(doubleGauge("k8s.container.cpu_limit", "{cpu}", time, c.cpuLimit));
                }
                if (!Double.isNaN(c.memoryRequest)) {
                    metrics.add(intGauge("k8s.container.memory_request", "By", "", time, (long) c.memoryRequest));
                }
                if (!Double.isNaN(c.memoryLimit)) {
                    metrics.add(intGauge("k8s.container.memory_limit", "By", "", time, (long) c.memoryLimit));
                }
                if (!Double.isNaN(c.restarts)) {
                    metrics.add(intGauge("k8s.container.restarts", "{restart}", "", time, (long) c.restarts));
                }
                if (!Double.isNaN(c.running)) {
                    metrics.add(containerState(time, c.running == 1));
                }
                request.addResourceMetrics(resource(attributes, K8S_CLUSTER_SCOPE, metrics.toArray(new Metric[0])));
            }
        }
        for (Node n : nodes.values()) {
            List<KeyValue> attributes = new ArrayList<>();
            attributes.add(attribute("k8s.cluster.name", e.cluster()));
            attributes.add(attribute("k8s.node.name", n.name));
            for (String[] label : n.labels) {
                attributes.add(attribute("k8s.node.label." + label[0], label[1]));
            }
            List<Metric> metrics = new ArrayList<>();
            metrics.add(intGauge("k8s.node.condition_ready", "", "", time, 1));
            if (!Double.isNaN(n.allocatableCpu)) {
                metrics.add(doubleGauge("k8s.node.allocatable_cpu", "{cpu}", time, n.allocatableCpu));
            }
            if (!Double.isNaN(n.allocatableMemory)) {
                metrics.add(intGauge("k8s.node.allocatable_memory", "By", "", time, (long) n.allocatableMemory));
            }
            request.addResourceMetrics(resource(attributes, K8S_CLUSTER_SCOPE, metrics.toArray(new Metric[0])));
        }
        // kubeletstats: running containers (each kubelet's Collector sends its own; one request here)
        for (Usage u : usage.values()) {
            Pod p = u.uid == null ? null : pods.get(u.uid);
            List<KeyValue> attributes = p != null ? new ArrayList<>(podAttributes(p, replicaSetOwners, jobOwners, e.cluster()))
                    : new ArrayList<>(List.of(attribute("k8s.cluster.name", e.cluster()),
                    attribute("k8s.namespace.name", u.namespace), attribute("k8s.pod.name", u.pod),
                    attribute("k8s.node.name", u.node)));
            attributes.add(attribute("k8s.container.name", u.container));
            attributes.add(attribute("container.id", u.containerId));
            List<Metric> metrics = new ArrayList<>();
            if (!Double.isNaN(u.cpuSeconds)) {
                Metric.Builder cpu = Metric.newBuilder().setName("container.cpu.time").setUnit("s")
                        .setDescription("Total cumulative CPU time (sum of all cores) spent by the container/pod/node since its creation");
                cpu.getSumBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .setIsMonotonic(true).addDataPoints(NumberDataPoint.newBuilder()
                                .setStartTimeUnixNano(u.startNanos).setTimeUnixNano(time).setAsDouble(u.cpuSeconds));
                metrics.add(cpu.build());
            }
            if (!Double.isNaN(u.workingSet)) {
                metrics.add(intGauge("container.memory.working_set", "By", "Container memory working_set", time,
                        (long) u.workingSet));
            }
            request.addResourceMetrics(resource(attributes, KUBELETSTATS_SCOPE, metrics.toArray(new Metric[0])));
        }
        return request.build();
    }

    /** The pod's resource as the k8sattributes processor leaves it. */
    private static List<KeyValue> podAttributes(Pod p, Map<String, String[]> replicaSetOwners, Map<String, String[]> jobOwners,
                                                String cluster) {
        List<KeyValue> a = new ArrayList<>();
        a.add(attribute("k8s.cluster.name", cluster));
        a.add(attribute("k8s.namespace.name", p.namespace));
        a.add(attribute("k8s.pod.name", p.name));
        a.add(attribute("k8s.pod.uid", p.uid));
        if (p.node != null && !p.node.isEmpty()) {
            a.add(attribute("k8s.node.name", p.node));
        }
        switch (p.ownerKind) {
            case "ReplicaSet" -> {
                a.add(attribute("k8s.replicaset.name", p.ownerName));
                String[] owner = replicaSetOwners.get(p.namespace + "|" + p.ownerName);
                if (owner != null && "Deployment".equals(owner[0])) {
                    a.add(attribute("k8s.deployment.name", owner[1]));
                }
            }
            case "Job" -> {
                a.add(attribute("k8s.job.name", p.ownerName));
                String[] owner = jobOwners.get(p.namespace + "|" + p.ownerName);
                if (owner != null && "CronJob".equals(owner[0])) {
                    a.add(attribute("k8s.cronjob.name", owner[1]));
                }
            }
            case "StatefulSet" -> a.add(attribute("k8s.statefulset.name", p.ownerName));
            case "DaemonSet" -> a.add(attribute("k8s.daemonset.name", p.ownerName));
            default -> {
            }
        }
        if (!Double.isNaN(p.startSeconds)) {
            a.add(attribute("k8s.pod.start_time", Instant.ofEpochSecond((long) p.startSeconds).toString()));
        }
        return a;
    }

    private static Pod pod(Map<String, Pod> pods, Map<String, String> l) {
        Pod p = pods.computeIfAbsent(l.get("uid"), k -> new Pod());
        p.namespace = l.get("namespace");
        p.name = l.get("pod");
        p.uid = l.get("uid");
        return p;
    }

    private static Container container(Map<String, Pod> pods, Map<String, String> l) {
        return pod(pods, l).containers.computeIfAbsent(l.get("container"), k -> {
            Container c = new Container();
            c.name = k;
            return c;
        });
    }

    private static Node node(Map<String, Node> nodes, String name) {
        return nodes.computeIfAbsent(name, k -> {
            Node n = new Node();
            n.name = k;
            return n;
        });
    }

    private static int phaseNumber(String phase) {
        for (int i = 0; i < PHASES.length; i++) {
            if (PHASES[i].equals(phase)) {
                return i + 1;
            }
        }
        return 5;
    }

    private static Map<String, String> labels(Series s) {
        Map<String, String> m = new HashMap<>();
        for (RemoteWrite.Label l : s.labels()) {
            m.put(l.getName(), l.getValue());
        }
        return m;
    }

    private static Metric doubleGauge(String name, String unit, long time, double v) {
        Metric.Builder m = Metric.newBuilder().setName(name).setUnit(unit);
        m.getGaugeBuilder().addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(time).setAsDouble(v));
        return m.build();
    }

    private static Metric intGauge(String name, String unit, String description, long time, long v) {
        Metric.Builder m = Metric.newBuilder().setName(name).setUnit(unit).setDescription(description);
        m.getGaugeBuilder().addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(time).setAsInt(v));
        return m.build();
    }

    /** {@code k8s.container.status.state}: every state reported, only the current one non-zero (an up-down counter). */
    private static Metric containerState(long time, boolean running) {
        Metric.Builder m = Metric.newBuilder().setName("k8s.container.status.state").setUnit("{container}");
        var sum = m.getSumBuilder().setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .setIsMonotonic(false);
        String current = running ? "running" : "waiting";
        for (String state : new String[]{"running", "waiting", "terminated"}) {
            sum.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(time)
                    .addAttributes(attribute("k8s.container.status.state", state)).setAsInt(state.equals(current) ? 1 : 0));
        }
        return m.build();
    }

    private static ResourceMetrics resource(List<KeyValue> attributes, String scope, Metric... metrics) {
        ScopeMetrics.Builder s = ScopeMetrics.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName(scope).setVersion(SCOPE_VERSION));
        for (Metric m : metrics) {
            s.addMetrics(m);
        }
        return ResourceMetrics.newBuilder().setResource(Resource.newBuilder().addAllAttributes(attributes)).addScopeMetrics(s).build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
