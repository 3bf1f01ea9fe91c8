package dev.tally.ingest.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftExporterConfigLoaderTest {

    @Test
    void defaultsWithoutAFile() {
        DriftExporterConfig config = DriftExporterConfigLoader.load(null, Map.of());

        assertThat(config).isEqualTo(DriftExporterConfig.defaults());
        assertThat(config.port()).isEqualTo(8482);
        assertThat(config.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(config.topicName()).isEqualTo("tally.rightsizing.v1");
        assertThat(config.namespaces()).isEmpty();
        assertThat(config.maxContainers()).isEqualTo(1000);
    }

    @Test
    void yamlFileThenEnvironmentOverrides(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("drift-exporter.yaml"), """
                port: 9100
                kafka:
                  bootstrap-servers: kafka-0:9092
                  topic-prefix: staging.
                  consumer:
                    client.dns.lookup: use_all_dns_ips
                namespaces: [shop, team-*]
                exclude-namespaces: kube-system
                max-containers: 200
                """);

        DriftExporterConfig config = DriftExporterConfigLoader.load(file,
                Map.of("TALLY_DRIFT_EXPORTER_MAX_CONTAINERS", "50", "TALLY_DRIFT_EXPORTER_NAMESPACES", "shop, data"));

        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.bootstrapServers()).isEqualTo("kafka-0:9092");
        assertThat(config.topicName()).isEqualTo("staging.tally.rightsizing.v1");
        assertThat(config.consumer()).isEqualTo(Map.of("client.dns.lookup", "use_all_dns_ips"));
        assertThat(config.namespaces()).containsExactly("shop", "data");
        assertThat(config.excludedNamespaces()).containsExactly("kube-system");
        assertThat(config.maxContainers()).isEqualTo(50);
        assertThat(config.toString()).contains("consumer=[client.dns.lookup]");
    }

    @Test
    void propertiesFilesWorkToo(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("drift-exporter.properties"), "port=0\nnamespaces=a,b\n");

        DriftExporterConfig config = DriftExporterConfigLoader.load(file, Map.of());

        assertThat(config.port()).isZero();
        assertThat(config.namespaces()).isEqualTo(List.of("a", "b"));
    }

    @Test
    void anUnknownKeyIsNamedWithTheKnownOnes(@TempDir Path dir) throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "max-container: 10\n");
        assertThatThrownBy(() -> DriftExporterConfigLoader.load(typo, Map.of()))
                .hasMessageStartingWith("unknown drift exporter config key \"max-container\"; known keys: bind-address, port,");
    }

    @Test
    void aBadValueIsNamedWithWhatItShouldBe() {
        Map<String, String> noContainers = Map.of("TALLY_DRIFT_EXPORTER_MAX_CONTAINERS", "0");
        assertThatThrownBy(() -> DriftExporterConfigLoader.load(null, noContainers)).hasMessage("max-containers must be at least 1, was 0");
        Map<String, String> wordPort = Map.of("TALLY_DRIFT_EXPORTER_PORT", "eighty");
        assertThatThrownBy(() -> DriftExporterConfigLoader.load(null, wordPort))
                .hasMessage("port must be a whole number (optionally with KiB, MiB or GiB), was \"eighty\"");
    }

    @Test
    void everyKeyHasAnEnvironmentName() {
        assertThat(DriftExporterConfigLoader.KEYS.keySet()).extracting(DriftExporterConfigLoader::envName)
                .containsExactly("TALLY_DRIFT_EXPORTER_BIND_ADDRESS", "TALLY_DRIFT_EXPORTER_PORT",
                        "TALLY_DRIFT_EXPORTER_KAFKA_BOOTSTRAP_SERVERS", "TALLY_DRIFT_EXPORTER_KAFKA_TOPIC_PREFIX",
                        "TALLY_DRIFT_EXPORTER_NAMESPACES", "TALLY_DRIFT_EXPORTER_EXCLUDE_NAMESPACES",
                        "TALLY_DRIFT_EXPORTER_MAX_CONTAINERS");
    }

    @Test
    void kafkaTlsComesFromTheCommonVariablesAndNotFromConsumerProperties(@TempDir Path dir) throws IOException {
        Path user = Files.writeString(dir.resolve("user.p12"), "x");
        Path ca = Files.writeString(dir.resolve("ca.p12"), "x");
        DriftExporterConfig config = DriftExporterConfigLoader.load(null, Map.of(
                "TALLY_KAFKA_SECURITY_PROTOCOL", "SSL",
                "TALLY_KAFKA_SSL_TRUSTSTORE_LOCATION", ca.toString(),
                "TALLY_KAFKA_SSL_TRUSTSTORE_PASSWORD", "ca-s3cret",
                "TALLY_KAFKA_SSL_KEYSTORE_LOCATION", user.toString(),
                "TALLY_KAFKA_SSL_KEYSTORE_PASSWORD", "user-s3cret"));

        assertThat(config.connection().clientProperties())
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.keystore.location", user.toString())
                .containsEntry("ssl.keystore.password", "user-s3cret");
        assertThat(config.toString()).doesNotContain("ca-s3cret").doesNotContain("user-s3cret");

        Path file = Files.writeString(dir.resolve("tls-in-file.yaml"), """
                kafka:
                  consumer:
                    security.protocol: SSL
                """);
        assertThatThrownBy(() -> DriftExporterConfigLoader.load(file, Map.of()))
                .hasMessageContaining("kafka.consumer.security.protocol").hasMessageContaining("TALLY_KAFKA_SECURITY_PROTOCOL");
    }
}
