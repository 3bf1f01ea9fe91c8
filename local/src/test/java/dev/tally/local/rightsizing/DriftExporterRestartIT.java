package dev.tally.local.rightsizing;

import static dev.tally.local.rightsizing.DriftExporterFixture.createTopic;
import static dev.tally.local.rightsizing.DriftExporterFixture.gauges;
import static dev.tally.local.rightsizing.DriftExporterFixture.recommendation;
import static dev.tally.local.rightsizing.DriftExporterFixture.send;
import static dev.tally.local.rightsizing.DriftExporterFixture.startReady;
import static dev.tally.local.rightsizing.DriftExporterFixture.tombstone;
import static dev.tally.local.rightsizing.DriftExporterFixture.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.rightsizing.RightsizingStatus;
import dev.tally.common.rightsizing.RiskReason;
import dev.tally.ingest.drift.DriftExporter;
import dev.tally.local.kafka.TestKafka;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * The drift exporter keeps no state of its own: a restarted one rebuilds it from the compacted
 * topic {@code tally.rightsizing.v1} on the test broker (Kafka 4.2, the local stack's) and shows
 * the same gauges; tombstones remove series, before and after the restart.
 */
class DriftExporterRestartIT {

    private static final Instant NOW = Instant.parse("2026-11-25T06:00:00Z");

    @Test
    void aRestartedExporterShowsTheSameGaugesRebuiltFromTheCompactedTopic() throws Exception {
        String prefix = "drift-restart.";
        String topic = createTopic(prefix);
        assertThat(cleanupPolicy(topic)).isEqualTo("compact");

        // 40 containers, each recommended three times (the last one counts), 8 of them then deleted
        Random random = new Random(20261125L);
        Map<ContainerRef, RightsizingRecommendation> latest = new LinkedHashMap<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 40; i++) {
                RightsizingRecommendation r = randomRecommendation(random, i, NOW.plusSeconds(round * 3600L));
                records.add(update(topic, r));
                latest.put(r.container(), r);
            }
        }
        List<RightsizingRecommendation> deleted = new ArrayList<>(latest.values()).subList(0, 8);
        for (RightsizingRecommendation r : List.copyOf(deleted)) {
            records.add(tombstone(topic, r));
            latest.remove(r.container());
        }
        records.add(new ProducerRecord<>(topic, "not a key".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8)));
        send(topic, records);

        Map<String, Double> first;
        try (DriftExporter exporter = startReady(prefix)) {
            first = gauges(exporter);
            assertThat(DriftExporterFixture.get(exporter.url().resolve("metrics")).body())
                    .contains("tally_rightsizing_exporter_records_total{outcome=\"invalid\"} 1.0")
                    .contains("tally_rightsizing_exporter_records_total{outcome=\"tombstone\"} 8.0")
                    .contains("tally_rightsizing_exporter_records_total{outcome=\"update\"} 120.0");
        }
        assertThat(savings(first)).isEqualTo(expectedSavings(latest.values()));
        assertThat(first).containsEntry("tally_rightsizing_exporter_containers{state=\"known\"}", 32.0)
                .containsEntry("tally_rightsizing_recommendations_updated_timestamp_seconds{cluster=\"aks-weu-1\"}",
                        (double) NOW.plusSeconds(7200).getEpochSecond());
        for (RightsizingRecommendation gone : deleted) {
            assertThat(first.keySet()).noneMatch(series -> series.contains("workload=\"" + gone.container().workloadName() + "\""));
        }

        try (DriftExporter restarted = startReady(prefix)) {
            assertThat(gauges(restarted)).isEqualTo(first);

            // and it follows the topic: one more tombstone removes that container's series
            RightsizingRecommendation next = latest.values().iterator().next();
            send(topic, List.of(tombstone(topic, next)));
            latest.remove(next.container());
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            while (!savings(gauges(restarted)).equals(expectedSavings(latest.values())) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(savings(gauges(restarted))).isEqualTo(expectedSavings(latest.values()));
        }
    }

    private static RightsizingRecommendation randomRecommendation(Random random, int i, Instant at) {
        String cluster = i % 2 == 0 ? "aks-weu-1" : "aks-neu-2";
        String namespace = "team-" + (i % 3);
        double cpu = 0.25 * (1 + random.nextInt(8));
        double toCpu = 0.05 * (1 + random.nextInt(30));
        long memory = 128L * (1 + random.nextInt(16));
        long toMemory = 64L * (1 + random.nextInt(32));
        String savings = BigDecimal.valueOf(random.nextInt(40_000) - 10_000, 2).toPlainString();
        boolean oom = random.nextInt(6) == 0;
        return recommendation(cluster, namespace, "w" + i, at,
                oom ? RightsizingStatus.UNDER_PROVISIONED : RightsizingStatus.OVER_PROVISIONED,
                oom ? List.of(RiskReason.OOM_KILLS) : List.of(), oom ? null : 0.01, cpu, toCpu, memory, toMemory, savings);
    }

    /** workload → monthly saving, from the exporter's savings series. */
    private static Map<String, Double> savings(Map<String, Double> gauges) {
        Map<String, Double> savings = new java.util.TreeMap<>();
        gauges.forEach((series, value) -> {
            if (series.startsWith("tally_rightsizing_savings_monthly{")) {
                savings.put(series.replaceAll(".*,workload=\"([^\"]*)\".*", "$1"), value);
            }
        });
        return savings;
    }

    private static Map<String, Double> expectedSavings(java.util.Collection<RightsizingRecommendation> live) {
        Map<String, Double> expected = new java.util.TreeMap<>();
        live.forEach(r -> expected.put(r.container().workloadName(), r.monthlySavings().doubleValue()));
        return expected;
    }

    private static String cleanupPolicy(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get(1, TimeUnit.MINUTES)
                    .get(resource).get("cleanup.policy").value();
        }
    }
}
