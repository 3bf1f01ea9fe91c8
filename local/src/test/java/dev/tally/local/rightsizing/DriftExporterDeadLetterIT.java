package dev.tally.local.rightsizing;

import static dev.tally.local.rightsizing.DriftExporterFixture.createTopic;
import static dev.tally.local.rightsizing.DriftExporterFixture.gauges;
import static dev.tally.local.rightsizing.DriftExporterFixture.recommendation;
import static dev.tally.local.rightsizing.DriftExporterFixture.startReady;
import static dev.tally.local.rightsizing.DriftExporterFixture.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.deadletter.DeadLetterJson;
import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.rightsizing.RightsizingJson;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.rightsizing.RightsizingStatus;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.drift.DriftExporter;
import dev.tally.local.kafka.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * Records of {@code tally.rightsizing.v1} the drift exporter cannot use go to
 * {@code tally.deadletter.v1} with their reason and position, are counted, and the exporter goes
 * on serving the good ones (the test broker, Kafka 4.2).
 */
class DriftExporterDeadLetterIT {
    private static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");

    @Test
    void invalidRecordsAreDeadLetteredWithReasonAndPositionAndTheExporterGoesOn() throws Exception {
        String prefix = "drift-deadletter.";
        String topic = createTopic(prefix);
        String deadLetterTopic = TestKafka.createTopic(prefix + Topic.DEAD_LETTER.topicName(), 1);
        RightsizingRecommendation before = recommendation("aks-weu-1", "shop", "api", NOW, RightsizingStatus.OVER_PROVISIONED,
                List.of(), null, 2.0, 0.5, 2048, 600, "80.00");
        RightsizingRecommendation after = recommendation("aks-weu-1", "shop", "cart", NOW, RightsizingStatus.OVER_PROVISIONED,
                List.of(), null, 1.0, 0.25, 1024, 300, "40.00");
        RecordMetadata notAKey;
        RecordMetadata notARecommendation;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(update(topic, before)).get(1, TimeUnit.MINUTES);
            notAKey = producer.send(new ProducerRecord<>(topic, "not a key".getBytes(StandardCharsets.UTF_8),
                    "{}".getBytes(StandardCharsets.UTF_8))).get(1, TimeUnit.MINUTES);
            notARecommendation = producer.send(new ProducerRecord<>(topic, RightsizingJson.key(after.container()),
                    "{\"container\":".getBytes(StandardCharsets.UTF_8))).get(1, TimeUnit.MINUTES);
            producer.send(update(topic, after)).get(1, TimeUnit.MINUTES);
        }

        try (DriftExporter exporter = startReady(prefix)) {
            String metrics = awaitMetrics(exporter, "tally_rightsizing_exporter_dead_letters_total{result=\"sent\"} 2.0");
            assertThat(metrics).contains("tally_rightsizing_exporter_records_total{outcome=\"invalid\"} 2.0")
                    .contains("tally_rightsizing_exporter_dead_letters_total{result=\"failed\"} 0.0");
            // the good records before and after the bad ones are served
            assertThat(gauges(exporter)).containsKeys(
                    "tally_rightsizing_savings_monthly{cluster=\"aks-weu-1\",container=\"app\",currency=\"EUR\","
                            + "namespace=\"shop\",workload=\"api\",workload_kind=\"Deployment\"}",
                    "tally_rightsizing_savings_monthly{cluster=\"aks-weu-1\",container=\"app\",currency=\"EUR\","
                            + "namespace=\"shop\",workload=\"cart\",workload_kind=\"Deployment\"}");
        }

        Map<SourcePosition, DeadLetter> letters = new java.util.HashMap<>();
        readAll(deadLetterTopic, 2).forEach(d -> letters.put(d.position(), d));
        SourcePosition badKey = SourcePosition.kafka(topic, notAKey.partition(), notAKey.offset());
        SourcePosition badValue = SourcePosition.kafka(topic, notARecommendation.partition(), notARecommendation.offset());
        assertThat(letters.keySet()).containsExactlyInAnyOrder(badKey, badValue);
        assertThat(letters.values()).allSatisfy(d -> assertThat(d.stage()).isEqualTo("ingest.drift-exporter"));
        assertThat(letters.get(badKey).reason()).contains("not a rightsizing key");
        assertThat(letters.get(badValue).reason()).contains("not a rightsizing recommendation");
        assertThat(new String(letters.get(badValue).payload(), StandardCharsets.UTF_8)).isEqualTo("{\"container\":");
    }

    private static String awaitMetrics(DriftExporter exporter, String line) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        String body = DriftExporterFixture.get(exporter.url().resolve("metrics")).body();
        while (!body.contains(line) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            body = DriftExporterFixture.get(exporter.url().resolve("metrics")).body();
        }
        assertThat(body).contains(line);
        return body;
    }

    private static List<DeadLetter> readAll(String topic, int expected) {
        List<DeadLetter> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            while (out.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(DeadLetterJson.read(r.value()));
                }
            }
        }
        return out;
    }
}
