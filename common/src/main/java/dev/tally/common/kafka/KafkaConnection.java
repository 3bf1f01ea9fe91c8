package dev.tally.common.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a Kafka client connects and how it secures the connection: the one thing every Tally
 * Kafka client is built from. {@link #clientProperties()} is the only place {@code bootstrap.servers}
 * and the security settings enter a client's properties (KafkaClientsUseConnectionTest checks
 * every client in the code base goes through it).
 *
 * @param bootstrapServers {@code bootstrap.servers}
 */
public record KafkaConnection(String bootstrapServers, KafkaClientSecurity security) {

    /** The bootstrap servers of every component's environment. */
    public static final String BOOTSTRAP_SERVERS_ENV = "TALLY_KAFKA_BOOTSTRAP_SERVERS";
    /** The CLI's earlier name for {@link #BOOTSTRAP_SERVERS_ENV}, still read when that one is unset. */
    public static final String BOOTSTRAP_SERVERS_ENV_OLD = "TALLY_KAFKA_BOOTSTRAP";

    public KafkaConnection {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers must be set");
        }
        bootstrapServers = bootstrapServers.strip();
        if (security == null) {
            throw new IllegalArgumentException("Kafka client security must be set (KafkaClientSecurity.plaintext() for none)");
        }
    }

    /** Unsecured: the local stack and tests on the in-JVM broker. */
    public static KafkaConnection plaintext(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, KafkaClientSecurity.plaintext());
    }

    /** {@code bootstrapServers} with the security of the environment ({@link KafkaClientSecurity#fromEnv}). */
    public static KafkaConnection of(String bootstrapServers, Map<String, String> env) {
        return new KafkaConnection(bootstrapServers, KafkaClientSecurity.fromEnv(env));
    }

    /** {@value #BOOTSTRAP_SERVERS_ENV}, else {@value #BOOTSTRAP_SERVERS_ENV_OLD}; empty when neither is set. */
    public static Optional<String> bootstrapServersFromEnv(Map<String, String> env) {
        for (String name : new String[] {BOOTSTRAP_SERVERS_ENV, BOOTSTRAP_SERVERS_ENV_OLD}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.strip());
            }
        }
        return Optional.empty();
    }

    /** {@code bootstrap.servers} and the security settings, for a producer, consumer or admin client. */
    public Map<String, String> clientProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("bootstrap.servers", bootstrapServers);
        p.putAll(security.clientProperties());
        return p;
    }

    @Override
    public String toString() {
        return "KafkaConnection[bootstrapServers=" + bootstrapServers + ", security=" + security + "]";
    }
}
