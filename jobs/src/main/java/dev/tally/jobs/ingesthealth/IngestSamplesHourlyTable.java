package dev.tally.jobs.ingesthealth;

import dev.tally.jobs.clickhouse.ClickHouseTable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/** {@code ingest_samples_hourly} (migration V0001). */
public final class IngestSamplesHourlyTable implements ClickHouseTable<IngestSamplesHourly> {

    @Override
    public String name() {
        return "ingest_samples_hourly";
    }

    @Override
    public List<String> columns() {
        return List.of("hour", "cluster", "content_type", "samples", "version");
    }

    @Override
    public void bind(PreparedStatement statement, IngestSamplesHourly row) throws SQLException {
        statement.setTimestamp(1, Timestamp.from(row.hour()));
        statement.setString(2, row.cluster());
        statement.setString(3, row.contentType());
        statement.setLong(4, row.samples());
        statement.setLong(5, row.version());
    }
}
