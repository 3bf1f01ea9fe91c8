package dev.tally.jobs.clickhouse;

import dev.tally.common.clickhouse.ReopeningConnection;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows to ClickHouse through the official JDBC driver, in batches. A batch is sent
 * when it is full and, always, before a checkpoint completes ({@link SinkWriter#flush}), so
 * a checkpoint never covers rows that are not in ClickHouse. After a failure the job replays
 * from its checkpoint and may send some rows again: the tables are built to absorb that
 * (see {@link ClickHouseTable}), which makes the whole path exactly-once in effect.
 */
public final class ClickHouseSink<T> implements Sink<T> {

    private final ClickHouseSinkSettings settings;
    private final ClickHouseTable<T> table;

    public ClickHouseSink(ClickHouseSinkSettings settings, ClickHouseTable<T> table) {
        this.settings = settings;
        this.table = table;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        return new Writer<>(settings, table);
    }

    static final class Writer<T> implements SinkWriter<T> {
        private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSink.class);

        private final ClickHouseSinkSettings settings;
        private final ClickHouseTable<T> table;
        private final String insertSql;
        private final List<T> batch = new ArrayList<>();
        private final ReopeningConnection connection;

        Writer(ClickHouseSinkSettings settings, ClickHouseTable<T> table) {
            this.settings = settings;
            this.connection = new ReopeningConnection(settings.clickHouse());
            this.table = table;
            this.insertSql = table.insertSql(settings.database());
        }

        @Override
        public void write(T row, Context context) throws IOException, InterruptedException {
            batch.add(row);
            if (batch.size() >= settings.batchSize()) {
                flush(false);
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            if (batch.isEmpty()) {
                return;
            }
            SQLException last = null;
            for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
                try {
                    insertBatch();
                    batch.clear();
                    return;
                } catch (SQLException e) {
                    last = e;
                    connection.reset();
                    LOG.warn("event=clickhouse_insert_failed table={} rows={} attempt={} of={} error=\"{}\"",
                            table.name(), batch.size(), attempt, settings.maxAttempts(), e.getMessage());
                    if (attempt < settings.maxAttempts()) {
                        Thread.sleep(backoff(attempt).toMillis());
                    }
                }
            }
            throw new IOException("could not insert " + batch.size() + " rows into " + settings.database() + "."
                    + table.name() + " after " + settings.maxAttempts() + " attempts: " + last.getMessage(), last);
        }

        private void insertBatch() throws SQLException {
            try (PreparedStatement insert = connection.get().prepareStatement(insertSql)) {
                for (T row : batch) {
                    table.bind(insert, row);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }

        private Duration backoff(int attempt) {
            return settings.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 6));
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
