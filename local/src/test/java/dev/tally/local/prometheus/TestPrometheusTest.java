package dev.tally.local.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's own rules, without starting Prometheus. */
class TestPrometheusTest {

    @Test
    void withoutAPrometheusOnThePathStartFailsSayingHowToInstallIt(@TempDir Path emptyDir) {
        assertThatThrownBy(() -> TestPrometheus.start(List.of(), Duration.ofSeconds(1),
                URI.create("http://127.0.0.1:1/api/v1/write"), emptyDir.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("prometheus is not installed (Debian package 'prometheus', 2.42): run ./tally test,"
                        + " which installs it (local/bin/tally-setup), or apt-get install prometheus");
    }

    @Test
    void anExecutableIsFoundInThePathsDirectories(@TempDir Path dir) throws Exception {
        Path fake = Files.createFile(dir.resolve("prometheus"));
        assertThat(TestPrometheus.executable("prometheus", dir.toString())).isEmpty(); // not executable
        assertThat(fake.toFile().setExecutable(true)).isTrue();
        assertThat(TestPrometheus.executable("prometheus", "/nonexistent:" + dir)).contains(fake);
    }

    @Test
    void theConfigurationIgnoresTheFilesTimestampsAndSendsQuickly() {
        String yaml = TestPrometheus.config(List.of(
                        new TestPrometheus.ScrapeJob("kube-state-metrics", "127.0.0.1:9100", "/ksm/metrics"),
                        new TestPrometheus.ScrapeJob("kubelet", "127.0.0.1:9100", "/kubelet/metrics/cadvisor")),
                Duration.ofMillis(1500), URI.create("http://127.0.0.1:9201/api/v1/write"));

        assertThat(yaml).contains("  scrape_interval: 1500ms\n  scrape_timeout: 1500ms\n")
                .contains("  - job_name: \"kubelet\"\n    honor_timestamps: false\n    metrics_path: \"/kubelet/metrics/cadvisor\"\n"
                        + "    static_configs:\n      - targets: [\"127.0.0.1:9100\"]\n")
                .contains("remote_write:\n  - url: \"http://127.0.0.1:9201/api/v1/write\"\n")
                .contains("      batch_send_deadline: 500ms\n");
        assertThat(yaml.split("honor_timestamps: false", -1)).hasSize(3);
    }

    @Test
    void aMemberClustersRemoteWriteCarriesItsExternalLabelsAndATokenFromAFile() {
        String yaml = TestPrometheus.config(List.of(new TestPrometheus.ScrapeJob("kubelet", "127.0.0.1:9100", "/metrics")),
                Duration.ofSeconds(1), URI.create("http://127.0.0.1:8480/api/v1/write"), java.util.Map.of("cluster", "aks-a"),
                Path.of("/tmp/prometheus/remote-write-token"));

        assertThat(yaml).contains("global:\n  scrape_interval: 1000ms\n  scrape_timeout: 1000ms\n"
                        + "  external_labels:\n    cluster: \"aks-a\"\nscrape_configs:\n")
                .contains("remote_write:\n  - url: \"http://127.0.0.1:8480/api/v1/write\"\n    remote_timeout: 10s\n"
                        + "    authorization:\n      credentials_file: \"/tmp/prometheus/remote-write-token\"\n    queue_config:\n");
        assertThat(TestPrometheus.config(List.of(), Duration.ofSeconds(1), URI.create("http://127.0.0.1:8480/api/v1/write")))
                .doesNotContain("external_labels").doesNotContain("authorization");
    }

    @Test
    void anAlertingConfigurationEvaluatesTheRuleFilesAndSendsToTheAlertmanagerWithoutRemoteWrite() {
        String yaml = TestPrometheus.config(List.of(new TestPrometheus.ScrapeJob("tally-drift-exporter", "127.0.0.1:8482", "/metrics")),
                Duration.ofSeconds(1), new TestPrometheus.Alerting(List.of(Path.of("/tmp/rules/a.rules.yml")), Duration.ofMillis(500),
                        "127.0.0.1:9093"));

        assertThat(yaml).contains("global:\n  scrape_interval: 1000ms\n  scrape_timeout: 1000ms\n  evaluation_interval: 500ms\n"
                        + "rule_files:\n  - \"/tmp/rules/a.rules.yml\"\n"
                        + "alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [\"127.0.0.1:9093\"]\n"
                        + "scrape_configs:\n  - job_name: \"tally-drift-exporter\"\n")
                .doesNotContain("remote_write");
    }
}
