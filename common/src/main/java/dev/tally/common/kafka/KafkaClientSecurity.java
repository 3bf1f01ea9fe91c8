package dev.tally.common.kafka;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How every Tally Kafka client (the jobs' sources and sinks, the gateway, the cost importer, the drift
 * exporter, the CLI) secures its connection, read from the environment and put into each client's
 * properties by {@link #clientProperties()} (through {@link KafkaConnection}), so no client differs.
 *
 * <p>In the cluster (deploy/) every component talks mutual TLS to Strimzi's listener on 9093: the
 * truststore is the cluster CA Secret's {@code ca.p12} with {@code ca.password}, the keystore the
 * component's KafkaUser Secret's {@code user.p12} with {@code user.password}. Stores are PKCS12
 * files; passwords come from an environment variable or, better, a file (a mounted Secret key), and
 * never appear in {@link #toString()} or a log line.
 *
 * @param protocol   {@value #PROTOCOL_ENV}: {@code PLAINTEXT} (default, the local stack) or {@code SSL}
 * @param truststore the CA the broker's certificate is checked against ({@value #TRUSTSTORE_LOCATION_ENV});
 *                   none: the JVM's default CAs
 * @param keystore   the client's own certificate and key for mutual TLS ({@value #KEYSTORE_LOCATION_ENV});
 *                   none: the client does not authenticate with a certificate
 */
public record KafkaClientSecurity(Protocol protocol, Optional<Store> truststore, Optional<Store> keystore) {

    public static final String PROTOCOL_ENV = "TALLY_KAFKA_SECURITY_PROTOCOL";
    public static final String TRUSTSTORE_LOCATION_ENV = "TALLY_KAFKA_SSL_TRUSTSTORE_LOCATION";
    public static final String TRUSTSTORE_PASSWORD_ENV = "TALLY_KAFKA_SSL_TRUSTSTORE_PASSWORD";
    public static final String KEYSTORE_LOCATION_ENV = "TALLY_KAFKA_SSL_KEYSTORE_LOCATION";
    public static final String KEYSTORE_PASSWORD_ENV = "TALLY_KAFKA_SSL_KEYSTORE_PASSWORD";
    /** Appended to a password variable's name: the variable names a file holding the password. */
    public static final String FILE_SUFFIX = "_FILE";

    /** {@code security.protocol}; SASL is not offered: Strimzi's KafkaUsers here authenticate with TLS certificates. */
    public enum Protocol { PLAINTEXT, SSL }

    /** A PKCS12 file and its password; {@link #toString()} leaves the password out. */
    public record Store(Path location, String password) {
        public Store {
            if (location == null || password == null) {
                throw new IllegalArgumentException("a key or trust store needs a location and a password");
            }
        }

        @Override
        public String toString() {
            return "Store[location=" + location + ", type=PKCS12, password=(hidden)]";
        }
    }

    public KafkaClientSecurity {
        if (protocol == Protocol.PLAINTEXT && (truststore.isPresent() || keystore.isPresent())) {
            // a store next to PLAINTEXT is a half-done configuration: better refuse than silently send in clear
            throw new IllegalArgumentException(PROTOCOL_ENV + " is PLAINTEXT but a key or trust store is set; set "
                    + PROTOCOL_ENV + "=SSL or remove the store settings");
        }
    }

    public static KafkaClientSecurity plaintext() {
        return new KafkaClientSecurity(Protocol.PLAINTEXT, Optional.empty(), Optional.empty());
    }

    /** From the variables above; an unset {@value #PROTOCOL_ENV} is PLAINTEXT. Errors name the variable, never a password. */
    public static KafkaClientSecurity fromEnv(Map<String, String> env) {
        String protocolName = value(env, PROTOCOL_ENV).orElse(Protocol.PLAINTEXT.name());
        Protocol protocol;
        try {
            protocol = Protocol.valueOf(protocolName.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PROTOCOL_ENV + " must be PLAINTEXT or SSL, not \"" + protocolName + "\"");
        }
        return new KafkaClientSecurity(protocol,
                store(env, TRUSTSTORE_LOCATION_ENV, TRUSTSTORE_PASSWORD_ENV),
                store(env, KEYSTORE_LOCATION_ENV, KEYSTORE_PASSWORD_ENV));
    }

    /** The Kafka client properties ({@code security.protocol}, {@code ssl.*}) for producers, consumers and admins alike. */
    public Map<String, String> clientProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("security.protocol", protocol.name());
        truststore.ifPresent(s -> {
            p.put("ssl.truststore.type", "PKCS12");
            p.put("ssl.truststore.location", s.location().toString());
            p.put("ssl.truststore.password", s.password());
        });
        keystore.ifPresent(s -> {
            p.put("ssl.keystore.type", "PKCS12");
            p.put("ssl.keystore.location", s.location().toString());
            p.put("ssl.keystore.password", s.password());
        });
        return p;
    }

    private static Optional<Store> store(Map<String, String> env, String locationEnv, String passwordEnv) {
        Optional<String> location = value(env, locationEnv);
        Optional<String> password = password(env, passwordEnv);
        if (location.isEmpty()) {
            if (password.isPresent()) {
                throw new IllegalArgumentException(passwordEnv + " is set but " + locationEnv + " is not");
            }
            return Optional.empty();
        }
        Path file = Path.of(location.get());
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(locationEnv + " names " + file + ", which cannot be read");
        }
        return Optional.of(new Store(file, password.orElseThrow(() -> new IllegalArgumentException(
                locationEnv + " is set but neither " + passwordEnv + " nor " + passwordEnv + FILE_SUFFIX + " is"))));
    }

    private static Optional<String> password(Map<String, String> env, String name) {
        Optional<String> direct = Optional.ofNullable(env.get(name)).filter(v -> !v.isEmpty());
        Optional<String> fileName = value(env, name + FILE_SUFFIX);
        if (direct.isPresent() && fileName.isPresent()) {
            throw new IllegalArgumentException("set either " + name + " or " + name + FILE_SUFFIX + ", not both");
        }
        if (fileName.isEmpty()) {
            return direct;
        }
        Path file = Path.of(fileName.get());
        try {
            // Strimzi's user.password / ca.password hold the password alone; a trailing newline from an editor is not part of it
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", ""));
        } catch (IOException e) {
            throw new IllegalArgumentException(name + FILE_SUFFIX + " names " + file + ", which cannot be read: "
                    + e.getClass().getSimpleName());
        }
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
