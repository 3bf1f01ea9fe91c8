package dev.tally.ingest.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a bearer token, as lowercase hex: what the config stores instead of the token.
 *
 * <p>Why not a salted slow hash (bcrypt, Argon2): those protect low-entropy passwords against guessing.
 * Cluster tokens are machine-generated random secrets (use at least 32 random bytes, e.g.
 * {@code openssl rand -hex 32}); guessing 256 bits is infeasible however fast the hash, so a slow hash
 * would only cost CPU on every request. Matching compares digests in constant time.
 */
public final class TokenHash {

    private TokenHash() {
    }

    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Prints the hash of the token given as the only argument (or read from stdin), for the config file. */
    public static void main(String[] args) throws java.io.IOException {
        String token = args.length > 0 ? args[0]
                : new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
        System.out.println(sha256Hex(token));
    }
}
