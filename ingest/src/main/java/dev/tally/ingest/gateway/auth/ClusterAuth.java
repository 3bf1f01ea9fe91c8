package dev.tally.ingest.gateway.auth;

import dev.tally.ingest.gateway.limits.Rejection;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Turns an {@code Authorization} header into the authenticated cluster id, the only source of a record's
 * cluster identity. Missing or malformed header, or an unknown token: 401; a disabled cluster: 403.
 * The token's digest is compared with every configured digest, in constant time and without early exit.
 */
public final class ClusterAuth {

    private record Entry(ClusterCredentials cluster, byte[] digest) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final BiPredicate<byte[], byte[]> digestsEqual;

    public ClusterAuth(Collection<ClusterCredentials> clusters) {
        this(clusters, MessageDigest::isEqual);
    }

    /**
     * With another digest comparison (tests count the comparisons to check the rule: every configured digest is
     * compared, whichever matches; both sides are always 32-byte SHA-256 digests, never the raw token).
     */
    ClusterAuth(Collection<ClusterCredentials> clusters, BiPredicate<byte[], byte[]> digestsEqual) {
        this.digestsEqual = digestsEqual;
        for (ClusterCredentials cluster : clusters) {
            for (byte[] digest : cluster.digests()) {
                for (Entry existing : entries) {
                    if (MessageDigest.isEqual(existing.digest, digest)) {
                        throw new IllegalArgumentException("clusters " + existing.cluster.clusterId() + " and "
                                + cluster.clusterId() + " share a token hash; each cluster needs its own token");
                    }
                }
                entries.add(new Entry(cluster, digest));
            }
        }
    }

    /** The cluster id for this header value, or a 401/403 {@link Rejection}. */
    public String authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new Rejection(401, "missing_token", "missing Authorization header: send Authorization: Bearer <cluster token>");
        }
        String value = authorization.strip();
        int space = value.indexOf(' ');
        if (space <= 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw new Rejection(401, "malformed_token", "Authorization header must be \"Bearer <cluster token>\"");
        }
        String token = value.substring(space + 1).strip();
        if (token.isEmpty() || token.indexOf(' ') >= 0) {
            throw new Rejection(401, "malformed_token", "Authorization header must be \"Bearer <cluster token>\"");
        }
        byte[] digest = TokenHash.sha256(token);
        ClusterCredentials match = null;
        for (Entry entry : entries) {
            // no break: the time taken does not depend on which entry (if any) matches
            if (digestsEqual.test(entry.digest, digest)) {
                match = entry.cluster;
            }
        }
        if (match == null) {
            throw new Rejection(401, "unknown_token", "the bearer token is not valid for any cluster");
        }
        if (!match.enabled()) {
            throw new Rejection(403, "cluster_disabled", "cluster " + match.clusterId() + " is disabled in the gateway's configuration");
        }
        return match.clusterId();
    }
}
