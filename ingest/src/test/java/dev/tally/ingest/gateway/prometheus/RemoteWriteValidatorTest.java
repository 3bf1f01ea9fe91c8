package dev.tally.ingest.gateway.prometheus;

import static dev.tally.ingest.gateway.support.Payloads.label;
import static dev.tally.ingest.gateway.support.Payloads.patch;
import static dev.tally.ingest.gateway.support.Payloads.request;
import static dev.tally.ingest.gateway.support.Payloads.series;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.ingest.gateway.limits.Limits;
import dev.tally.ingest.gateway.limits.Rejection;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RemoteWriteValidatorTest {

    private static final long NOW = 1_750_000_000_000L;
    private final RemoteWriteValidator validator = new RemoteWriteValidator(Limits.defaults());

    @Test
    void aValidRequestIsCountedSeriesBySeries() {
        byte[] body = request(
                series(1, NOW, label("__name__", "up"), label("job", "node")),
                series(2, NOW - 1000, label("__name__", "up"), label("job", "kubelet"))).toByteArray();

        RemoteWriteValidator.Summary summary = validator.validate(body, NOW);

        assertThat(summary.series()).isEqualTo(2);
        assertThat(summary.samples()).isEqualTo(2);
        assertThat(summary.seriesHashes()[0]).isNotEqualTo(summary.seriesHashes()[1]);
    }

    @Test
    void theSameLabelsGiveTheSameSeriesHash() {
        long a = validator.validate(request(series(1, NOW, label("a", "bc"))).toByteArray(), NOW).seriesHashes()[0];
        long b = validator.validate(request(series(9, NOW - 5, label("a", "bc"))).toByteArray(), NOW).seriesHashes()[0];
        long c = validator.validate(request(series(1, NOW, label("ab", "c"))).toByteArray(), NOW).seriesHashes()[0];
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void anInvalidUtf8ValueIsNamedBySeriesAndLabel() {
        byte[] body = patch(request(
                series(1, NOW, label("__name__", "up")),
                series(1, NOW, label("__name__", "up")),
                series(1, NOW, label("__name__", "up")),
                series(1, NOW, label("__name__", "up"), label("pod", "a~("))).toByteArray(),
                "a~(", new byte[] {'a', (byte) 0xc3, 0x28});

        assertThatThrownBy(() -> validator.validate(body, NOW))
                .isInstanceOfSatisfying(Rejection.class, r -> {
                    assertThat(r.status()).isEqualTo(400);
                    assertThat(r.reason()).isEqualTo("invalid_utf8");
                })
                .hasMessage("series 3 label \"pod\": value is not valid UTF-8");
    }

    @Test
    void labelNamesFollowPrometheusSyntax() {
        assertThatThrownBy(() -> validator.validate(request(series(1, NOW, label("k8s.pod", "x"))).toByteArray(), NOW))
                .hasMessage("series 0 label \"k8s.pod\": name does not match [a-zA-Z_][a-zA-Z0-9_]*");
        assertThatThrownBy(() -> validator.validate(request(series(1, NOW, label("1abc", "x"))).toByteArray(), NOW))
                .hasMessageContaining("\"1abc\": name does not match");
    }

    @Test
    void limitsOnLabelsAndSeriesAreEnforced() {
        Limits d = Limits.defaults();
        Limits tight = new Limits(d.maxCompressedBytes(), d.maxDecompressedBytes(), 2, 3, 8, 10, d.maxFutureSkew(),
                d.maxActiveSeriesPerCluster(), d.activeSeriesWindow(), d.maxInFlightBytes());
        RemoteWriteValidator v = new RemoteWriteValidator(tight);

        assertThatThrownBy(() -> v.validate(request(series(1, NOW, label("a", "1")), series(1, NOW, label("a", "2")),
                series(1, NOW, label("a", "3"))).toByteArray(), NOW))
                .hasMessage("request has more than 2 series (limits.max-series-per-request)");
        assertThatThrownBy(() -> v.validate(request(series(1, NOW, label("a", "1"), label("b", "1"), label("c", "1"),
                label("d", "1"))).toByteArray(), NOW))
                .hasMessage("series 0: more than 3 labels (limits.max-labels-per-series)");
        assertThatThrownBy(() -> v.validate(request(series(1, NOW, label("abcdefghi", "1"))).toByteArray(), NOW))
                .hasMessageStartingWith("series 0 label \"abcdefghi\": name is 9 bytes, above the limit of 8");
        assertThatThrownBy(() -> v.validate(request(series(1, NOW, label("a", "12345678901"))).toByteArray(), NOW))
                .hasMessage("series 0 label \"a\": value is 11 bytes, above the limit of 10 (limits.max-label-value-length)");
        assertThatThrownBy(() -> v.validate(request(series(1, NOW, label("a", "1"), label("a", "2"))).toByteArray(), NOW))
                .hasMessage("series 0 label \"a\": name appears twice");
        assertThatThrownBy(() -> v.validate(request(series(1, NOW)).toByteArray(), NOW))
                .hasMessage("series 0: has no labels");
    }

    @Test
    void samplesTooFarInTheFutureAreRejected() {
        long elevenMinutesAhead = NOW + Duration.ofMinutes(11).toMillis();
        assertThat(validator.validate(request(series(1, NOW + Duration.ofMinutes(9).toMillis(), label("a", "1"))).toByteArray(), NOW)
                .samples()).isEqualTo(1);
        assertThatThrownBy(() -> validator.validate(request(series(1, elevenMinutesAhead, label("a", "1"))).toByteArray(), NOW))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.reason()).isEqualTo("timestamp_in_future"))
                .hasMessageStartingWith("series 0 sample 0: timestamp 2025-06-15T15:17:40Z is 660 s ahead of the gateway clock (limit 600 s");
    }

    @Test
    void truncatedBodiesAreMalformedNotCrashes() {
        byte[] body = request(series(1, NOW, label("__name__", "up"), label("job", "node"))).toByteArray();
        for (int cut = 1; cut < body.length; cut++) {
            byte[] truncated = Arrays.copyOf(body, cut);
            try {
                validator.validate(truncated, NOW);
            } catch (Rejection r) {
                assertThat(r.status()).isEqualTo(400);
                assertThat(r.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void theEmptyRequestIsValid() {
        assertThat(validator.validate(new byte[0], NOW).series()).isZero();
    }
}
