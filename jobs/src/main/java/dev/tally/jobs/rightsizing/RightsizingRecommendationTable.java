package dev.tally.jobs.rightsizing;

import dev.tally.common.rightsizing.ResourceSettings;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.rightsizing.RiskReason;
import dev.tally.jobs.clickhouse.ClickHouseTable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.List;
import java.util.stream.Collectors;

/** {@code rightsizing_recommendations} (migrations V0005, V0008: {@code price_source}); risk reasons comma-separated. */
public final class RightsizingRecommendationTable implements ClickHouseTable<RightsizingRecommendation> {
    @Override
    public String name() {
        return "rightsizing_recommendations";
    }

    @Override
    public List<String> columns() {
        return List.of("computed_at", "cluster", "namespace", "workload_kind", "workload_name", "container", "strategy",
                "status", "risk_reasons", "current_cpu_request_cores", "current_cpu_limit_cores",
                "current_memory_request_bytes", "current_memory_limit_bytes", "recommended_cpu_request_cores",
                "recommended_cpu_limit_cores", "recommended_memory_request_bytes", "recommended_memory_limit_bytes",
                "cpu_target_percentile", "cpu_target_cores", "memory_target_percentile", "memory_target_bytes",
                "memory_peak_bytes", "oom_kills", "cpu_throttled_ratio", "confidence", "history_hours", "samples",
                "replicas", "monthly_cost_current", "monthly_cost_recommended", "monthly_savings", "currency", "price_source");
    }

    @Override
    public void bind(PreparedStatement s, RightsizingRecommendation r) throws SQLException {
        s.setTimestamp(1, Timestamp.from(r.computedAt()));
        s.setString(2, r.container().cluster());
        s.setString(3, r.container().namespace());
        s.setString(4, r.container().workloadKind());
        s.setString(5, r.container().workloadName());
        s.setString(6, r.container().container());
        s.setString(7, r.strategy().label());
        s.setString(8, r.status().label());
        s.setString(9, r.riskReasons().stream().map(RiskReason::label).collect(Collectors.joining(",")));
        resources(s, 10, r.current());
        resources(s, 14, r.recommended());
        s.setDouble(18, r.cpuTargetPercentile());
        setDouble(s, 19, r.cpuTargetCores());
        s.setDouble(20, r.memoryTargetPercentile());
        setLong(s, 21, r.memoryTargetBytes());
        setLong(s, 22, r.memoryPeakBytes());
        s.setLong(23, r.oomKills());
        setDouble(s, 24, r.cpuThrottledRatio());
        s.setDouble(25, r.confidence());
        s.setDouble(26, r.historyHours());
        s.setLong(27, r.samples());
        s.setInt(28, r.replicas());
        s.setBigDecimal(29, r.monthlyCostCurrent());
        s.setBigDecimal(30, r.monthlyCostRecommended());
        s.setBigDecimal(31, r.monthlySavings());
        s.setString(32, r.currency());
        s.setString(33, r.priceSource().label());
    }

    private static void resources(PreparedStatement s, int at, ResourceSettings r) throws SQLException {
        setDouble(s, at, r.cpuRequestCores());
        setDouble(s, at + 1, r.cpuLimitCores());
        setLong(s, at + 2, r.memoryRequestBytes());
        setLong(s, at + 3, r.memoryLimitBytes());
    }

    private static void setDouble(PreparedStatement s, int at, Double v) throws SQLException {
        if (v == null) {
            s.setNull(at, Types.DOUBLE);
        } else {
            s.setDouble(at, v);
        }
    }

    private static void setLong(PreparedStatement s, int at, Long v) throws SQLException {
        if (v == null) {
            s.setNull(at, Types.BIGINT);
        } else {
            s.setLong(at, v);
        }
    }
}
