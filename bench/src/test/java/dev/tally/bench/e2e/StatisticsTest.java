package dev.tally.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tally.bench.e2e.Statistics.TimedValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatisticsTest {

    @Test
    void nearestRankPercentilesOfKnownValues() {
        List<Double> hundred = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            hundred.add((double) i);
        }
        Collections.shuffle(hundred, new Random(7));
        assertThat(Statistics.percentile(hundred, 50)).isEqualTo(50);
        assertThat(Statistics.percentile(hundred, 99)).isEqualTo(99);
        assertThat(Statistics.percentile(hundred, 100)).isEqualTo(100);
        assertThat(Statistics.percentile(List.of(4.0, 1.0, 3.0, 2.0), 50)).isEqualTo(2);
        assertThat(Statistics.percentile(List.of(12.5), 99)).isEqualTo(12.5);
        // p99 of ten values is the largest: nine of ten are not 99%
        assertThat(Statistics.percentile(List.of(1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 30.0), 99)).isEqualTo(30);
        assertThat(Statistics.percentile(List.of(), 50)).isNaN();
    }

    @Test
    void theSlopeOfALineIsItsRisePerMinuteWhateverTheNoiseAroundIt() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        double perSecond = random.nextDouble() * 2 - 1;
        List<TimedValue> points = new ArrayList<>();
        List<TimedValue> noisy = new ArrayList<>();
        for (int t = 0; t <= 600; t += 5) {
            points.add(new TimedValue(t, 300 + perSecond * t));
            // symmetric noise: +e at t and -e at t + 2.5 leaves the least-squares line where it was, nearly
            double e = random.nextDouble() * 20;
            noisy.add(new TimedValue(t, 300 + perSecond * t + e));
            noisy.add(new TimedValue(t + 2.5, 300 + perSecond * (t + 2.5) - e));
        }
        assertThat(Statistics.slopePerMinute(points)).as("seed %d", seed).isCloseTo(perSecond * 60, within(1e-9));
        assertThat(Statistics.slopePerMinute(noisy)).as("seed %d", seed).isCloseTo(perSecond * 60, within(0.5));
    }

    @Test
    void aFlatSeriesOrTooFewPointsHaveNoSlope() {
        assertThat(Statistics.slopePerMinute(List.of(new TimedValue(0, 5), new TimedValue(10, 5), new TimedValue(20, 5)))).isZero();
        assertThat(Statistics.slopePerMinute(List.of(new TimedValue(0, 5)))).isZero();
        assertThat(Statistics.slopePerMinute(List.of(new TimedValue(3, 5), new TimedValue(3, 9)))).isZero();
    }
}
