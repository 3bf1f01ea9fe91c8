package dev.tally.ingest.gateway;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS for the gateway's HTTP server: a key store (PKCS12 by default) holding the server's private key and
 * certificate chain. The password comes only from the environment or a file ({@link GatewayConfigLoader}),
 * never from the config file, and {@link #toString()} never shows it.
 *
 * @param keyStore     the key store file
 * @param keyStoreType {@code PKCS12} (what {@code keytool} and {@code openssl pkcs12 -export} write) or {@code JKS}
 * @param password     the key store's (and its key's) password
 */
public record GatewayTls(Path keyStore, String keyStoreType, String password) {

    public GatewayTls {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(keyStoreType, "keyStoreType");
        Objects.requireNonNull(password, "password");
        if (keyStoreType.isBlank()) {
            throw new IllegalArgumentException("tls.keystore-type must not be blank");
        }
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "GatewayTls[keyStore=" + keyStore + ", keyStoreType=" + keyStoreType + ", password=***]";
    }
}
