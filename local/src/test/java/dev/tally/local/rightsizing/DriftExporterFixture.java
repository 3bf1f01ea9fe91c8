package dev.tally.local.rightsizing;

import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.PriceSource;
import dev.tally.common.rightsizing.ResourceSettings;
import dev.tally.common.rightsizing.RightsizingJson;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.rightsizing.RightsizingStatus;
import dev.tally.common.rightsizing.RightsizingStrategy;
import dev.tally.common.rightsizing.RiskReason;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.drift.DriftExporter;
import dev.tally.ingest.drift.DriftExporterConfig;
import dev.tally.local.kafka.TestKafka;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The drift exporter's integration tests' common ground: the compacted topic on the test JVM's
 * broker (under a prefix of the test's own), records written as the recommender writes them, an
 * exporter started and read to the end, and its {@code /metrics}.
 */
final class DriftExporterFixture {

    static final long MIB = 1024L * 1024;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private DriftExporterFixture() {
    }

    /** {@code <prefix>tally.rightsizing.v1}, created compacted (Topic.RIGHTSIZING's settings), 3 partitions. */
    static String createTopic(String prefix) {
        return TestKafka.createTopic(prefix + Topic.RIGHTSIZING.topicName(), 3, Topic.RIGHTSIZING.config());
    }

    /**
     * A recommendation for container {@code app} of Deployment {@code workload}: requests of
     * {@code cpu} cores and {@code memoryMiB}, recommended {@code toCpu} and {@code toMemoryMiB}.
     */
    static RightsizingRecommendation recommendation(String cluster, String namespace, String workload, Instant computedAt,
                                                    RightsizingStatus status, List<RiskReason> risks, Double throttled,
                                                    double cpu, double toCpu, long memoryMiB, long toMemoryMiB, String savings) {
        BigDecimal saving = new BigDecimal(savings);
        BigDecimal recommendedCost = new BigDecimal("30.00");
        return new RightsizingRecommendation(new ContainerRef(cluster, namespace, "Deployment", workload, "app"), computedAt,
                status, risks, new ResourceSettings(cpu, null, memoryMiB * MIB, memoryMiB * MIB),
                new ResourceSettings(toCpu, null, toMemoryMiB * MIB, toMemoryMiB * MIB), 0.9, toCpu / 1.15, 0.9,
                toMemoryMiB * MIB * 100 / 115, toMemoryMiB * MIB, risks.contains(RiskReason.OOM_KILLS) ? 3 : 0, throttled,
                1.0, 240.0, 14_400, 3, recommendedCost.add(saving), recommendedCost, saving, "EUR", RightsizingStrategy.VPA, PriceSource.CONFIGURED);
    }

    /** Writes the records in order (a null value is a tombstone) and returns once Kafka acknowledged them. */
    static void send(String topic, List<ProducerRecord<byte[], byte[]>> records) throws Exception {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record).get(1, TimeUnit.MINUTES);
            }
        }
    }

    static ProducerRecord<byte[], byte[]> update(String topic, RightsizingRecommendation r) {
        return new ProducerRecord<>(topic, RightsizingJson.key(r), RightsizingJson.write(r));
    }

    static ProducerRecord<byte[], byte[]> tombstone(String topic, RightsizingRecommendation r) {
        return new ProducerRecord<>(topic, RightsizingJson.key(r), null);
    }

    /** An exporter on a free port reading {@code <prefix>tally.rightsizing.v1}, returned once {@code /ready} says 200. */
    static DriftExporter startReady(String prefix) throws Exception {
        DriftExporter exporter = DriftExporter.start(DriftExporterConfig.defaults().withBind("127.0.0.1", 0)
                .withKafka(TestKafka.bootstrapServers(), prefix));
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (get(exporter.url().resolve("ready")).statusCode() != 200) {
            if (Instant.now().isAfter(deadline)) {
                exporter.close();
                throw new IllegalStateException("the drift exporter was not ready after 2 minutes");
            }
            Thread.sleep(100);
        }
        return exporter;
    }

    /** The {@code tally_rightsizing_} samples of {@code /metrics}, series → value, without the exporter's own counters. */
    static Map<String, Double> gauges(DriftExporter exporter) throws IOException, InterruptedException {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : get(exporter.url().resolve("metrics")).body().split("\n")) {
            if (line.startsWith("tally_rightsizing_") && !line.startsWith("tally_rightsizing_exporter_records")
                    && !line.startsWith("tally_rightsizing_exporter_dead_letters")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.valueOf(line.substring(space + 1)));
            }
        }
        return samples;
    }

    static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
