package dev.tally.jobs.rightsizing.vpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ExponentialBucketsTest {
    private final ExponentialBuckets cpu = ExponentialBuckets.cpuCores();

    @Test
    void bucketsGrowByFivePercentFromTheFirstBucketsSize() {
        assertThat(cpu.start(0)).isZero();
        assertThat(cpu.start(1)).isCloseTo(0.01, within(1e-12));
        assertThat(cpu.start(2)).isCloseTo(0.01 + 0.0105, within(1e-12));
        assertThat(cpu.start(3)).isCloseTo(0.01 + 0.0105 + 0.011025, within(1e-12));
        for (int b = 2; b < cpu.count() - 1; b++) {
            double width = cpu.start(b + 1) - cpu.start(b);
            double previous = cpu.start(b) - cpu.start(b - 1);
            assertThat(width / previous).isCloseTo(1.05, within(1e-9));
        }
    }

    @Test
    void theBucketCountReachesTheMaximum() {
        // the first n with start(n) >= 1000 cores, plus one: 0.01 × (1.05^n − 1) / 0.05 >= 1000 → n = 175:
        // the last bucket (175, no upper end) starts at the maximum
        assertThat(cpu.count()).isEqualTo(176);
        assertThat(cpu.start(cpu.count() - 1)).isGreaterThanOrEqualTo(1000.0);
        assertThat(cpu.start(cpu.count() - 2)).isLessThan(1000.0);
        assertThat(ExponentialBuckets.memoryBytes().count()).isEqualTo(176);
    }

    @Test
    void aValueFallsIntoTheBucketThatHoldsIt() {
        for (double v : new double[] {0.0, 0.005, 0.01, 0.25, 0.5, 1.0, 3.7, 64.0, 999.0}) {
            int b = cpu.bucketOf(v);
            assertThat(cpu.start(b)).as("start of the bucket of %s", v).isLessThanOrEqualTo(v);
            assertThat(cpu.start(b + 1)).as("end of the bucket of %s", v).isGreaterThan(v);
        }
        assertThat(cpu.bucketOf(5000.0)).isEqualTo(cpu.count() - 1);
    }
}
