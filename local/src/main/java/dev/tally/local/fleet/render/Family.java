package dev.tally.local.fleet.render;

/**
 * The metric families the simulator emits: names, types and HELP texts exactly as
 * kube-state-metrics v2, the kubelet's cAdvisor endpoint and the kubelet's own /metrics
 * print them (checked against the real scrapes in shared/data/prometheus by a test).
 */
public enum Family {
    // kube-state-metrics: nodes and namespaces
    KUBE_NODE_INFO("kube_node_info", Type.GAUGE, Source.KSM, "[STABLE] Information about a cluster node."),
    KUBE_NODE_LABELS("kube_node_labels", Type.GAUGE, Source.KSM, "[STABLE] Kubernetes labels converted to Prometheus labels."),
    KUBE_NODE_STATUS_CAPACITY("kube_node_status_capacity", Type.GAUGE, Source.KSM,
            "[STABLE] The capacity for different resources of a node."),
    KUBE_NODE_STATUS_ALLOCATABLE("kube_node_status_allocatable", Type.GAUGE, Source.KSM,
            "[STABLE] The allocatable for different resources of a node that are available for scheduling."),
    KUBE_NODE_CREATED("kube_node_created", Type.GAUGE, Source.KSM, "[STABLE] Unix creation timestamp"),
    KUBE_NAMESPACE_LABELS("kube_namespace_labels", Type.GAUGE, Source.KSM,
            "[STABLE] Kubernetes labels converted to Prometheus labels."),
    // kube-state-metrics: volumes
    KUBE_PERSISTENTVOLUMECLAIM_INFO("kube_persistentvolumeclaim_info", Type.GAUGE, Source.KSM,
            "[STABLE] Information about persistent volume claim."),
    KUBE_PERSISTENTVOLUMECLAIM_RESOURCE_REQUESTS_STORAGE_BYTES("kube_persistentvolumeclaim_resource_requests_storage_bytes",
            Type.GAUGE, Source.KSM, "[STABLE] The capacity of storage requested by the persistent volume claim."),
    KUBE_PERSISTENTVOLUME_INFO("kube_persistentvolume_info", Type.GAUGE, Source.KSM,
            "[STABLE] Information about persistentvolume."),
    KUBE_PERSISTENTVOLUME_CAPACITY_BYTES("kube_persistentvolume_capacity_bytes", Type.GAUGE, Source.KSM,
            "[STABLE] Persistentvolume capacity in bytes."),
    KUBE_PERSISTENTVOLUME_CLAIM_REF("kube_persistentvolume_claim_ref", Type.GAUGE, Source.KSM,
            "[STABLE] Information about the Persistent Volume Claim Reference."),
    // kube-state-metrics: owners
    KUBE_REPLICASET_OWNER("kube_replicaset_owner", Type.GAUGE, Source.KSM, "[STABLE] Information about the ReplicaSet's owner."),
    KUBE_JOB_OWNER("kube_job_owner", Type.GAUGE, Source.KSM, "[STABLE] Information about the Job's owner."),
    // kube-state-metrics: pods and containers
    KUBE_POD_INFO("kube_pod_info", Type.GAUGE, Source.KSM, "[STABLE] Information about pod."),
    KUBE_POD_OWNER("kube_pod_owner", Type.GAUGE, Source.KSM, "[STABLE] Information about the Pod's owner."),
    KUBE_POD_STATUS_PHASE("kube_pod_status_phase", Type.GAUGE, Source.KSM, "[STABLE] The pods current phase."),
    KUBE_POD_START_TIME("kube_pod_start_time", Type.GAUGE, Source.KSM, "[STABLE] Start time in unix timestamp for a pod."),
    KUBE_POD_COMPLETION_TIME("kube_pod_completion_time", Type.GAUGE, Source.KSM,
            "[STABLE] Completion time in unix timestamp for a pod."),
    KUBE_POD_SPEC_VOLUMES_PERSISTENTVOLUMECLAIMS_INFO("kube_pod_spec_volumes_persistentvolumeclaims_info", Type.GAUGE,
            Source.KSM, "[STABLE] Information about persistentvolumeclaim volumes in a pod."),
    KUBE_POD_CONTAINER_INFO("kube_pod_container_info", Type.GAUGE, Source.KSM,
            "[STABLE] Information about a container in a pod."),
    KUBE_POD_CONTAINER_RESOURCE_REQUESTS("kube_pod_container_resource_requests", Type.GAUGE, Source.KSM,
            "The number of requested request resource by a container. It is recommended to use the kube_pod_resource_requests "
                    + "metric exposed by kube-scheduler instead, as it is more precise."),
    KUBE_POD_CONTAINER_RESOURCE_LIMITS("kube_pod_container_resource_limits", Type.GAUGE, Source.KSM,
            "The number of requested limit resource by a container. It is recommended to use the kube_pod_resource_limits "
                    + "metric exposed by kube-scheduler instead, as it is more precise."),
    KUBE_POD_CONTAINER_STATUS_RESTARTS_TOTAL("kube_pod_container_status_restarts_total", Type.COUNTER, Source.KSM,
            "[STABLE] The number of container restarts per container."),
    KUBE_POD_CONTAINER_STATUS_RUNNING("kube_pod_container_status_running", Type.GAUGE, Source.KSM,
            "[STABLE] Describes whether the container is currently in running state."),
    KUBE_POD_CONTAINER_STATUS_LAST_TERMINATED_REASON("kube_pod_container_status_last_terminated_reason", Type.GAUGE,
            Source.KSM, "Describes the last reason the container was in terminated state."),
    // kubelet /metrics/cadvisor
    MACHINE_CPU_CORES("machine_cpu_cores", Type.GAUGE, Source.CADVISOR, "Number of logical CPU cores."),
    MACHINE_MEMORY_BYTES("machine_memory_bytes", Type.GAUGE, Source.CADVISOR, "Amount of memory installed on the machine."),
    CONTAINER_CPU_USAGE_SECONDS_TOTAL("container_cpu_usage_seconds_total", Type.COUNTER, Source.CADVISOR,
            "Cumulative cpu time consumed in seconds."),
    CONTAINER_MEMORY_WORKING_SET_BYTES("container_memory_working_set_bytes", Type.GAUGE, Source.CADVISOR,
            "Current working set in bytes."),
    CONTAINER_CPU_CFS_PERIODS_TOTAL("container_cpu_cfs_periods_total", Type.COUNTER, Source.CADVISOR,
            "Number of elapsed enforcement period intervals."),
    CONTAINER_CPU_CFS_THROTTLED_PERIODS_TOTAL("container_cpu_cfs_throttled_periods_total", Type.COUNTER, Source.CADVISOR,
            "Number of throttled period intervals."),
    CONTAINER_OOM_EVENTS_TOTAL("container_oom_events_total", Type.COUNTER, Source.CADVISOR,
            "Count of out of memory events observed for the container"),
    CONTAINER_START_TIME_SECONDS("container_start_time_seconds", Type.GAUGE, Source.CADVISOR,
            "Start time of the container since unix epoch in seconds."),
    // kubelet /metrics
    KUBELET_VOLUME_STATS_CAPACITY_BYTES("kubelet_volume_stats_capacity_bytes", Type.GAUGE, Source.KUBELET,
            "[ALPHA] Capacity in bytes of the volume"),
    KUBELET_VOLUME_STATS_USED_BYTES("kubelet_volume_stats_used_bytes", Type.GAUGE, Source.KUBELET,
            "[ALPHA] Number of used bytes in the volume");

    /** Prometheus metric type (counters become cumulative monotonic sums in OTLP). */
    public enum Type { GAUGE, COUNTER }

    /** The exporter, which decides the scrape target and its {@code metrics_path}. */
    public enum Source { KSM, CADVISOR, KUBELET }

    private final String metricName;
    private final Type type;
    private final Source source;
    private final String help;

    Family(String metricName, Type type, Source source, String help) {
        this.metricName = metricName;
        this.type = type;
        this.source = source;
        this.help = help;
    }

    public String metricName() {
        return metricName;
    }

    public Type type() {
        return type;
    }

    public Source source() {
        return source;
    }

    public String help() {
        return help;
    }

    public static Family ofMetricName(String name) {
        for (Family f : values()) {
            if (f.metricName.equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("not a simulated family: " + name);
    }
}
