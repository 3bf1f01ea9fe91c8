package dev.tally.local.rightsizing;

import static dev.tally.local.rightsizing.DriftExporterFixture.createTopic;
import static dev.tally.local.rightsizing.DriftExporterFixture.recommendation;
import static dev.tally.local.rightsizing.DriftExporterFixture.send;
import static dev.tally.local.rightsizing.DriftExporterFixture.startReady;
import static dev.tally.local.rightsizing.DriftExporterFixture.update;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.rightsizing.RightsizingStatus;
import dev.tally.common.rightsizing.RiskReason;
import dev.tally.ingest.drift.DriftExporter;
import dev.tally.local.prometheus.PrometheusInstallation;
import dev.tally.local.prometheus.TestAlertmanager;
import dev.tally.local.prometheus.TestPrometheus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rightsizing alerts end to end: recommendations in the compacted topic → the drift exporter
 * → a real Prometheus 2.42 scraping it and evaluating the shipped rules (a copy with {@code for: 1s})
 * → a real Alertmanager 0.25 → this test's webhook receiver, which gets each alert with its labels
 * and the annotation text a person reads (workload, requests, saving), and the resolution once the
 * container's recommendation is deleted.
 */
class RightsizingAlertsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theShippedRulesFireOnTheExportersGaugesAndAlertmanagerDeliversThem(@TempDir Path dir) throws Exception {
        for (String program : List.of("prometheus", "prometheus-alertmanager")) {
            Optional<Path> found = PrometheusInstallation.executable(program);
            String reason = program.equals("prometheus") ? TestPrometheus.NOT_INSTALLED : TestAlertmanager.NOT_INSTALLED;
            if (found.isEmpty()) {
                System.err.println("SKIPPED RightsizingAlertsIT: " + reason);
            }
            Assumptions.assumeTrue(found.isPresent(), reason);
        }
        String prefix = "drift-alerts.";
        String topic = createTopic(prefix);
        Instant now = Instant.now();
        // CPU 2 cores requested, 0.5 recommended (4×), memory as recommended; saves 42.50 EUR a month
        RightsizingRecommendation checkout = recommendation("aks-weu-1", "shop", "checkout", now,
                RightsizingStatus.OVER_PROVISIONED, List.of(), 0.0, 2.0, 0.5, 1024, 1024, "42.50");
        send(topic, List.of(
                update(topic, checkout),
                // 3× the CPU but only 4 EUR a month: under the money threshold
                update(topic, recommendation("aks-weu-1", "shop", "search", now, RightsizingStatus.OVER_PROVISIONED,
                        List.of(), 0.0, 1.5, 0.5, 512, 512, "4.00")),
                // OOM-killed with 256 MiB, 410 MiB recommended: costs 3.20 EUR a month more
                update(topic, recommendation("aks-weu-1", "shop", "cart", now, RightsizingStatus.UNDER_PROVISIONED,
                        List.of(RiskReason.OOM_KILLS, RiskReason.MEMORY_REQUEST_TOO_LOW), 0.0, 0.5, 0.5, 256, 410, "-3.20")),
                // a cluster whose newest recommendation is two days old
                update(topic, recommendation("aks-old", "web", "frontend", now.minus(Duration.ofDays(2)), RightsizingStatus.OK,
                        List.of(), 0.0, 1.0, 1.0, 512, 512, "0.00"))));

        Path rules = Files.writeString(dir.resolve("tally-rightsizing.rules.yml"),
                Files.readString(DeployedRulesTest.RULES).replaceAll("(?m)^(\\s+)for: \\S+$", "$1for: 1s"));
        assertThat(Files.readString(rules)).contains("for: 1s").doesNotContain("for: 24h");

