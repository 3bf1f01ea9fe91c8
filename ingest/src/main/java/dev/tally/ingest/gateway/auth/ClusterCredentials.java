package dev.tally.ingest.gateway.auth;

import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One member cluster's credentials: up to two token hashes (SHA-256 hex), so a new token can be rolled
 * out before the old one is removed; {@code enabled=false} answers 403 to its valid tokens.
 */
public record ClusterCredentials(String clusterId, boolean enabled, List<String> tokenSha256) {

    public static final int MAX_TOKENS = 2;

    public ClusterCredentials {
        Objects.requireNonNull(clusterId, "clusterId");
        if (clusterId.isBlank()) {
            throw new IllegalArgumentException("a cluster id must not be blank");
        }
        tokenSha256 = List.copyOf(tokenSha256);
        if (tokenSha256.size() > MAX_TOKENS) {
            throw new IllegalArgumentException("cluster " + clusterId + " has " + tokenSha256.size()
                    + " token hashes; at most " + MAX_TOKENS + " (the current one and the next, for rotation)");
        }
        for (String hash : tokenSha256) {
            if (hash.length() != 64 || !hash.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException("cluster " + clusterId
                        + ": a token hash must be 64 hex digits (SHA-256 of the token)");
            }
        }
    }

    byte[][] digests() {
        byte[][] out = new byte[tokenSha256.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = HexFormat.of().parseHex(tokenSha256.get(i).toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    /** Never prints the hashes. */
    @Override
    public String toString() {
        return "ClusterCredentials[clusterId=" + clusterId + ", enabled=" + enabled + ", tokens=" + tokenSha256.size() + "]";
    }
}
