package dev.tally.jobs.ingesthealth;

import static dev.tally.jobs.ingesthealth.SampleCountingTest.series;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.testing.CollectingSink;
import dev.tally.jobs.testing.ListSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The ingest-samples pipeline on known in-memory input: totals per hour, and what it refuses. */
class IngestSamplesJobIT {
    static final Instant START = Instant.parse("2026-11-20T00:00:00Z");

    @Test
    void countsEverySamplePerClusterAndHourAndTurnsBadRecordsIntoDeadLetters() throws Exception {
        List<RawTelemetry> input = new ArrayList<>();
        long offset = 0;
        // two clusters, 3 hours of scrapes every 30 s, 2 series per scrape
        for (Instant t = START; t.isBefore(START.plus(Duration.ofHours(3))); t = t.plusSeconds(30)) {
            for (String cluster : List.of("aks-prod-weu", "aks-dev-weu")) {
                RemoteWrite.WriteRequest scrape = RemoteWrite.WriteRequest.newBuilder()
                        .addTimeseries(series("container_cpu_usage_seconds_total", t))
                        .addTimeseries(series("container_memory_working_set_bytes", t))
                        .build();
                input.add(new RawTelemetry(cluster, RecordHeaders.REMOTE_WRITE_PROTOBUF, scrape.toByteArray(),
                        SourcePosition.kafka("tally.metrics.v1", 0, offset++)));
            }
        }
        input.add(500, new RawTelemetry("aks-prod-weu", RecordHeaders.REMOTE_WRITE_PROTOBUF,
                "garbage".getBytes(StandardCharsets.UTF_8), SourcePosition.kafka("tally.metrics.v1", 1, 77)));
        input.add(new RawTelemetry(null, RecordHeaders.REMOTE_WRITE_PROTOBUF, new byte[0],
                SourcePosition.kafka("tally.metrics.v1", 2, 5)));

        CollectingSink<IngestSamplesHourly> totals = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        new IngestSamplesJob(ListSource.of(input, RawTelemetry.class), totals, deadLetters,
                IngestSamplesJob.IngestSamplesSettings.defaults()).addTo(env);
        env.execute("ingest samples on known input");

        // what ClickHouse's ReplacingMergeTree keeps: the highest version per row
        Map<String, Long> latest = new TreeMap<>();
        for (IngestSamplesHourly row : totals.collected()) {
            latest.merge(row.cluster() + " " + row.hour(), row.samples(), Math::max);
        }
        assertThat(latest).containsExactlyEntriesOf(new TreeMap<>(Map.of(
                "aks-dev-weu 2026-11-20T00:00:00Z", 240L,
                "aks-dev-weu 2026-11-20T01:00:00Z", 240L,
                "aks-dev-weu 2026-11-20T02:00:00Z", 240L,
                "aks-prod-weu 2026-11-20T00:00:00Z", 240L,
                "aks-prod-weu 2026-11-20T01:00:00Z", 240L,
                "aks-prod-weu 2026-11-20T02:00:00Z", 240L)));

        assertThat(deadLetters.collected())
                .extracting(d -> d.position().toString() + " " + d.reason().split(":")[0])
                .containsExactlyInAnyOrder(
                        "tally.metrics.v1-1@77 not a remote_write WriteRequest",
                        "tally.metrics.v1-2@5 record has no tally-cluster-id header");
        assertThat(deadLetters.collected()).allSatisfy(d -> assertThat(d.stage()).isEqualTo(IngestSamplesJob.STAGE));
    }
}
