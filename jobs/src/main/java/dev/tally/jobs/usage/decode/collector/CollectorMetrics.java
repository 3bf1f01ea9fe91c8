package dev.tally.jobs.usage.decode.collector;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The OpenTelemetry Collector's own metric names that the usage job reads: those of the
 * {@code kubeletstats} and {@code k8s_cluster} receivers (and their semantic-convention names),
 * each with the receiver it comes from, the internal series it becomes, the point type it must have
 * and the units accepted. See {@link CollectorResource} for the resource attributes and
 * {@link CollectorDecoder} for the translation into the series the rules read
 * ({@code jobs/README.md} has the table).
 */
public final class CollectorMetrics {

    /** The Collector receiver a metric comes from: its scrape target in the rules' sense. */
    public enum Receiver {
        /** One per node (a DaemonSet Collector scraping its kubelet): the target is the node. */
        KUBELETSTATS("kubeletstats"),
        /** One per cluster (a Deployment Collector watching the API server). */
        K8S_CLUSTER("k8s_cluster");

        private final String receiverName;

        Receiver(String receiverName) {
            this.receiverName = receiverName;
        }

        /** The internal {@code job} label of the series it gives ({@code otelcol/<receiver>}). */
        public String job() {
            return "otelcol/" + receiverName;
        }
    }

    /** What a metric means for the rules. */
    public enum Kind {
        CONTAINER_CPU_TIME, CONTAINER_WORKING_SET, CPU_REQUEST, CPU_LIMIT, MEMORY_REQUEST, MEMORY_LIMIT, RESTARTS,
        CONTAINER_STATE, POD_PHASE, NODE_ALLOCATABLE_CPU, NODE_ALLOCATABLE_MEMORY, NODE_CONDITION_READY
    }

    /** Which point type a metric must have to be read. */
    public enum Shape {
        /** A gauge, or a sum of any temporality but delta (k8s_cluster's up-down counters are cumulative sums). */
        GAUGE_OR_CUMULATIVE,
        /** A cumulative sum (a counter: its {@code start_time_unix_nano} starts the run). */
        CUMULATIVE_SUM
    }

    /** Seconds: {@code s} (UCUM), or no unit. */
    static final Set<String> SECONDS = Set.of("s", "");
    /** Bytes: {@code By} (UCUM), or no unit. */
    static final Set<String> BYTES = Set.of("By", "");
    /** Cores: the receivers' {@code {cpu}}, {@code {core}}/{@code {cores}}, dimensionless, or none (never millicores). */
    static final Set<String> CORES = Set.of("{cpu}", "{core}", "{cores}", "1", "");

    /**
     * @param units the units accepted (a point in another unit is a problem, not a guess); null: any
     */
    public record Mapping(String name, Receiver receiver, Kind kind, Shape shape, Set<String> units) {
    }

    private static final Map<String, Mapping> BY_NAME = new LinkedHashMap<>();