        try (WebhookReceiver webhook = new WebhookReceiver();
             DriftExporter exporter = startReady(prefix);
             TestAlertmanager alertmanager = TestAlertmanager.start(webhook.url());
             TestPrometheus prometheus = TestPrometheus.start(
                     List.of(new TestPrometheus.ScrapeJob("tally-drift-exporter", exporter.url().getAuthority(), "/metrics")),
                     Duration.ofSeconds(1),
                     new TestPrometheus.Alerting(List.of(rules), Duration.ofSeconds(1), alertmanager.target()))) {
            long started = System.nanoTime();
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (Instant.now().isBefore(deadline) && !webhook.hasFiring("TallyContainerOverProvisioned",
                    "TallyContainerUnderProvisioned", "TallyRightsizingRecommendationsStale")) {
                assertThat(prometheus.isRunning()).as("prometheus runs: %s", prometheus.logTail()).isTrue();
                assertThat(alertmanager.isRunning()).as("alertmanager runs: %s", alertmanager.logTail()).isTrue();
                Thread.sleep(200);
            }

            System.out.println("event=rightsizing_alerts_delivered ms=" + (System.nanoTime() - started) / 1_000_000);

            JsonNode over = webhook.onlyFiring("TallyContainerOverProvisioned");
            assertThat(labels(over)).containsAllEntriesOf(Map.of("alertname", "TallyContainerOverProvisioned",
                    "severity", "info", "cluster", "aks-weu-1", "namespace", "shop", "workload_kind", "Deployment",
                    "workload", "checkout", "container", "app", "resource", "cpu", "job", "tally-drift-exporter"));
            assertThat(over.path("annotations").path("summary").asText())
                    .isEqualTo("shop/checkout (app) requests 4.0× the recommended cpu");
            assertThat(over.path("annotations").path("description").asText()).isEqualTo(
                    "Deployment checkout in aks-weu-1/shop, container app: CPU request 2 cores, recommended 0.5 cores."
                            + " Right-sizing saves 42.50 EUR a month.");
            assertThat(over.path("annotations").path("dashboard").asText()).isEqualTo(
                    "http://grafana.tally.svc:3000/d/tally-rightsizing/rightsizing?var-cluster=aks-weu-1&var-namespace=shop"
                            + "&var-workload=checkout&var-container=app");

            JsonNode under = webhook.onlyFiring("TallyContainerUnderProvisioned");
            assertThat(labels(under)).containsAllEntriesOf(Map.of("severity", "warning", "workload", "cart",
                    "reason", "oom-kills", "resource", "memory"));
            assertThat(under.path("annotations").path("summary").asText()).isEqualTo("shop/cart (app) is under-provisioned: OOM kills");
            assertThat(under.path("annotations").path("description").asText()).isEqualTo(
                    "Deployment cart in aks-weu-1/shop, container app: memory request 256MiB, recommended 410MiB."
                            + " Following the recommendation costs 3.20 EUR a month more.");

            JsonNode stale = webhook.onlyFiring("TallyRightsizingRecommendationsStale");
            assertThat(labels(stale)).containsEntry("cluster", "aks-old").containsEntry("severity", "warning");
            assertThat(stale.path("annotations").path("summary").asText()).startsWith("Rightsizing recommendations for aks-old are 2d ");
            assertThat(webhook.resolved("TallyContainerOverProvisioned")).isEmpty();

            // checkout is resized: its recommendation is deleted (tombstone), its series end, the alert resolves
            send(topic, List.of(DriftExporterFixture.tombstone(topic, checkout)));
            long deleted = System.nanoTime();
            while (Instant.now().isBefore(deadline.plus(Duration.ofMinutes(1))) && webhook.resolved("TallyContainerOverProvisioned").isEmpty()) {
                Thread.sleep(200);
            }
            System.out.println("event=rightsizing_alert_resolved ms=" + (System.nanoTime() - deleted) / 1_000_000);
            assertThat(webhook.resolved("TallyContainerOverProvisioned")).singleElement()
                    .satisfies(alert -> assertThat(labels(alert)).containsEntry("workload", "checkout").containsEntry("resource", "cpu"));
            assertThat(webhook.resolved("TallyContainerUnderProvisioned")).as("cart is still at risk").isEmpty();
        }
    }

    private static Map<String, String> labels(JsonNode alert) {
        Map<String, String> labels = new TreeMap<>();
        alert.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    /** Alertmanager's webhook receiver: keeps every alert of every notification it is sent. */
    private static final class WebhookReceiver implements AutoCloseable {
        private final List<JsonNode> alerts = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        WebhookReceiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/alerts", this::receive);
            server.start();
        }

        private void receive(HttpExchange exchange) throws IOException {
            try (exchange) {
                JSON.readTree(exchange.getRequestBody().readAllBytes()).path("alerts").forEach(alerts::add);
                exchange.sendResponseHeaders(200, -1);
            }
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
        }

        private List<JsonNode> firing(String alertname) {
            return withStatus("firing", alertname);
        }

        List<JsonNode> resolved(String alertname) {
            return withStatus("resolved", alertname);
        }

        private List<JsonNode> withStatus(String status, String alertname) {
            return alerts.stream().filter(a -> status.equals(a.path("status").asText()))
                    .filter(a -> alertname.equals(a.path("labels").path("alertname").asText())).toList();
        }

        boolean hasFiring(String... alertnames) {
            return List.of(alertnames).stream().allMatch(name -> !firing(name).isEmpty());
        }

        /** The one alert of that name (its repeats in later notifications are the same alert). */
        JsonNode onlyFiring(String alertname) {
            List<JsonNode> distinct = firing(alertname).stream()
                    .collect(java.util.stream.Collectors.toMap(a -> a.path("labels").toString(), a -> a, (a, b) -> b))
                    .values().stream().toList();
            assertThat(distinct).as("firing %s alerts received: %s", alertname, alerts).hasSize(1);
            return distinct.get(0);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
