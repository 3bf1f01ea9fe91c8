package dev.tally.jobs.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.jobs.ingesthealth.IngestSamplesHourly;
import dev.tally.jobs.ingesthealth.IngestSamplesHourlyTable;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The writer against a port where nothing listens: it retries, then fails the job naming the table and the budget. */
class ClickHouseSinkWriterTest {

    @Test
    void aBatchThatCannotBeInsertedIsRetriedUntilTheOutageBudgetIsSpent() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ClickHouseUrl nowhere = new ClickHouseUrl("http", "127.0.0.1", closedPort, "tally", "default", "");
        ClickHouseRetry retry = new ClickHouseRetry(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofMillis(300));
        ClickHouseSink.Writer<IngestSamplesHourly> writer = new ClickHouseSink.Writer<>(
                ClickHouseSinkSettings.of(nowhere).withRetry(retry), new IngestSamplesHourlyTable());
        writer.write(new IngestSamplesHourly(Instant.parse("2026-11-02T00:00:00Z"), "aks-a", "remote_write", 120), null);

        assertThatThrownBy(() -> writer.flush(false))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("could not insert 1 rows into tally.ingest_samples_hourly")
                .hasMessageContaining("outage budget PT0.3S");
        // the budget runs from the first failure, so that one is always retried (and counted)
        assertThat(writer.retries.getCount()).isPositive();
        assertThat(writer.unavailableSeconds()).as("reset for the restarted job").isZero();
        writer.close();
    }
}