    static {
        // kubeletstats: container.cpu.time is the cgroup's usage (what cAdvisor's container_cpu_usage_seconds_total
        // reads), container.memory.working_set the same working set as container_memory_working_set_bytes.
        put("container.cpu.time", Receiver.KUBELETSTATS, Kind.CONTAINER_CPU_TIME, Shape.CUMULATIVE_SUM, SECONDS);
        put("container.memory.working_set", Receiver.KUBELETSTATS, Kind.CONTAINER_WORKING_SET, Shape.GAUGE_OR_CUMULATIVE, BYTES);
        // k8s_cluster (receiver names, then the semantic-convention names newer releases move to)
        put("k8s.container.cpu_request", Receiver.K8S_CLUSTER, Kind.CPU_REQUEST, Shape.GAUGE_OR_CUMULATIVE, CORES);
        put("k8s.container.cpu_limit", Receiver.K8S_CLUSTER, Kind.CPU_LIMIT, Shape.GAUGE_OR_CUMULATIVE, CORES);
        put("k8s.container.memory_request", Receiver.K8S_CLUSTER, Kind.MEMORY_REQUEST, Shape.GAUGE_OR_CUMULATIVE, BYTES);
        put("k8s.container.memory_limit", Receiver.K8S_CLUSTER, Kind.MEMORY_LIMIT, Shape.GAUGE_OR_CUMULATIVE, BYTES);
        put("k8s.container.cpu.request", Receiver.K8S_CLUSTER, Kind.CPU_REQUEST, Shape.GAUGE_OR_CUMULATIVE, CORES);
        put("k8s.container.cpu.limit", Receiver.K8S_CLUSTER, Kind.CPU_LIMIT, Shape.GAUGE_OR_CUMULATIVE, CORES);
        put("k8s.container.memory.request", Receiver.K8S_CLUSTER, Kind.MEMORY_REQUEST, Shape.GAUGE_OR_CUMULATIVE, BYTES);
        put("k8s.container.memory.limit", Receiver.K8S_CLUSTER, Kind.MEMORY_LIMIT, Shape.GAUGE_OR_CUMULATIVE, BYTES);
        put("k8s.container.restarts", Receiver.K8S_CLUSTER, Kind.RESTARTS, Shape.GAUGE_OR_CUMULATIVE, null);
        put("k8s.container.restart.count", Receiver.K8S_CLUSTER, Kind.RESTARTS, Shape.GAUGE_OR_CUMULATIVE, null);
        put("k8s.container.status.state", Receiver.K8S_CLUSTER, Kind.CONTAINER_STATE, Shape.GAUGE_OR_CUMULATIVE, null);
        put("k8s.pod.phase", Receiver.K8S_CLUSTER, Kind.POD_PHASE, Shape.GAUGE_OR_CUMULATIVE, null);
        put("k8s.node.allocatable_cpu", Receiver.K8S_CLUSTER, Kind.NODE_ALLOCATABLE_CPU, Shape.GAUGE_OR_CUMULATIVE, CORES);
        put("k8s.node.allocatable_memory", Receiver.K8S_CLUSTER, Kind.NODE_ALLOCATABLE_MEMORY, Shape.GAUGE_OR_CUMULATIVE, BYTES);
        put("k8s.node.allocatable.cpu", Receiver.K8S_CLUSTER, Kind.NODE_ALLOCATABLE_CPU, Shape.GAUGE_OR_CUMULATIVE, CORES);
        put("k8s.node.allocatable.memory", Receiver.K8S_CLUSTER, Kind.NODE_ALLOCATABLE_MEMORY, Shape.GAUGE_OR_CUMULATIVE, BYTES);
        put("k8s.node.condition_ready", Receiver.K8S_CLUSTER, Kind.NODE_CONDITION_READY, Shape.GAUGE_OR_CUMULATIVE, null);
    }

    private static void put(String name, Receiver receiver, Kind kind, Shape shape, Set<String> units) {
        BY_NAME.put(name, new Mapping(name, receiver, kind, shape, units));
    }

    private CollectorMetrics() {
    }

    /** The mapping of a Collector metric name, or null when the usage job does not read it. */
    public static Mapping of(String metricName) {
        return BY_NAME.get(metricName);
    }

    /** Every name read, in table order. */
    public static Set<String> names() {
        return BY_NAME.keySet();
    }

    /** The {@code k8s.pod.phase} values (1 Pending … 5 Unknown) as kube-state-metrics' phase names; null otherwise. */
    public static String podPhase(double value) {
        if (value == 1) {
            return "Pending";
        } else if (value == 2) {
            return "Running";
        } else if (value == 3) {
            return "Succeeded";
        } else if (value == 4) {
            return "Failed";
        } else if (value == 5) {
            return "Unknown";
        }
        return null;
    }

    /** The phase names, in {@code k8s.pod.phase} order. */
    public static final String[] PHASES = {"Pending", "Running", "Succeeded", "Failed", "Unknown"};
}
