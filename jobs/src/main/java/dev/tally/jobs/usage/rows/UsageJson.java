package dev.tally.jobs.usage.rows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.jobs.logvolume.LogUsageHourly;
import java.nio.charset.StandardCharsets;

/**
 * The rows of {@code tally.usage.v1} as JSON (docs/pipeline.md, the usage topic): each carries {@code row_kind}
 * ({@code usage}, {@code node}, {@code volume} or {@code log}) and the column names of its table
 * ({@code usage_hourly}, {@code node_hourly}, {@code volume_hourly}, {@code log_usage_hourly}, snake_case), {@code hour} as
 * ISO-8601 UTC, decimals as JSON numbers written exactly. A record without {@code row_kind} is a
 * usage row (the topic's first rows had none).
 */
public final class UsageJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private UsageJson() {
    }

    public static final String ROW_KIND = "row_kind";
    public static final String USAGE = "usage";
    public static final String NODE = "node";
    public static final String VOLUME = "volume";
    /** A log volume row ({@code log_usage_hourly}), written by the log volume job for the allocation job. */
    public static final String LOG = "log";

    public static byte[] write(UsageHourly r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(ROW_KIND, USAGE);
        n.put("hour", r.hour().toString());
        n.put("cluster", r.cluster());
        n.put("namespace", r.namespace());
        n.put("pod", r.pod());
        n.put("pod_uid", r.podUid());
        n.put("container", r.container());
        n.put("node", r.node());
        n.put("workload_kind", r.workloadKind());
        n.put("workload_name", r.workloadName());
        n.put("cpu_request_core_seconds", r.cpuRequestCoreSeconds());
        n.put("cpu_limit_core_seconds", r.cpuLimitCoreSeconds());
        n.put("memory_request_byte_seconds", r.memoryRequestByteSeconds());
        n.put("memory_limit_byte_seconds", r.memoryLimitByteSeconds());
        n.put("pod_running_seconds", r.podRunningSeconds());
        n.put("cpu_usage_core_seconds", r.cpuUsageCoreSeconds());
        n.put("cpu_cfs_periods", r.cpuCfsPeriods());
        n.put("cpu_cfs_throttled_periods", r.cpuCfsThrottledPeriods());
        n.put("memory_working_set_avg_bytes", r.memoryWorkingSetAvgBytes());
        n.put("memory_working_set_max_bytes", r.memoryWorkingSetMaxBytes());
        n.put("memory_samples", r.memorySamples());
        n.put("oom_kills", r.oomKills());
        n.put("restarts", r.restarts());
        n.put("samples", r.samples());
        n.put("version", r.version());
        return bytes(n);
    }

    /** A node row: the columns of {@code node_hourly}. */
    public static byte[] write(NodeHourly r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(ROW_KIND, NODE);
        n.put("hour", r.hour().toString());
        n.put("cluster", r.cluster());
        n.put("node", r.node());
        n.put("node_pool", r.nodePool());
        n.put("vm_size", r.vmSize());
        n.put("vmss_resource_id", r.vmssResourceId());
        n.put("provider_id", r.providerId());
        n.put("capacity_cpu_cores", r.capacityCpuCores());
        n.put("capacity_memory_bytes", r.capacityMemoryBytes());
        n.put("allocatable_cpu_cores", r.allocatableCpuCores());
        n.put("allocatable_memory_bytes", r.allocatableMemoryBytes());
        n.put("seconds_present", r.secondsPresent());
        n.put("version", r.version());
        return bytes(n);
    }

    /** A volume row: the columns of {@code volume_hourly} (claim → volume → Azure disk). */
    public static byte[] write(VolumeHourly r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(ROW_KIND, VOLUME);
        n.put("hour", r.hour().toString());
        n.put("cluster", r.cluster());
        n.put("namespace", r.namespace());
        n.put("claim", r.claim());
        n.put("volume", r.volume());
        n.put("storage_class", r.storageClass());
        n.put("csi_driver", r.csiDriver());
        n.put("disk_resource_id", r.diskResourceId());
        n.put("requested_bytes", r.requestedBytes());
        n.put("capacity_bytes", r.capacityBytes());
        n.put("seconds_present", r.secondsPresent());
        n.put("version", r.version());
        return bytes(n);
    }

    /**
     * A log row: the columns of {@code log_usage_hourly} ({@code records}, {@code bytes}; version = records), the
     * running total of one workload's hour.
     */
    public static byte[] write(LogUsageHourly r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(ROW_KIND, LOG);
        n.put("hour", r.hour().toString());
        n.put("cluster", r.cluster());
        n.put("namespace", r.namespace());
        n.put("workload_kind", r.workloadKind());
        n.put("workload_name", r.workloadName());
        n.put("records", r.records());
        n.put("bytes", r.bytes());
        n.put("version", r.version());
        return bytes(n);
    }

    /** A log row's key: the workload's hour, so its running totals stay in order on one partition. */
    public static byte[] key(LogUsageHourly r) {
        return (LOG + "/" + r.cluster() + "/" + r.namespace() + "/" + r.workloadKind() + "/" + r.workloadName() + "/" + r.hour())
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The record key: one container's row, so its versions stay in one partition in order. */
    public static byte[] key(UsageHourly r) {
        return (r.cluster() + "/" + r.namespace() + "/" + r.pod() + "/" + r.podUid() + "/" + r.container() + "/"
                + r.hour()).getBytes(StandardCharsets.UTF_8);
    }

    /** A node row's key: the node's hour (never equal to a usage row's key: it starts with the kind). */
    public static byte[] key(NodeHourly r) {
        return ("node/" + r.cluster() + "/" + r.node() + "/" + r.hour()).getBytes(StandardCharsets.UTF_8);
    }

    /** A volume row's key: the claim's hour. */
    public static byte[] key(VolumeHourly r) {
        return ("volume/" + r.cluster() + "/" + r.namespace() + "/" + r.claim() + "/" + r.hour())
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a usage topic row as JSON", e);
        }
    }
}
