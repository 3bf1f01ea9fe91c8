package dev.tally.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.clickhouse.ClickHouseSink;
import dev.tally.jobs.clickhouse.ClickHouseSinkSettings;
import dev.tally.jobs.deadletter.DeadLetterSinks;
import dev.tally.jobs.logvolume.LogUsageHourlyTable;
import dev.tally.jobs.logvolume.LogVolumeJob;
import dev.tally.jobs.telemetry.RawTelemetrySource;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.truth.GroundTruth;
import dev.tally.local.fleet.truth.LogVolume;
import dev.tally.local.fleet.truth.WorkloadHour;
import dev.tally.local.flink.TestFlink;
import dev.tally.local.kafka.TestKafka;
import dev.tally.local.stack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The log-volume job end to end on real parts: the fleet simulator's OTLP logs (as the
 * Collector ships them) through the embedded Kafka broker, the job on the Flink MiniCluster,
 * ClickHouse through the JDBC driver. The rows must equal the simulator's ground truth exactly.
 */
class LogVolumePipelineIT {
    /** A Tuesday morning: rollouts (05:00–07:00 UTC, new pods and ReplicaSets) and the 07:00 scale-out. */
    static final Instant FROM = Instant.parse("2026-01-06T05:00:00Z");
    static final Instant TO = FROM.plus(Duration.ofHours(3));

    @Test
    void recordsAndBytesPerWorkloadAndHourEqualTheSimulatorsGroundTruth() throws Exception {
        FleetSimulator sim = new FleetSimulator(FleetSpec.demo());
        String topic = "it-logs-" + UUID.randomUUID();
        ClickHouseUrl clickHouse = TestClickHouse.server().withDatabase("it_" + UUID.randomUUID().toString().replace("-", ""));
        LocalStack.migrate(clickHouse, MigrationSettings.defaults().withDatabase(clickHouse.database()));
        TestKafka.createTopic(topic, 2, Map.of("max.message.bytes", Integer.toString(16 * 1024 * 1024)));

        try {
            runAndCompare(sim, topic, clickHouse);
        } finally { // 150 MB of logs: give the shared broker its disk back
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestKafka.bootstrapServers()))) {
                admin.deleteTopics(List.of(topic)).all().get();
            }
        }
    }

    private void runAndCompare(FleetSimulator sim, String topic, ClickHouseUrl clickHouse) throws Exception {
        long started = System.nanoTime();
        long[] produced = produceLogs(sim, topic);
        long producedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        runJob(topic, "it-" + topic, clickHouse);
        long jobMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) - producedMillis;

        GroundTruth truth = sim.groundTruth(FROM, TO);
        Map<WorkloadHour, LogVolume> rows = readBack(clickHouse);
        System.out.printf("event=log_volume_it batches=%d log_records=%d kafka_bytes=%d rows=%d produce_ms=%d job_ms=%d%n",
                produced[0], produced[1], produced[2], rows.size(), producedMillis, jobMillis);

        assertThat(truth.logs()).hasSizeGreaterThan(80);
        assertThat(rows).isEqualTo(truth.logs());
        assertThat(rows.keySet()).extracting(WorkloadHour::namespace).doesNotContain("unknown");
        assertThat(rows.keySet()).extracting(WorkloadHour::workloadKind)
                .contains("Deployment", "StatefulSet", "DaemonSet", "CronJob");

        // a replay of the whole topic (a new consumer group: a job restarted without its checkpoint)
        // rewrites the same rows with the same versions: nothing is counted twice
        runJob(topic, "it-replay-" + topic, clickHouse);
        assertThat(readBack(clickHouse)).isEqualTo(truth.logs());
    }

    private static void runJob(String topic, String group, ClickHouseUrl clickHouse) throws Exception {
        StreamExecutionEnvironment env = TestFlink.cluster().environment(group, 2);
        new LogVolumeJob(RawTelemetrySource.kafka(TestKafka.connection(), topic, group, true),
                new ClickHouseSink<>(ClickHouseSinkSettings.of(clickHouse), new LogUsageHourlyTable()),
                DeadLetterSinks.kafka(TestKafka.connection()),
                new LogVolumeJob.LogVolumeSettings(Duration.ofSeconds(1), Duration.ofDays(2), Duration.ofSeconds(2)))
                .addTo(env);
        JobClient job = env.executeAsync("it log volume " + group);
        job.getJobExecutionResult().get(5, TimeUnit.MINUTES);
    }

    /**
     * A batch ships the records written in the interval that ends at its scrape, so the ticks
     * {@code (FROM, TO]} carry exactly the records of {@code [FROM, TO)}.
     *
     * @return batches, log records and payload bytes sent
     */
    private static long[] produceLogs(FleetSimulator sim, String topic) {
        Properties config = new Properties();
        config.put("bootstrap.servers", TestKafka.bootstrapServers());
        config.put("acks", "all");
        config.put("enable.idempotence", "true");
        config.put("max.request.size", Integer.toString(16 * 1024 * 1024));
        config.put("linger.ms", "20");
        AtomicLong batches = new AtomicLong();
        AtomicLong records = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            sim.run(FROM.plusSeconds(30), TO.plusSeconds(30), batch -> {
                byte[] payload = batch.otlpLogs().toByteArray();
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                        batch.clusterId().getBytes(StandardCharsets.UTF_8), payload);
                record.headers().add(RecordHeaders.CONTENT_TYPE, RecordHeaders.OTLP_LOGS_PROTOBUF.getBytes(StandardCharsets.UTF_8));
                record.headers().add(RecordHeaders.CLUSTER_ID, batch.clusterId().getBytes(StandardCharsets.UTF_8));
                producer.send(record, (metadata, e) -> {
                    if (e != null) {
                        throw new IllegalStateException("could not produce a log batch: " + e.getMessage(), e);
                    }
                });
                batches.incrementAndGet();
                records.addAndGet(batch.otlpLogs().getResourceLogsList().stream()
                        .mapToLong(r -> r.getScopeLogsList().stream().mapToLong(s -> s.getLogRecordsCount()).sum()).sum());
                bytes.addAndGet(payload.length);
            });
            producer.flush();
        }
        return new long[]{batches.get(), records.get(), bytes.get()};
    }

    static Map<WorkloadHour, LogVolume> readBack(ClickHouseUrl clickHouse) throws Exception {
        Map<WorkloadHour, LogVolume> rows = new HashMap<>();
        try (Connection c = clickHouse.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT cluster, namespace, workload_kind, workload_name, toUnixTimestamp(hour),"
                     + " records, bytes FROM " + clickHouse.database() + ".log_usage_hourly_latest")) {
            while (r.next()) {
                WorkloadHour key = new WorkloadHour(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        Instant.ofEpochSecond(r.getLong(5)));
                assertThat(rows.put(key, new LogVolume(r.getLong(6), r.getLong(7)))).as("one row per key").isNull();
            }
        }
        return rows;
    }
}
