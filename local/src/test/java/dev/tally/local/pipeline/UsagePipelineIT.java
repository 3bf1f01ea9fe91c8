package dev.tally.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.clickhouse.ClickHouseSink;
import dev.tally.jobs.clickhouse.ClickHouseSinkSettings;
import dev.tally.jobs.telemetry.RawTelemetrySource;
import dev.tally.jobs.usage.UsageJob;
import dev.tally.jobs.usage.UsageSettings;
import dev.tally.jobs.usage.rows.NodeHourly;
import dev.tally.jobs.usage.rows.NodeHourlyTable;
import dev.tally.jobs.usage.rows.UsageHourly;
import dev.tally.jobs.usage.rows.UsageHourlyTable;
import dev.tally.jobs.usage.rows.VolumeHourly;
import dev.tally.jobs.usage.rows.VolumeHourlyTable;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.ScrapeBatch;
import dev.tally.local.fleet.truth.GroundTruth;
import dev.tally.local.flink.TestFlink;
import dev.tally.local.kafka.TestKafka;
import dev.tally.local.stack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test of the usage job: the simulator's demo fleet, as remote_write records on
 * the embedded Kafka broker, through {@link UsageJob} on the Flink MiniCluster into ClickHouse;
 * the rows read back through the {@code _latest} views equal the simulator's ground truth
 * exactly. On top of what the fleet does by itself (counter resets, restarts, OOM kills,
 * rollouts, CronJob churn, node scale-out), the input holds:
 * The usage rows on {@code tally.usage.v1} (highest version per row key) carry the same CPU as
 * ClickHouse's. The job also fails once mid-way (its usage sink throws) and restarts from its checkpoint:
 * the hour buckets in state and the Kafka offsets come back together, nothing counts twice.
 * <ul>
 *   <li>an HA Prometheus pair for one cluster during two hours: every record twice, each copy
 *       with its own {@code prometheus_replica} label;</li>
 *   <li>late data: 20 minutes of one cluster's scrapes held back and sent after everything
 *       else (within the lateness: the hour is recomputed with a higher version);</li>
 *   <li>a record two days older than the rest: beyond the lateness, a dead letter.</li>
 * </ul>
 */
class UsagePipelineIT {
    static final Instant FROM = Instant.parse("2026-01-06T04:00:00Z"); // a Tuesday: rollouts 05–07, scale-out from 07
    static final int HOURS = Integer.getInteger("tally.it.usage.hours", 6);
    static final Instant TO = FROM.plus(Duration.ofHours(HOURS));
    static final String HA_CLUSTER = "aks-prod-weu";
    static final Instant HA_FROM = FROM.plus(Duration.ofHours(1));
    static final Instant HA_TO = FROM.plus(Duration.ofHours(3));
    static final String LATE_CLUSTER = "aks-dev-weu";
    /** Within the default lateness (6 h) of the data's end, whatever the run's length. */
    static final Instant LATE_FROM = TO.minus(Duration.ofHours(4)).plus(Duration.ofMinutes(20));
    static final Instant LATE_TO = LATE_FROM.plus(Duration.ofMinutes(20));
    /** The usage sink fails once at this row: the job restarts from its last checkpoint (state and offsets). */
    static final int FAIL_AT_ROW = 600;

