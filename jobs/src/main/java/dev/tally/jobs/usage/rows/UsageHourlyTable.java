package dev.tally.jobs.usage.rows;

import dev.tally.jobs.clickhouse.ClickHouseTable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/** {@code usage_hourly} (migration V0003). */
public final class UsageHourlyTable implements ClickHouseTable<UsageHourly> {
    @Override
    public String name() {
        return "usage_hourly";
    }

    @Override
    public List<String> columns() {
        return List.of("hour", "cluster", "namespace", "pod", "pod_uid", "container", "node", "workload_kind",
                "workload_name", "cpu_request_core_seconds", "cpu_limit_core_seconds", "memory_request_byte_seconds",
                "memory_limit_byte_seconds", "pod_running_seconds", "cpu_usage_core_seconds", "cpu_cfs_periods",
                "cpu_cfs_throttled_periods", "memory_working_set_avg_bytes", "memory_working_set_max_bytes",
                "memory_samples", "oom_kills", "restarts", "samples", "version");
    }

    @Override
    public void bind(PreparedStatement s, UsageHourly r) throws SQLException {
        s.setTimestamp(1, Timestamp.from(r.hour()));
        s.setString(2, r.cluster());
        s.setString(3, r.namespace());
        s.setString(4, r.pod());
        s.setString(5, r.podUid());
        s.setString(6, r.container());
        s.setString(7, r.node() == null ? "" : r.node());
        s.setString(8, r.workloadKind());
        s.setString(9, r.workloadName());
        s.setBigDecimal(10, r.cpuRequestCoreSeconds());
        s.setBigDecimal(11, r.cpuLimitCoreSeconds());
        s.setBigDecimal(12, r.memoryRequestByteSeconds());
        s.setBigDecimal(13, r.memoryLimitByteSeconds());
        s.setBigDecimal(14, r.podRunningSeconds());
        s.setBigDecimal(15, r.cpuUsageCoreSeconds());
        s.setLong(16, r.cpuCfsPeriods());
        s.setLong(17, r.cpuCfsThrottledPeriods());
        s.setDouble(18, r.memoryWorkingSetAvgBytes());
        s.setDouble(19, r.memoryWorkingSetMaxBytes());
        s.setLong(20, r.memorySamples());
        s.setLong(21, r.oomKills());
        s.setLong(22, r.restarts());
        s.setLong(23, r.samples());
        s.setLong(24, r.version());
    }
}
