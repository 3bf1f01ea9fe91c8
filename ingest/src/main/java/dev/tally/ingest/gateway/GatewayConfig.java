package dev.tally.ingest.gateway;

import dev.tally.ingest.gateway.auth.ClusterCredentials;
import dev.tally.ingest.gateway.kafka.KafkaSettings;
import dev.tally.ingest.gateway.limits.Limits;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the gateway needs to run. Load it with {@link GatewayConfigLoader} (file + environment), or
 * build it in code: {@code GatewayConfig.defaults().withPort(0).withKafka(...).withClusters(...)}.
 * Keys and defaults: {@code ingest/README.md}. {@link #toString()} never shows token hashes.
 *
 * @param bindAddress address the HTTP server binds ({@code 0.0.0.0}: every interface)
 * @param port        HTTP port; 0 picks a free one ({@link IngestGateway#url()} tells which)
 * @param kafka       producer settings
 * @param limits      request limits and the in-flight budget
 * @param retryAfter  the {@code Retry-After} sent with 429 and 503
 * @param clusters    member clusters and their token hashes
 * @param tls         the server's key store when the gateway speaks HTTPS itself; null: plain HTTP
 */
public record GatewayConfig(String bindAddress, int port, KafkaSettings kafka, Limits limits, Duration retryAfter,
                            List<ClusterCredentials> clusters, GatewayTls tls) {

    public static final int DEFAULT_PORT = 8480;

    public GatewayConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(kafka, "kafka");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retry-after must not be negative");
        }
        clusters = List.copyOf(clusters);
        long distinct = clusters.stream().map(ClusterCredentials::clusterId).distinct().count();
        if (distinct != clusters.size()) {
            throw new IllegalArgumentException("a cluster id appears twice in clusters");
        }
    }

    public static GatewayConfig defaults() {
        return new GatewayConfig("0.0.0.0", DEFAULT_PORT, KafkaSettings.defaults(), Limits.defaults(), Duration.ofSeconds(5), List.of(), null);
    }

    public GatewayConfig withBind(String address, int newPort) {
        return new GatewayConfig(address, newPort, kafka, limits, retryAfter, clusters, tls);
    }

    public GatewayConfig withKafka(KafkaSettings newKafka) {
        return new GatewayConfig(bindAddress, port, newKafka, limits, retryAfter, clusters, tls);
    }

    public GatewayConfig withLimits(Limits newLimits) {
        return new GatewayConfig(bindAddress, port, kafka, newLimits, retryAfter, clusters, tls);
    }

    public GatewayConfig withClusters(List<ClusterCredentials> newClusters) {
        return new GatewayConfig(bindAddress, port, kafka, limits, retryAfter, newClusters, tls);
    }

    public GatewayConfig withRetryAfter(Duration newRetryAfter) {
        return new GatewayConfig(bindAddress, port, kafka, limits, newRetryAfter, clusters, tls);
    }

    /** HTTPS with this key store (null: plain HTTP). */
    public GatewayConfig withTls(GatewayTls newTls) {
        return new GatewayConfig(bindAddress, port, kafka, limits, retryAfter, clusters, newTls);
    }
}
