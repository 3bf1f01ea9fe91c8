package dev.tally.ingest.gateway.kafka;

import dev.tally.common.kafka.KafkaClientSecurity;
import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.topics.Topic;
import java.time.Duration;
import java.util.Map;

/**
 * How the gateway talks to Kafka.
 *
 * @param bootstrapServers  {@code bootstrap.servers}
 * @param deliveryTimeout   {@code delivery.timeout.ms}: how long a record may take, retries included, before the request gets a 503
 * @param requestTimeout    {@code request.timeout.ms}: one produce request's wait for the broker
 * @param maxBlock          {@code max.block.ms}: how long {@code send()} may wait for metadata or buffer space (short: the caller is a server thread)
 * @param compression       {@code compression.type} between gateway and broker (records stay uncompressed for consumers)
 * @param extra             further producer properties, passed as they are; not {@code security.protocol} or
 *                          {@code ssl.*}, which come from {@code security} only
 * @param topicPrefix       put before every topic name (default none: {@code tally.metrics.v1} …), for a
 *                          Kafka shared by several Tally installations, or tests sharing one broker
 * @param security          TLS to the broker, from the {@code TALLY_KAFKA_SECURITY_PROTOCOL} / {@code TALLY_KAFKA_SSL_*}
 *                          variables ({@link KafkaClientSecurity#fromEnv})
 */
public record KafkaSettings(String bootstrapServers, Duration deliveryTimeout, Duration requestTimeout, Duration maxBlock,
                            String compression, Map<String, String> extra, String topicPrefix,
                            KafkaClientSecurity security) {

    public static KafkaSettings defaults() {
        return new KafkaSettings("localhost:9092", Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(1),
                "lz4", Map.of(), "", KafkaClientSecurity.plaintext());
    }

    public KafkaSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap-servers must be set");
        }
        if (deliveryTimeout.compareTo(requestTimeout) < 0) {
            throw new IllegalArgumentException("kafka.delivery-timeout must be at least kafka.request-timeout");
        }
        for (String key : extra.keySet()) {
            if (key.equals("security.protocol") || key.startsWith("ssl.")) {
                // one way in for TLS settings, shared by every component: the environment (KafkaClientSecurity)
                throw new IllegalArgumentException("kafka.producer." + key + " is not taken: set TLS with "
                        + KafkaClientSecurity.PROTOCOL_ENV + " and the TALLY_KAFKA_SSL_* variables");
            }
        }
        extra = Map.copyOf(extra);
        security = security == null ? KafkaClientSecurity.plaintext() : security;
        topicPrefix = topicPrefix == null ? "" : topicPrefix;
    }

    /** The name the gateway writes {@code topic} under. */
    public String topicName(Topic topic) {
        return topicPrefix + topic.topicName();
    }

    /** Where the producer connects and how it secures the connection. */
    public KafkaConnection connection() {
        return new KafkaConnection(bootstrapServers, security);
    }

    /** Shows the names of {@code extra} properties only: they may hold credentials (e.g. {@code sasl.jaas.config}). */
    @Override
    public String toString() {
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", deliveryTimeout=" + deliveryTimeout
                + ", requestTimeout=" + requestTimeout + ", maxBlock=" + maxBlock + ", compression=" + compression
                + ", extra=" + new java.util.TreeSet<>(extra.keySet()) + ", topicPrefix=" + topicPrefix + ", security=" + security + "]";
    }

    public KafkaSettings withBootstrapServers(String servers) {
        return new KafkaSettings(servers, deliveryTimeout, requestTimeout, maxBlock, compression, extra, topicPrefix, security);
    }

    public KafkaSettings withTimeouts(Duration delivery, Duration request, Duration block) {
        return new KafkaSettings(bootstrapServers, delivery, request, block, compression, extra, topicPrefix, security);
    }

    public KafkaSettings withTopicPrefix(String prefix) {
        return new KafkaSettings(bootstrapServers, deliveryTimeout, requestTimeout, maxBlock, compression, extra, prefix, security);
    }

    public KafkaSettings withSecurity(KafkaClientSecurity newSecurity) {
        return new KafkaSettings(bootstrapServers, deliveryTimeout, requestTimeout, maxBlock, compression, extra, topicPrefix, newSecurity);
    }
}
