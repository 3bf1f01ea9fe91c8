package dev.tally.ingest.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CardinalityGuardTest {

    private final AtomicLong millis = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    };

    @Test
    void newSeriesAboveTheLimitAreRejectedKnownOnesPass() {
        CardinalityGuard guard = new CardinalityGuard(3, Duration.ofHours(1), clock);
        guard.admit("a", new long[] {1, 2, 2}, 3);
        guard.admit("a", new long[] {1, 2, 0}, 3);
        assertThat(guard.activeSeries("a")).isEqualTo(3);
        assertThatThrownBy(() -> guard.admit("a", new long[] {1, 4}, 2))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.reason()).isEqualTo("series_limit"))
                .hasMessage("cluster a would have 4 active series, above the limit of 3 (limits.max-active-series-per-cluster); 1 new series in this request");
        guard.admit("a", new long[] {0, 1, 2}, 3);
        guard.admit("b", new long[] {4, 5, 6}, 3);
        assertThat(guard.activeSeries("a")).isEqualTo(3);
    }

    @Test
    void seriesNotSeenForTwoWindowsAreNoLongerActive() {
        CardinalityGuard guard = new CardinalityGuard(2, Duration.ofMinutes(10), clock);
        guard.admit("a", new long[] {1, 2}, 2);
        millis.addAndGet(Duration.ofMinutes(11).toMillis());
        guard.admit("a", new long[] {1}, 1);
        assertThat(guard.activeSeries("a")).isEqualTo(2);
        millis.addAndGet(Duration.ofMinutes(11).toMillis());
        // series 2 was last seen two windows ago; series 1 one window ago
        assertThat(guard.activeSeries("a")).isEqualTo(1);
        guard.admit("a", new long[] {3}, 1);
        assertThat(guard.activeSeries("a")).isEqualTo(2);
    }

    @Test
    void theLongSetHoldsManyValues() {
        CardinalityGuard.LongSet set = new CardinalityGuard.LongSet(4);
        for (long i = -5000; i < 5000; i++) {
            assertThat(set.add(i * 7919)).isTrue();
        }
        assertThat(set.size()).isEqualTo(10_000);
        assertThat(set.contains(0)).isTrue();
        assertThat(set.contains(7919L * 4999)).isTrue();
        assertThat(set.contains(1)).isFalse();
    }
}
