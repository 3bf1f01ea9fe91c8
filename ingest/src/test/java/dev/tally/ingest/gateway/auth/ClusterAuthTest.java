package dev.tally.ingest.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.ingest.gateway.limits.Rejection;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterAuthTest {

    private final ClusterAuth auth = new ClusterAuth(List.of(
            new ClusterCredentials("aks-weu-1", true, List.of(TokenHash.sha256Hex("old-token-1"), TokenHash.sha256Hex("new-token-1"))),
            new ClusterCredentials("aks-neu-2", true, List.of(TokenHash.sha256Hex("token-2"))),
            new ClusterCredentials("aks-retired", false, List.of(TokenHash.sha256Hex("token-3")))));

    @Test
    void bothTokensOfARotationAuthenticateTheirCluster() {
        assertThat(auth.authenticate("Bearer old-token-1")).isEqualTo("aks-weu-1");
        assertThat(auth.authenticate("Bearer new-token-1")).isEqualTo("aks-weu-1");
        assertThat(auth.authenticate("bearer token-2")).isEqualTo("aks-neu-2");
    }

    @Test
    void missingMalformedAndUnknownTokensAre401() {
        assertRejected(null, 401, "missing_token");
        assertRejected("", 401, "missing_token");
        assertRejected("Basic dXNlcjpwYXNz", 401, "malformed_token");
        assertRejected("Bearer", 401, "malformed_token");
        assertRejected("Bearer a b", 401, "malformed_token");
        assertRejected("Bearer not-a-token", 401, "unknown_token");
    }

    @Test
    void aDisabledClusterIs403() {
        assertThatThrownBy(() -> auth.authenticate("Bearer token-3"))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.status()).isEqualTo(403))
                .hasMessage("cluster aks-retired is disabled in the gateway's configuration");
    }

    @Test
    void rejectionsNeverEchoTheToken() {
        assertThatThrownBy(() -> auth.authenticate("Bearer s3cret-value")).message().doesNotContain("s3cret");
    }

    @Test
    void configurationMistakesAreRefused() {
        assertThatThrownBy(() -> new ClusterCredentials("a", true, List.of("ab")))
                .hasMessageContaining("64 hex digits");
        String h = TokenHash.sha256Hex("x");
        assertThatThrownBy(() -> new ClusterCredentials("a", true, List.of(h, h, h)))
                .hasMessageContaining("at most 2");
        assertThatThrownBy(() -> new ClusterAuth(List.of(new ClusterCredentials("a", true, List.of(h)),
                new ClusterCredentials("b", true, List.of(h))))).hasMessageContaining("share a token hash");
        assertThat(new ClusterCredentials("a", true, List.of(h)).toString()).doesNotContain(h);
    }

    @Test
    void everyConfiguredDigestIsComparedWhicheverMatchesAndOnlyDigestsAreCompared() {
        List<ClusterCredentials> clusters = List.of(
                new ClusterCredentials("first", true, List.of(TokenHash.sha256Hex("t-first"))),
                new ClusterCredentials("middle", true, List.of(TokenHash.sha256Hex("t-middle-old"), TokenHash.sha256Hex("t-middle-new"))),
                new ClusterCredentials("last", true, List.of(TokenHash.sha256Hex("t-last"))));
        int configuredDigests = 4;
        List<int[]> lengths = new java.util.ArrayList<>();
        int[] comparisons = {0};
        ClusterAuth counting = new ClusterAuth(clusters, (a, b) -> {
            comparisons[0]++;
            lengths.add(new int[] {a.length, b.length});
            return java.security.MessageDigest.isEqual(a, b);
        });
        // a match at the first entry, in the middle, at the end, no match, and tokens of very different lengths
        for (String token : List.of("t-first", "t-middle-new", "t-last", "unknown", "x", "y".repeat(10_000))) {
            comparisons[0] = 0;
            try {
                counting.authenticate("Bearer " + token);
            } catch (Rejection expected) {
                assertThat(expected.status()).isEqualTo(401);
            }
            assertThat(comparisons[0]).as("digest comparisons for token %s…", token.substring(0, 1))
                    .isEqualTo(configuredDigests);
        }
        assertThat(lengths).allSatisfy(pair -> assertThat(pair).containsExactly(32, 32));
    }

    @Test
    void theHashIsSha256Hex() {
        assertThat(TokenHash.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private void assertRejected(String header, int status, String reason) {
        assertThatThrownBy(() -> auth.authenticate(header))
                .isInstanceOfSatisfying(Rejection.class, r -> {
                    assertThat(r.status()).isEqualTo(status);
                    assertThat(r.reason()).isEqualTo(reason);
                    assertThat(r.getMessage()).isNotBlank();
                });
    }
}
