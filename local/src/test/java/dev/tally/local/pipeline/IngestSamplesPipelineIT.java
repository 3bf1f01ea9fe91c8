package dev.tally.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.clickhouse.ClickHouseSink;
import dev.tally.jobs.clickhouse.ClickHouseSinkSettings;
import dev.tally.jobs.ingesthealth.IngestSamplesHourly;
import dev.tally.jobs.ingesthealth.IngestSamplesHourlyTable;
import dev.tally.jobs.ingesthealth.IngestSamplesJob;
import dev.tally.jobs.telemetry.RawTelemetrySource;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.flink.TestFlink;
import dev.tally.local.kafka.TestKafka;
import dev.tally.local.stack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The first job end to end on real parts: the embedded Kafka broker, the Flink MiniCluster with
 * checkpoints, ClickHouse through the JDBC driver. A run that is killed mid-way and restarts from
 * its checkpoint must end with exactly the rows of a run that was never interrupted.
 */
class IngestSamplesPipelineIT {
    static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
    static final List<String> CLUSTERS = List.of("aks-prod-weu", "aks-dev-weu", "aks-prod-neu");
    static final int HOURS = 6;
    static final int SERIES_PER_SCRAPE = 50;

    @Test
    void aRunRestartedFromItsCheckpointAfterAFailureEndsWithTheRowsOfAnUninterruptedRun() throws Exception {
        Map<String, Long> expected = expectedSamplesPerClusterHour();

        Map<String, Long> uninterrupted = runPipeline(false);
        Map<String, Long> restarted = runPipeline(true);

        assertThat(uninterrupted).containsExactlyEntriesOf(expected);
        assertThat(restarted).containsExactlyEntriesOf(expected);
        assertThat(FailOnceSink.FAILED).isTrue();
        assertThat(FailOnceSink.WRITERS_CREATED.get()).as("the sink was recreated after the failure").isGreaterThan(2);
    }

    /** Two waves of scrapes through Kafka; with {@code fail}, the sink fails once between them. */
    private Map<String, Long> runPipeline(boolean fail) throws Exception {
        String topic = "it-metrics-" + UUID.randomUUID();
        ClickHouseUrl clickHouse = TestClickHouse.server().withDatabase("it_" + UUID.randomUUID().toString().replace("-", ""));
        LocalStack.migrate(clickHouse, MigrationSettings.defaults().withDatabase(clickHouse.database()));
        TestKafka.createTopic(topic, 3);
        FailOnceSink.reset();
        Sink<IngestSamplesHourly> sink = new ClickHouseSink<>(ClickHouseSinkSettings.of(clickHouse), new IngestSamplesHourlyTable());
        IngestSamplesJob job = new IngestSamplesJob(
                RawTelemetrySource.kafka(TestKafka.connection(), topic, "it-" + topic, false),
                fail ? new FailOnceSink<>(sink) : sink,
                dev.tally.jobs.deadletter.DeadLetterSinks.kafka(TestKafka.connection()),
                new IngestSamplesJob.IngestSamplesSettings(Duration.ofMillis(200), Duration.ofDays(2), Duration.ofSeconds(2)));
        StreamExecutionEnvironment env = TestFlink.cluster().environment("it-" + topic, 2);
        job.addTo(env);
        JobClient running = env.executeAsync("it ingest samples " + (fail ? "with a failure" : "uninterrupted"));
        try {
            produceScrapes(topic, 0, HOURS / 2);
            awaitTotal(clickHouse, total(expectedSamplesPerClusterHour(0, HOURS / 2)));
            if (fail) {
                Thread.sleep(1500); // let at least one checkpoint complete after those rows
                FailOnceSink.arm(1);
            }
            produceScrapes(topic, HOURS / 2, HOURS);
            awaitTotal(clickHouse, total(expectedSamplesPerClusterHour()));
            Thread.sleep(1000); // anything extra (a double count) would show up by now
            return readBack(clickHouse);
        } finally {
            running.cancel().get();
        }
    }

    private static void produceScrapes(String topic, int fromHour, int toHour) throws Exception {
        Properties config = new Properties();
        config.put("bootstrap.servers", TestKafka.bootstrapServers());
        config.put("acks", "all");
        config.put("enable.idempotence", "true");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Instant t = START.plus(Duration.ofHours(fromHour)); t.isBefore(START.plus(Duration.ofHours(toHour))); t = t.plusSeconds(30)) {
                for (String cluster : CLUSTERS) {
                    RemoteWrite.WriteRequest.Builder scrape = RemoteWrite.WriteRequest.newBuilder();
                    for (int s = 0; s < SERIES_PER_SCRAPE; s++) {
                        scrape.addTimeseries(RemoteWrite.TimeSeries.newBuilder()
                                .addLabels(RemoteWrite.Label.newBuilder().setName("__name__").setValue("container_memory_working_set_bytes"))
                                .addLabels(RemoteWrite.Label.newBuilder().setName("pod").setValue("pod-" + s))
                                .addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(t.toEpochMilli()).setValue(s)));
                    }
                    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, cluster.getBytes(StandardCharsets.UTF_8),
                            scrape.build().toByteArray());
                    record.headers().add(RecordHeaders.CONTENT_TYPE, RecordHeaders.REMOTE_WRITE_PROTOBUF.getBytes(StandardCharsets.UTF_8));
                    record.headers().add(RecordHeaders.CLUSTER_ID, cluster.getBytes(StandardCharsets.UTF_8));
                    producer.send(record);
                }
            }
            producer.flush();
        }
    }

    static Map<String, Long> expectedSamplesPerClusterHour() {
        return expectedSamplesPerClusterHour(0, HOURS);
    }

    static Map<String, Long> expectedSamplesPerClusterHour(int fromHour, int toHour) {
        Map<String, Long> expected = new TreeMap<>();
        for (String cluster : CLUSTERS) {
            for (int h = fromHour; h < toHour; h++) {
                expected.put(cluster + " " + START.plus(Duration.ofHours(h)), 120L * SERIES_PER_SCRAPE);
            }
        }
        return expected;
    }

    private static long total(Map<String, Long> byClusterHour) {
        return byClusterHour.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void awaitTotal(ClickHouseUrl clickHouse, long expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        long seen = -1;
        while (Instant.now().isBefore(deadline)) {
            seen = readBack(clickHouse).values().stream().mapToLong(Long::longValue).sum();
            if (seen >= expected) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("ClickHouse held " + seen + " samples after 2 minutes, expected " + expected);
    }

    static Map<String, Long> readBack(ClickHouseUrl clickHouse) throws Exception {
        Map<String, Long> rows = new TreeMap<>();
        try (Connection c = clickHouse.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT cluster, toUnixTimestamp(hour), samples FROM "
                     + clickHouse.database() + ".ingest_samples_hourly_latest")) {
            while (r.next()) {
                rows.put(r.getString(1) + " " + Instant.ofEpochSecond(r.getLong(2)), r.getLong(3));
            }
        }
        return rows;
    }
}
