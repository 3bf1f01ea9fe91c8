package dev.tally.ingest.drift;

import dev.tally.common.kafka.KafkaClientSecurity;
import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.topics.Topic;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything the drift exporter needs. Load it with {@link DriftExporterConfigLoader} (file +
 * environment) or build it in code from {@link #defaults()}. Keys and defaults: {@code ingest/README.md}.
 *
 * @param bindAddress        address the HTTP server binds ({@code 0.0.0.0}: every interface)
 * @param port               HTTP port; 0 picks a free one ({@link DriftExporter#url()} tells which)
 * @param bootstrapServers   Kafka's {@code bootstrap.servers}
 * @param topicPrefix        put before {@code tally.rightsizing.v1} (as the gateway's {@code kafka.topic-prefix})
 * @param consumer           further consumer properties, as they are; not {@code security.protocol} or {@code ssl.*},
 *                           which come from {@code security} only
 * @param namespaces         namespaces to export (names, {@code *} matches any characters); empty: all
 * @param excludedNamespaces namespaces never exported, even when {@code namespaces} matches them
 * @param maxContainers      at most this many containers get series (see {@link DriftSelection})
 * @param security           TLS to the broker ({@link KafkaClientSecurity#fromEnv}), for the consumer and the dead-letter producer
 */
public record DriftExporterConfig(String bindAddress, int port, String bootstrapServers, String topicPrefix,
                                  Map<String, String> consumer, List<String> namespaces, List<String> excludedNamespaces,
                                  int maxContainers, KafkaClientSecurity security) {

    public static final int DEFAULT_PORT = 8482;

    public DriftExporterConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap-servers must be set");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (maxContainers < 1) {
            throw new IllegalArgumentException("max-containers must be at least 1, was " + maxContainers);
        }
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
        for (String key : consumer.keySet()) {
            if (key.equals("security.protocol") || key.startsWith("ssl.")) {
                // one way in for TLS settings, shared by every component: the environment (KafkaClientSecurity)
                throw new IllegalArgumentException("kafka.consumer." + key + " is not taken: set TLS with "
                        + KafkaClientSecurity.PROTOCOL_ENV + " and the TALLY_KAFKA_SSL_* variables");
            }
        }
        consumer = Map.copyOf(consumer);
        security = security == null ? KafkaClientSecurity.plaintext() : security;
        namespaces = List.copyOf(namespaces);
        excludedNamespaces = List.copyOf(excludedNamespaces);
    }

    public static DriftExporterConfig defaults() {
        return new DriftExporterConfig("0.0.0.0", DEFAULT_PORT, "localhost:9092", "", Map.of(), List.of(), List.of(), 1000,
                KafkaClientSecurity.plaintext());
    }

    /** The topic it reads: {@code tally.rightsizing.v1} after the prefix. */
    public String topicName() {
        return topicPrefix + Topic.RIGHTSIZING.topicName();
    }

    /** Where the consumer and the dead-letter producer connect and how they secure the connection. */
    public KafkaConnection connection() {
        return new KafkaConnection(bootstrapServers, security);
    }

    public DriftSelection selection() {
        return new DriftSelection(namespaces, excludedNamespaces, maxContainers);
    }

    public DriftExporterConfig withBind(String address, int newPort) {
        return new DriftExporterConfig(address, newPort, bootstrapServers, topicPrefix, consumer, namespaces,
                excludedNamespaces, maxContainers, security);
    }

    public DriftExporterConfig withKafka(String servers, String prefix) {
        return new DriftExporterConfig(bindAddress, port, servers, prefix, consumer, namespaces, excludedNamespaces, maxContainers, security);
    }

    public DriftExporterConfig withSelection(List<String> newNamespaces, List<String> excluded, int max) {
        return new DriftExporterConfig(bindAddress, port, bootstrapServers, topicPrefix, consumer, newNamespaces, excluded, max, security);
    }

    /** Shows the names of {@code consumer} properties only: they may hold credentials. */
    @Override
    public String toString() {
        return "DriftExporterConfig[bindAddress=" + bindAddress + ", port=" + port + ", bootstrapServers=" + bootstrapServers
                + ", topicPrefix=" + topicPrefix + ", consumer=" + new java.util.TreeSet<>(consumer.keySet())
                + ", namespaces=" + namespaces + ", excludedNamespaces=" + excludedNamespaces
                + ", maxContainers=" + maxContainers + ", security=" + security + "]";
    }
}
