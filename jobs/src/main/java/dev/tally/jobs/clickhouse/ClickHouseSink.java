package dev.tally.jobs.clickhouse;

import dev.tally.common.clickhouse.ReopeningConnection;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes rows to ClickHouse through the official JDBC driver, in batches. A batch is sent
 * when it is full and, always, before a checkpoint completes ({@link SinkWriter#flush}), so
 * a checkpoint never covers rows that are not in ClickHouse. After a failure the job replays
 * from its checkpoint and may send some rows again: the tables are built to absorb that
 * (see {@link ClickHouseTable}), which makes the whole path exactly-once in effect.
 *
 * <p>While ClickHouse does not answer, the writer retries the batch with capped exponential
 * backoff and blocks meanwhile ({@link ClickHouseRetry}): Flink backpressures, the sources stop
 * reading Kafka and no checkpoint completes, so nothing is lost and nothing is acknowledged
 * early. Past the outage budget the writer fails the job, which restarts from its checkpoint.
 * Metrics per table: {@value #RETRIES_METRIC} (a counter) and {@value #UNAVAILABLE_METRIC}
 * (seconds the current batch has been failing, 0 while ClickHouse answers).
 */
public final class ClickHouseSink<T> implements Sink<T> {

    public static final String RETRIES_METRIC = "clickHouseInsertRetries";
    public static final String UNAVAILABLE_METRIC = "clickHouseUnavailableSeconds";

    private final ClickHouseSinkSettings settings;
    private final ClickHouseTable<T> table;

    public ClickHouseSink(ClickHouseSinkSettings settings, ClickHouseTable<T> table) {
        this.settings = settings;
        this.table = table;
    }

    /** A writer outside a Flink job (tools, tests): the same batches and retries, without metrics. */
    public SinkWriter<T> writer() {
        return new Writer<>(settings, table);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        Writer<T> writer = new Writer<>(settings, table);
        MetricGroup metrics = context.metricGroup().addGroup("table", table.name());
        metrics.counter(RETRIES_METRIC, writer.retries);
        metrics.gauge(UNAVAILABLE_METRIC, (Gauge<Long>) writer::unavailableSeconds);
        return writer;
    }

    static final class Writer<T> implements SinkWriter<T> {
        private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSink.class);
        /** While an outage lasts, one warning per this interval is enough for whoever reads the log. */
        private static final Duration WARN_EVERY = Duration.ofMinutes(1);

        private final ClickHouseSinkSettings settings;
        private final ClickHouseTable<T> table;
        private final String insertSql;
        private final List<T> batch = new ArrayList<>();
        private final ReopeningConnection connection;
        final Counter retries = new SimpleCounter();
        /** System.nanoTime() of the current batch's first failure; 0 while the inserts succeed. Read by the metric's thread. */
        private volatile long unavailableSinceNanos;

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
            ClickHouseRetry retry = settings.retry();
            long lastWarnNanos = 0;
            for (int failures = 1; ; failures++) {
                try {
                    insertBatch();
                    if (unavailableSinceNanos != 0) {
                        LOG.info("event=clickhouse_insert_recovered table={} rows={} failures={} unavailable_s={}",
                                table.name(), batch.size(), failures - 1, unavailableSeconds());
                        unavailableSinceNanos = 0;
                    }
                    batch.clear();
                    return;
                } catch (SQLException e) {
                    connection.reset();
                    long now = System.nanoTime();
                    if (unavailableSinceNanos == 0) {
                        unavailableSinceNanos = now;
                    }
                    Duration unavailable = Duration.ofNanos(now - unavailableSinceNanos);
                    Optional<Duration> pause = retry.nextPause(failures, unavailable);
                    if (pause.isEmpty()) {
                        unavailableSinceNanos = 0; // the job restarts with a fresh writer and budget
                        throw new IOException("could not insert " + batch.size() + " rows into " + settings.database() + "."
                                + table.name() + " for " + unavailable.toSeconds() + " s (" + failures
                                + " tries, outage budget " + retry.outageBudget() + "): " + e.getMessage(), e);
                    }
                    if (failures == 1 || now - lastWarnNanos >= WARN_EVERY.toNanos()) {
                        lastWarnNanos = now;
                        LOG.warn("event=clickhouse_unavailable table={} rows={} failures={} unavailable_s={} next_try_ms={}"
                                        + " budget_s={} error=\"{}\"", table.name(), batch.size(), failures, unavailable.toSeconds(),
                                pause.get().toMillis(), retry.outageBudget().toSeconds(), e.getMessage());
                    }
                    retries.inc();
                    Thread.sleep(pause.get().toMillis());
                }
            }
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

        long unavailableSeconds() {
            long since = unavailableSinceNanos;
            return since == 0 ? 0 : Duration.ofNanos(System.nanoTime() - since).toSeconds();
        }

        @Override
        public void close() {
            connection.close();
        }
    }
}
