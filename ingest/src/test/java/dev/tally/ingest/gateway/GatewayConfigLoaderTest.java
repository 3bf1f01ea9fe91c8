package dev.tally.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.ingest.gateway.auth.ClusterCredentials;
import dev.tally.ingest.gateway.auth.TokenHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsWithoutAFile() {
        GatewayConfig config = GatewayConfigLoader.load(null, Map.of());
        assertThat(config).isEqualTo(GatewayConfig.defaults());
        assertThat(config.port()).isEqualTo(8480);
        assertThat(config.limits().maxDecompressedBytes()).isEqualTo(64L * 1024 * 1024);
    }

    @Test
    void yamlFileThenEnvironmentOverrides() throws IOException {
        String hashA = TokenHash.sha256Hex("token-a");
        Path file = Files.writeString(dir.resolve("gateway.yaml"), """
                bind-address: 127.0.0.1
                port: 9000
                kafka:
                  bootstrap-servers: kafka-1:9092,kafka-2:9092
                  delivery-timeout: 45s
                  producer:
                    client.dns.lookup: use_all_dns_ips
                    sasl.jaas.config: "password=hunter2"
                limits:
                  max-series-per-request: 1000
                  max-future-skew: 5m
                  max-compressed-bytes: 4MiB
                clusters:
                  aks-a:
                    token-sha256: [%s]
                  aks-b:
                    enabled: false
                """.formatted(hashA));
        GatewayConfig config = GatewayConfigLoader.load(file, Map.of(
                "TALLY_GATEWAY_PORT", "9100",
                "TALLY_GATEWAY_LIMITS_MAX_LABELS_PER_SERIES", "20",
                "TALLY_GATEWAY_TOKENS", "aks-b=token-b, aks-c=token-c"));

        assertThat(config.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(9100);
        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(config.kafka().deliveryTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.kafka().extra()).containsEntry("client.dns.lookup", "use_all_dns_ips");
        assertThat(config.limits().maxSeriesPerRequest()).isEqualTo(1000);
        assertThat(config.limits().maxLabelsPerSeries()).isEqualTo(20);
        assertThat(config.limits().maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.limits().maxCompressedBytes()).isEqualTo(4L * 1024 * 1024);
        assertThat(config.clusters()).containsExactly(
                new ClusterCredentials("aks-a", true, java.util.List.of(hashA)),
                new ClusterCredentials("aks-b", false, java.util.List.of(TokenHash.sha256Hex("token-b"))),
                new ClusterCredentials("aks-c", true, java.util.List.of(TokenHash.sha256Hex("token-c"))));
        assertThat(config.toString()).doesNotContain(hashA).doesNotContain("token-b").doesNotContain("hunter2")
                .contains("extra=[client.dns.lookup, sasl.jaas.config]");
    }

    @Test
    void propertiesFileAndTokensFile() throws IOException {
        Path file = Files.writeString(dir.resolve("gateway.properties"), """
                port=0
                clusters.aks-x.token-sha256=%s
                """.formatted(TokenHash.sha256Hex("x1")));
        Path tokens = Files.writeString(dir.resolve("tokens"),
                "# cluster=token, one per line; rotate by adding the new one, then removing the old\naks-x=x2 # since May, new\naks-y=y#1\n");
        GatewayConfig config = GatewayConfigLoader.load(file, Map.of("TALLY_GATEWAY_TOKENS_FILE", tokens.toString()));
        assertThat(config.port()).isZero();
        assertThat(config.clusters().get(0).tokenSha256()).containsExactly(TokenHash.sha256Hex("x1"), TokenHash.sha256Hex("x2"));
        assertThat(config.clusters().get(1).tokenSha256()).as("a # inside a token is the token's").containsExactly(TokenHash.sha256Hex("y#1"));
    }

    @Test
    void mistakesAreNamed() throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "limits:\n  max-serie-per-request: 3\n");
        assertThatThrownBy(() -> GatewayConfigLoader.load(typo, Map.of()))
                .hasMessageStartingWith("unknown gateway config key \"limits.max-serie-per-request\"");
        assertThatThrownBy(() -> GatewayConfigLoader.load(null, Map.of("TALLY_GATEWAY_RETRY_AFTER", "soon")))
                .hasMessage("retry-after must be a duration like 500ms, 30s, 10m, 1h or PT30S, was \"soon\"");
        assertThatThrownBy(() -> GatewayConfigLoader.load(null, Map.of("TALLY_GATEWAY_TOKENS", "just-a-secret")))
                .hasMessage("TALLY_GATEWAY_TOKENS: each entry must be cluster-id=token");
        Path rawToken = Files.writeString(dir.resolve("raw.yaml"), "clusters:\n  a:\n    token: abc\n");
        assertThatThrownBy(() -> GatewayConfigLoader.load(rawToken, Map.of()))
                .hasMessageContaining("unknown key \"token\" for cluster a");
    }

    @Test
    void everyKeyHasAnEnvironmentName() {
        assertThat(GatewayConfigLoader.envName("limits.max-in-flight-bytes")).isEqualTo("TALLY_GATEWAY_LIMITS_MAX_IN_FLIGHT_BYTES");
        assertThat(GatewayConfigLoader.KEYS).hasSize(22);
    }

    @Test
    void aTopicPrefixPutsEveryTopicUnderIt() {
        GatewayConfig plain = GatewayConfigLoader.load(null, Map.of());
        GatewayConfig staging = GatewayConfigLoader.load(null, Map.of("TALLY_GATEWAY_KAFKA_TOPIC_PREFIX", "staging."));

        assertThat(plain.kafka().topicName(dev.tally.common.topics.Topic.METRICS)).isEqualTo("tally.metrics.v1");
        assertThat(staging.kafka().topicName(dev.tally.common.topics.Topic.METRICS)).isEqualTo("staging.tally.metrics.v1");
        assertThat(staging.kafka().topicName(dev.tally.common.topics.Topic.DEAD_LETTER)).isEqualTo("staging.tally.deadletter.v1");
    }

    @Test
    void kafkaTlsComesFromTheCommonVariablesAndNotFromProducerProperties() throws IOException {
        Path ca = Files.writeString(dir.resolve("ca.p12"), "x");
        Path caPassword = Files.writeString(dir.resolve("ca.password"), "ca-s3cret");
        GatewayConfig config = GatewayConfigLoader.load(null, Map.of(
                "TALLY_GATEWAY_KAFKA_BOOTSTRAP_SERVERS", "tally-kafka-bootstrap:9093",
                "TALLY_KAFKA_SECURITY_PROTOCOL", "SSL",
                "TALLY_KAFKA_SSL_TRUSTSTORE_LOCATION", ca.toString(),
                "TALLY_KAFKA_SSL_TRUSTSTORE_PASSWORD_FILE", caPassword.toString()));

        assertThat(config.kafka().connection().clientProperties())
                .containsEntry("bootstrap.servers", "tally-kafka-bootstrap:9093")
                .containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.truststore.location", ca.toString())
                .containsEntry("ssl.truststore.password", "ca-s3cret");
        assertThat(config.toString()).doesNotContain("ca-s3cret");

        Path file = Files.writeString(dir.resolve("tls-in-file.yaml"), """
                kafka:
                  producer:
                    ssl.keystore.password: hunter2
                """);
        assertThatThrownBy(() -> GatewayConfigLoader.load(file, Map.of()))
                .hasMessageContaining("kafka.producer.ssl.keystore.password").hasMessageContaining("TALLY_KAFKA_SECURITY_PROTOCOL")
                .hasMessageNotContaining("hunter2");
    }
}
