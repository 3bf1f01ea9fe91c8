package dev.tally.jobs.usage.decode;

import java.util.Set;

/**
 * The metric families the usage job reads, in Prometheus names (the OpenTelemetry Collector's own
 * names are translated into these: {@code decode.collector.CollectorMetrics}); everything else in a
 * record is skipped on decode.
 */
public final class UsageFamilies {
    public static final String CPU_USAGE = "container_cpu_usage_seconds_total";
    public static final String CFS_PERIODS = "container_cpu_cfs_periods_total";
    public static final String CFS_THROTTLED = "container_cpu_cfs_throttled_periods_total";
    public static final String WORKING_SET = "container_memory_working_set_bytes";
    public static final String CONTAINER_START = "container_start_time_seconds";

    public static final String POD_INFO = "kube_pod_info";
    public static final String POD_OWNER = "kube_pod_owner";
    public static final String POD_PHASE = "kube_pod_status_phase";
    public static final String POD_START = "kube_pod_start_time";
    public static final String REQUESTS = "kube_pod_container_resource_requests";
    public static final String LIMITS = "kube_pod_container_resource_limits";
    public static final String RESTARTS = "kube_pod_container_status_restarts_total";
    public static final String RUNNING = "kube_pod_container_status_running";
    public static final String CONTAINER_INFO = "kube_pod_container_info";
    public static final String LAST_TERMINATED = "kube_pod_container_status_last_terminated_reason";
    public static final String REPLICASET_OWNER = "kube_replicaset_owner";
    public static final String JOB_OWNER = "kube_job_owner";

    public static final String NODE_INFO = "kube_node_info";
    public static final String NODE_LABELS = "kube_node_labels";
    public static final String NODE_CAPACITY = "kube_node_status_capacity";
    public static final String NODE_ALLOCATABLE = "kube_node_status_allocatable";

    public static final String PVC_INFO = "kube_persistentvolumeclaim_info";
    public static final String PVC_REQUEST = "kube_persistentvolumeclaim_resource_requests_storage_bytes";
    public static final String PV_INFO = "kube_persistentvolume_info";
    public static final String PV_CAPACITY = "kube_persistentvolume_capacity_bytes";

    public static final Set<String> ALL = Set.of(CPU_USAGE, CFS_PERIODS, CFS_THROTTLED, WORKING_SET, CONTAINER_START,
            POD_INFO, POD_OWNER, POD_PHASE, POD_START, REQUESTS, LIMITS, RESTARTS, RUNNING, CONTAINER_INFO,
            LAST_TERMINATED, REPLICASET_OWNER, JOB_OWNER, NODE_INFO, NODE_LABELS, NODE_CAPACITY, NODE_ALLOCATABLE,
            PVC_INFO, PVC_REQUEST, PV_INFO, PV_CAPACITY);

    private UsageFamilies() {
    }
}
