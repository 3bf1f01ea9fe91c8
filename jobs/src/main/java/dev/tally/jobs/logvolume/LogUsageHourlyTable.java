package dev.tally.jobs.logvolume;

import dev.tally.jobs.clickhouse.ClickHouseTable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/** {@code log_usage_hourly} (migration {@code V*__log_usage_hourly.sql}). */
public final class LogUsageHourlyTable implements ClickHouseTable<LogUsageHourly> {

    @Override
    public String name() {
        return "log_usage_hourly";
    }

    @Override
    public List<String> columns() {
        return List.of("hour", "cluster", "namespace", "workload_kind", "workload_name", "records", "bytes", "version");
    }

    @Override
    public void bind(PreparedStatement statement, LogUsageHourly row) throws SQLException {
        statement.setTimestamp(1, Timestamp.from(row.hour()));
        statement.setString(2, row.cluster());
        statement.setString(3, row.namespace());
        statement.setString(4, row.workloadKind());
        statement.setString(5, row.workloadName());
        statement.setLong(6, row.records());
        statement.setLong(7, row.bytes());
        statement.setLong(8, row.version());
    }
}
