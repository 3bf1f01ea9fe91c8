package dev.tally.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tally.bench.e2e.Statistics.TimedValue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** A 10-minute soak, looked at every 5 s; only its second half is judged. */
class FlatMemoryRuleTest {

    private static List<TimedValue> series(DoubleUnaryOperator mb) {
        List<TimedValue> points = new ArrayList<>();
        for (int t = 0; t <= 600; t += 5) {
            points.add(new TimedValue(t, mb.applyAsDouble(t)));
        }
        return points;
    }

    @Test
    void warmingUpInTheFirstHalfThenStayingLevelIsFlat() {
        FlatMemoryRule.Verdict v = FlatMemoryRule.defaults().judge(series(t -> t < 300 ? 100 + t : 400 + (t % 20)), 600);
        assertThat(v.flat()).as(v.describe()).isTrue();
        assertThat(v.meanMb()).isCloseTo(407.4, within(0.5));
    }

    @Test
    void growingByMoreThanFivePercentOfTheMeanOverTheSecondHalfIsNot() {
        // 400 MB growing 6 MB a minute: 30 MB over the five minutes, more than 5% of ~415 MB (20.8 MB)
        FlatMemoryRule.Verdict v = FlatMemoryRule.defaults().judge(series(t -> 400 + t / 10.0), 600);
        assertThat(v.flat()).isFalse();
        assertThat(v.slopeMbPerMinute()).isCloseTo(6, within(1e-9));
        assertThat(v.growthMb()).isCloseTo(30, within(1e-9));
        assertThat(v.allowedMb()).isCloseTo(0.05 * 445, within(1e-9));
        // 3 MB a minute: 15 MB, within it
        assertThat(FlatMemoryRule.defaults().judge(series(t -> 400 + t / 20.0), 600).flat()).isTrue();
    }

    @Test
    void aSmallProcessGetsTheSixteenMegabyteFloor() {
        // 40 MB growing 2.4 MB a minute: 12 MB over the half is 30% of its mean, but under 16 MB
        FlatMemoryRule.Verdict v = FlatMemoryRule.defaults().judge(series(t -> 40 + t / 25.0), 600);
        assertThat(v.allowedMb()).isEqualTo(16);
        assertThat(v.flat()).isTrue();
        assertThat(FlatMemoryRule.defaults().judge(series(t -> 40 + t / 15.0), 600).flat()).isFalse();
    }

    @Test
    void memoryReturnedAfterAPeakIsNoLeak() {
        // 700 MB falling 10 MB a minute (the jobs draining the last step's backlog): flat, described as falling
        FlatMemoryRule.Verdict v = FlatMemoryRule.defaults().judge(series(t -> 700 - t / 6.0), 600);
        assertThat(v.flat()).isTrue();
        assertThat(v.growthMb()).isCloseTo(-50, within(1e-9));
        assertThat(v.describe()).endsWith("(allowed +31.3): falling");
    }
}