    @Test
    void usageRowsInClickHouseEqualTheFleetsGroundTruth() throws Exception {
        FleetSimulator sim = new FleetSimulator(FleetSpec.demo());
        long step = sim.spec().scrapeInterval().toSeconds();
        String topic = "it-usage-" + UUID.randomUUID();
        ClickHouseUrl clickHouse = TestClickHouse.server().withDatabase("it_" + UUID.randomUUID().toString().replace("-", ""));
        LocalStack.migrate(clickHouse, MigrationSettings.defaults().withDatabase(clickHouse.database()));
        TestKafka.createTopic(topic, 2);

        CollectingDeadLetters.LETTERS.clear();
        FailOnceSink.reset();
        FailOnceSink.arm(FAIL_AT_ROW);
        ClickHouseSinkSettings sink = ClickHouseSinkSettings.of(clickHouse);
        UsageJob job = new UsageJob(RawTelemetrySource.kafka(TestKafka.connection(), topic, "it-" + topic, false),
                new FailOnceSink<>(new ClickHouseSink<>(sink, new UsageHourlyTable())),
                new ClickHouseSink<>(sink, new NodeHourlyTable()),
                new ClickHouseSink<>(sink, new VolumeHourlyTable()),
                UsageJob.usageTopic(TestKafka.connection()),
                new CollectingDeadLetters(),
                UsageSettings.defaults().withSourceIdleness(Duration.ofSeconds(2)));
        StreamExecutionEnvironment env = TestFlink.cluster().environment("it-" + topic, 2);
        env.enableCheckpointing(2_000);
        job.addTo(env);
        JobClient running = env.executeAsync("it usage");
        long[] firstVersions = new long[1];
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            long started = System.nanoTime();
            List<ScrapeBatch> held = new ArrayList<>();
            long[] produced = produceFleet(sim, producer, topic, held);
            Instant lastHour = TO.minus(Duration.ofHours(1));
            await("the hour before the last one is written", () -> rowsOf(clickHouse, lastHour.minus(Duration.ofHours(1))) > 0);
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("usage job: %d records, %d samples through the job in %d ms (%.0f samples/s, 2 shared cores)%n",
                    produced[0], produced[1], millis, produced[1] * 1000.0 / millis);

            long firstVersion = maxVersion(clickHouse, LATE_CLUSTER, LATE_FROM);
            assertThat(firstVersion).as("the hour with a hole was computed").isPositive();
            firstVersions[0] = firstVersion;

            // now late: the held-back scrapes (within the lateness) and a record two days older (beyond it)
            for (ScrapeBatch batch : held) {
                send(producer, topic, batch.clusterId(), batch.remoteWrite(), new AtomicLong(), new AtomicLong());
            }
            send(producer, topic, LATE_CLUSTER, shifted(held.get(0).remoteWrite(), Duration.ofDays(-2)), new AtomicLong(), new AtomicLong());
            // then an hour later, one sample per cluster moves event time past the last hour
            for (String cluster : sim.clusterIds()) {
                send(producer, topic, cluster, endOfData(TO.plus(Duration.ofHours(1))), new AtomicLong(), new AtomicLong());
            }
            producer.flush();
        }
        await("the late hour is written again with a higher version",
                () -> maxVersion(clickHouse, LATE_CLUSTER, LATE_FROM) > firstVersions[0]);
        await("the last hour is written", () -> rowsOf(clickHouse, TO.minus(Duration.ofHours(1))) > 0);
        await("the too-late record is a dead letter", () -> !CollectingDeadLetters.LETTERS.isEmpty());
        // rows arrive with the checkpoints: compare until they equal the truth, or time is up
        GroundTruth truth = sim.groundTruth(FROM, TO);
        List<String> diffs = differences(truth, clickHouse, step);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (!diffs.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(2_000);
            diffs = differences(truth, clickHouse, step);
        }
        if (diffs.isEmpty()) {
            Thread.sleep(3_000); // anything written after that (a double count) would show now
            diffs = differences(truth, clickHouse, step);
        }
        running.cancel().get();
        System.out.println("compared " + UsageTruth.coverage(truth, FROM, TO) + ": " + diffs.size() + " differences");
        diffs.stream().limit(40).forEach(System.out::println);
        assertThat(diffs).isEmpty();
        assertThat(FailOnceSink.FAILED).as("the job failed once and restarted from its checkpoint").isTrue();

