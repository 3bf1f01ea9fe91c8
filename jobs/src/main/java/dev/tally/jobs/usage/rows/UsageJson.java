package dev.tally.jobs.usage.rows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * A usage row as JSON on {@code tally.usage.v1}: the column names of {@code usage_hourly}
 * (snake_case), {@code hour} as ISO-8601 UTC, decimals as JSON numbers written exactly.
 */
public final class UsageJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private UsageJson() {
    }

    public static byte[] write(UsageHourly r) {
        ObjectNode n = MAPPER.createObjectNode();
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
        try {
            return MAPPER.writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a usage row as JSON", e);
        }
    }

    /** The record key: one container's row, so its versions stay in one partition in order. */
    public static byte[] key(UsageHourly r) {
        return (r.cluster() + "/" + r.namespace() + "/" + r.pod() + "/" + r.podUid() + "/" + r.container() + "/"
                + r.hour()).getBytes(StandardCharsets.UTF_8);
    }
}
