package dev.tally.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.clickhouse.ClickHouseSink;
import dev.tally.jobs.clickhouse.ClickHouseSinkSettings;
import dev.tally.jobs.telemetry.RawTelemetrySource;
import dev.tally.jobs.usage.UsageJob;
import dev.tally.jobs.usage.UsageSettings;
import dev.tally.jobs.usage.rows.NodeHourlyTable;
import dev.tally.jobs.usage.rows.UsageHourlyTable;
import dev.tally.jobs.usage.rows.VolumeHourlyTable;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.truth.GroundTruth;
import dev.tally.local.flink.TestFlink;
import dev.tally.local.kafka.TestKafka;
import dev.tally.local.pipeline.UsagePipelineIT.CollectingDeadLetters;
import dev.tally.local.stack.LocalStack;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Event time is kept per Kafka partition, whatever the job's parallelism: one task reads both
 * partitions of the metrics topic; one cluster's three hours arrive on partition 0 first, the
 * other clusters' same three hours on partition 1 only afterwards (a slow partition, or clusters
 * catching up after an outage). With the lateness cut to its minimum, a task-wide event time
 * would have closed those hours on partition 0's data alone and turned partition 1's samples
 * into dead letters; per partition, nothing is late and every row equals the ground truth.
 */
class PartitionEventTimeIT {
    static final Instant FROM = Instant.parse("2026-01-06T04:00:00Z");
    static final Instant TO = FROM.plus(Duration.ofHours(3));

    @Test
    void aLaggingPartitionHoldsEventTimeBackSoItsSamplesAreNotLate() throws Exception {
        FleetSimulator sim = new FleetSimulator(FleetSpec.demo());
        long step = sim.spec().scrapeInterval().toSeconds();
        String first = sim.clusterIds().get(0);
        String topic = TestKafka.createTopic("it-partition-time-" + UUID.randomUUID(), 2);
        ClickHouseUrl clickHouse = TestClickHouse.server().withDatabase("it_" + UUID.randomUUID().toString().replace("-", ""));
        LocalStack.migrate(clickHouse, MigrationSettings.defaults().withDatabase(clickHouse.database()));

        CollectingDeadLetters.LETTERS.clear();
        ClickHouseSinkSettings sink = ClickHouseSinkSettings.of(clickHouse);
        UsageSettings settings = UsageSettings.defaults()
                .withLateness(Duration.ofMinutes(2))          // the least the job allows: its close delay
                .withSourceIdleness(Duration.ofMinutes(10));   // longer than this test: no partition counts as idle
        UsageJob job = new UsageJob(RawTelemetrySource.kafka(TestKafka.connection(), topic, "it-" + topic, false),
                new ClickHouseSink<>(sink, new UsageHourlyTable()),
                new ClickHouseSink<>(sink, new NodeHourlyTable()),
                new ClickHouseSink<>(sink, new VolumeHourlyTable()),
                UsageJob.usageTopic(TestKafka.connection()),
                new CollectingDeadLetters(),
                settings);
        StreamExecutionEnvironment env = TestFlink.cluster().environment("it-" + topic, 1);
        env.enableCheckpointing(2_000);
        job.addTo(env);
        JobClient running = env.executeAsync("it partition event time");
        try (KafkaProducer<byte[], byte[]> producer = UsagePipelineIT.producer()) {
            List<ProducerRecord<byte[], byte[]>> lagging = new ArrayList<>();
            sim.run(FROM, TO.plus(sim.spec().scrapeInterval().multipliedBy(2)), batch -> {
                if (batch.clusterId().equals(first)) {
                    producer.send(record(topic, 0, batch.clusterId(), batch.remoteWrite()));
                } else {
                    lagging.add(record(topic, 1, batch.clusterId(), batch.remoteWrite()));
                }
            });
            producer.flush();
            long partition0End = endOffset(topic, 0);
            UsagePipelineIT.await("the job has read partition 0 to its end (offsets commit with checkpoints)",
                    () -> committedOffset("it-" + topic, topic, 0) == partition0End);
            assertThat(UsagePipelineIT.rowsOf(clickHouse, FROM)).as("event time waits for partition 1: no hour is closed").isZero();
            lagging.forEach(producer::send);
            // an hour later, one sample per cluster on both partitions moves event time past the last hour
            for (String cluster : sim.clusterIds()) {
                for (int partition = 0; partition < 2; partition++) {
                    producer.send(record(topic, partition, cluster, UsagePipelineIT.endOfData(TO.plus(Duration.ofHours(1)))));
                }
            }
            producer.flush();
        }
        Instant lastHour = TO.minus(Duration.ofHours(1));
        UsagePipelineIT.await("every cluster's last hour is written", () -> sim.clusterIds().stream()
                .allMatch(cluster -> maxVersionUnchecked(clickHouse, cluster, lastHour) > 0));

        GroundTruth truth = sim.groundTruth(FROM, TO);
        List<String> diffs = differences(truth, clickHouse, step);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!diffs.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(2_000);
            diffs = differences(truth, clickHouse, step);
        }
        running.cancel().get();
        System.out.println("compared " + UsageTruth.coverage(truth, FROM, TO) + ": " + diffs.size() + " differences");
        diffs.stream().limit(40).forEach(System.out::println);
        assertThat(CollectingDeadLetters.LETTERS).as("nothing on the lagging partition was late").isEmpty();
        assertThat(diffs).isEmpty();
    }

    private static long endOffset(String topic, int partition) throws Exception {
        try (Admin admin = admin()) {
            TopicPartition tp = new TopicPartition(topic, partition);
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
        }
    }

    private static long committedOffset(String group, String topic, int partition) throws Exception {
        try (Admin admin = admin()) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .get(new TopicPartition(topic, partition));
            return committed == null ? -1 : committed.offset();
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()));
    }

    private static long maxVersionUnchecked(ClickHouseUrl clickHouse, String cluster, Instant hour) {
        try {
            return UsagePipelineIT.maxVersion(clickHouse, cluster, hour);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> differences(GroundTruth truth, ClickHouseUrl clickHouse, long step) throws Exception {
        List<String> diffs = UsageTruth.containerDifferences(truth, UsagePipelineIT.readUsage(clickHouse), FROM, TO, step);
        diffs.addAll(UsageTruth.nodeDifferences(truth, UsagePipelineIT.readNodes(clickHouse), FROM, TO, step));
        diffs.addAll(UsageTruth.volumeDifferences(truth, UsagePipelineIT.readVolumes(clickHouse)));
        return diffs;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int partition, String cluster,
                                                         RemoteWrite.WriteRequest request) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition,
                cluster.getBytes(StandardCharsets.UTF_8), request.toByteArray());
        record.headers().add(RecordHeaders.CONTENT_TYPE, RecordHeaders.REMOTE_WRITE_PROTOBUF.getBytes(StandardCharsets.UTF_8));
        record.headers().add(RecordHeaders.CLUSTER_ID, cluster.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