        // tally.usage.v1 carries the same rows: per row key, the highest version's CPU equals ClickHouse's
        Map<String, java.math.BigDecimal> inClickHouse = new java.util.TreeMap<>();
        for (UsageHourly r : readUsage(clickHouse)) {
            inClickHouse.put(new String(dev.tally.jobs.usage.rows.UsageJson.key(r), StandardCharsets.UTF_8),
                    r.cpuUsageCoreSeconds().stripTrailingZeros());
        }
        assertThat(usageTopic(inClickHouse.size())).isEqualTo(inClickHouse);
        // and the node and volume rows the allocation job needs
        assertThat(TOPIC_ROW_KINDS).containsKeys("node", "volume");

        // dead letters are at-least-once: a restart after one was sent may send it again
        assertThat(CollectingDeadLetters.LETTERS.stream().map(l -> l.position() + " " + l.reason()).distinct())
                .singleElement().satisfies(letter -> assertThat(letter).contains("arrived more than PT6H after that hour ended"));
    }

    /** Reads tally.usage.v1 until it holds {@code keys} row keys: per key, the CPU of the highest version. */
    /** Rows of tally.usage.v1 other than usage rows, by row_kind, as {@link #usageTopic} saw them. */
    private static final Map<String, Integer> TOPIC_ROW_KINDS = new java.util.TreeMap<>();

    private static Map<String, java.math.BigDecimal> usageTopic(int keys) throws Exception {
        Map<String, Integer> rowKinds = TOPIC_ROW_KINDS;
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        Map<String, Long> versions = new java.util.HashMap<>();
        Map<String, java.math.BigDecimal> cpu = new java.util.TreeMap<>();
        Properties config = new Properties();
        config.put("bootstrap.servers", TestKafka.bootstrapServers());
        config.put("group.id", "it-usage-topic-" + UUID.randomUUID());
        config.put("auto.offset.reset", "earliest");
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                config, new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(dev.tally.common.topics.Topic.USAGE.topicName()));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            int quiet = 0;
            while (Instant.now().isBefore(deadline) && (cpu.size() < keys || quiet < 3)) {
                var records = consumer.poll(Duration.ofMillis(500));
                quiet = records.isEmpty() ? quiet + 1 : 0;
                for (var record : records) {
                    var row = json.readTree(record.value());
                    if (!"usage".equals(row.path("row_kind").asText())) {
                        rowKinds.merge(row.path("row_kind").asText(), 1, Integer::sum);
                        continue;   // node and volume rows share the topic (docs/usage-topic.md)
                    }
                    Instant hour = Instant.parse(row.get("hour").asText());
                    if (hour.isBefore(FROM) || !hour.isBefore(TO.plus(Duration.ofHours(2)))) {
                        continue;
                    }
                    String key = new String(record.key(), StandardCharsets.UTF_8);
                    long version = row.get("version").asLong();
                    if (version >= versions.getOrDefault(key, Long.MIN_VALUE)) {
                        versions.put(key, version);
                        cpu.put(key, row.get("cpu_usage_core_seconds").decimalValue().stripTrailingZeros());
                    }
                }
            }
        }
        return cpu;
    }

    private static List<String> differences(GroundTruth truth, ClickHouseUrl clickHouse, long step) throws Exception {
        List<String> diffs = UsageTruth.containerDifferences(truth, readUsage(clickHouse), FROM, TO, step);
        diffs.addAll(UsageTruth.nodeDifferences(truth, readNodes(clickHouse), FROM, TO, step));
        diffs.addAll(UsageTruth.volumeDifferences(truth, readVolumes(clickHouse)));
        return diffs;
    }

    static KafkaProducer<byte[], byte[]> producer() {
        Properties config = new Properties();
        config.put("bootstrap.servers", TestKafka.bootstrapServers());
        config.put("acks", "all");
        config.put("enable.idempotence", "true");
        config.put("linger.ms", "20");
        config.put("batch.size", Integer.toString(512 * 1024));
        config.put("compression.type", "lz4");
        config.put("max.request.size", Integer.toString(8 * 1024 * 1024));
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Writes the fleet's scrapes (the HA cluster's twice, one per replica) except those it holds back. */
    private static long[] produceFleet(FleetSimulator sim, KafkaProducer<byte[], byte[]> producer, String topic,
                                       List<ScrapeBatch> held) {
        AtomicLong records = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        sim.run(FROM, TO.plus(sim.spec().scrapeInterval().multipliedBy(2)), batch -> {
            Instant t = batch.scrapeTime();
            if (batch.clusterId().equals(LATE_CLUSTER) && !t.isBefore(LATE_FROM) && t.isBefore(LATE_TO)) {
                held.add(batch);
                return;
            }
            if (batch.clusterId().equals(HA_CLUSTER) && !t.isBefore(HA_FROM) && t.isBefore(HA_TO)) {
                send(producer, topic, batch.clusterId(), withReplica(batch.remoteWrite(), "prometheus-0"), records, samples);
                send(producer, topic, batch.clusterId(), withReplica(batch.remoteWrite(), "prometheus-1"), records, samples);
            } else {
                send(producer, topic, batch.clusterId(), batch.remoteWrite(), records, samples);
            }
        });
        producer.flush();
        return new long[]{records.get(), samples.get()};
    }

    /** A lone sample that moves a cluster's event time on (a node that is never compared). */
    static RemoteWrite.WriteRequest endOfData(Instant at) {
        return RemoteWrite.WriteRequest.newBuilder().addTimeseries(RemoteWrite.TimeSeries.newBuilder()
                .addLabels(RemoteWrite.Label.newBuilder().setName("__name__").setValue("kube_node_info"))
                .addLabels(RemoteWrite.Label.newBuilder().setName("node").setValue("end-of-test-data"))
                .addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(at.toEpochMilli()).setValue(1))).build();
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void await(String what, Condition condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            if (condition.holds()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("waited 5 minutes for: " + what);
    }

    static long rowsOf(ClickHouseUrl clickHouse, Instant hour) throws Exception {
        try (Connection c = clickHouse.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count() FROM " + clickHouse.database() + ".usage_hourly "
                     + "WHERE hour = toDateTime(" + hour.getEpochSecond() + ", 'UTC')")) {
            r.next();
            return r.getLong(1);
        }
    }

    static void send(KafkaProducer<byte[], byte[]> producer, String topic, String cluster,
                             RemoteWrite.WriteRequest request, AtomicLong records, AtomicLong samples) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, cluster.getBytes(StandardCharsets.UTF_8),
                request.toByteArray());
        record.headers().add(RecordHeaders.CONTENT_TYPE, RecordHeaders.REMOTE_WRITE_PROTOBUF.getBytes(StandardCharsets.UTF_8));
        record.headers().add(RecordHeaders.CLUSTER_ID, cluster.getBytes(StandardCharsets.UTF_8));
        producer.send(record);
        records.incrementAndGet();
        for (RemoteWrite.TimeSeries s : request.getTimeseriesList()) {
            samples.addAndGet(s.getSamplesCount());
        }
    }

    static RemoteWrite.WriteRequest withReplica(RemoteWrite.WriteRequest request, String replica) {
        RemoteWrite.WriteRequest.Builder b = request.toBuilder();
        for (RemoteWrite.TimeSeries.Builder s : b.getTimeseriesBuilderList()) {
            s.addLabels(RemoteWrite.Label.newBuilder().setName("prometheus_replica").setValue(replica));
        }
        return b.build();
    }

    static RemoteWrite.WriteRequest shifted(RemoteWrite.WriteRequest request, Duration by) {
        RemoteWrite.WriteRequest.Builder b = request.toBuilder();
        for (RemoteWrite.TimeSeries.Builder s : b.getTimeseriesBuilderList()) {
            for (RemoteWrite.Sample.Builder sample : s.getSamplesBuilderList()) {
                sample.setTimestamp(sample.getTimestamp() + by.toMillis());
            }
        }
        return b.build();
    }

    static List<UsageHourly> readUsage(ClickHouseUrl clickHouse) throws Exception {
        List<UsageHourly> rows = new ArrayList<>();
        try (Connection c = clickHouse.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT toUnixTimestamp(hour), cluster, namespace, pod, pod_uid, container, node, "
                     + "workload_kind, workload_name, cpu_request_core_seconds, cpu_limit_core_seconds, "
                     + "memory_request_byte_seconds, memory_limit_byte_seconds, pod_running_seconds, "
                     + "toString(cpu_usage_core_seconds), cpu_cfs_periods, cpu_cfs_throttled_periods, "
                     + "memory_working_set_avg_bytes, memory_working_set_max_bytes, memory_samples, oom_kills, restarts, samples "
                     + "FROM " + clickHouse.database() + ".usage_hourly_latest")) {
            while (r.next()) {
                rows.add(new UsageHourly(Instant.ofEpochSecond(r.getLong(1)), r.getString(2), r.getString(3), r.getString(4),
                        r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9),
                        r.getBigDecimal(10), r.getBigDecimal(11), r.getBigDecimal(12), r.getBigDecimal(13), r.getBigDecimal(14),
                        new java.math.BigDecimal(r.getString(15)).movePointRight(9).longValueExact(),
                        r.getLong(16), r.getLong(17), r.getDouble(18), r.getDouble(19), r.getLong(20), r.getLong(21),
                        r.getLong(22), r.getLong(23), 0));
            }
        }
        return rows;
    }

    static List<NodeHourly> readNodes(ClickHouseUrl clickHouse) throws Exception {
        List<NodeHourly> rows = new ArrayList<>();
        try (Connection c = clickHouse.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT toUnixTimestamp(hour), cluster, node, node_pool, vm_size, vmss_resource_id, "
                     + "provider_id, capacity_cpu_cores, capacity_memory_bytes, allocatable_cpu_cores, allocatable_memory_bytes, "
                     + "seconds_present FROM " + clickHouse.database() + ".node_hourly_latest")) {
            while (r.next()) {
                rows.add(new NodeHourly(Instant.ofEpochSecond(r.getLong(1)), r.getString(2), r.getString(3), r.getString(4),
                        r.getString(5), r.getString(6), r.getString(7), r.getDouble(8), r.getDouble(9), r.getDouble(10),
                        r.getDouble(11), r.getBigDecimal(12), 0));
            }
        }
        return rows;
    }

    static List<VolumeHourly> readVolumes(ClickHouseUrl clickHouse) throws Exception {
        List<VolumeHourly> rows = new ArrayList<>();
        try (Connection c = clickHouse.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT toUnixTimestamp(hour), cluster, namespace, claim, volume, storage_class, "
                     + "csi_driver, disk_resource_id, requested_bytes, capacity_bytes, seconds_present FROM "
                     + clickHouse.database() + ".volume_hourly_latest")) {
            while (r.next()) {
                rows.add(new VolumeHourly(Instant.ofEpochSecond(r.getLong(1)), r.getString(2), r.getString(3), r.getString(4),
                        r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getDouble(9), r.getDouble(10),
                        r.getBigDecimal(11), 0));
            }
        }
        return rows;
    }

    /** The newest version of one cluster's hour (0 before it is written). */
    static long maxVersion(ClickHouseUrl clickHouse, String cluster, Instant at) throws Exception {
        try (Connection c = clickHouse.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT max(version) FROM " + clickHouse.database() + ".usage_hourly "
                     + "WHERE cluster = '" + cluster + "' AND hour = toStartOfHour(toDateTime(" + at.getEpochSecond() + ", 'UTC'))")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Keeps the job's dead letters in this JVM. */
    static final class CollectingDeadLetters implements Sink<DeadLetter> {
        static final List<DeadLetter> LETTERS = Collections.synchronizedList(new ArrayList<>());

        @Override
        public SinkWriter<DeadLetter> createWriter(WriterInitContext context) {
            return new SinkWriter<>() {
                @Override
                public void write(DeadLetter letter, Context ctx) {
                    LETTERS.add(letter);
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
