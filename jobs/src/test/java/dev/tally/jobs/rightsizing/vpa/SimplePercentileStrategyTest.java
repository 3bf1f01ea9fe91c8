package dev.tally.jobs.rightsizing.vpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimplePercentileStrategyTest {

    @Test
    void cpuIsTheNinetyFifthPercentileAndMemoryTheMaximumPlusFifteenPercent() {
        SimplePercentileStrategy krr = SimplePercentileStrategy.defaults();
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < 100; i++) {
            // 1..100 hundredths of a core, one each: the 95th percentile is 0.95; old samples weigh the same as new
            krr.addCpu(t0.plus(Duration.ofDays(i)), (i + 1) / 100.0);
            krr.addMemory(100e6 + i * 1e6);
        }
        ExponentialBuckets b = ExponentialBuckets.cpuCores();

        assertThat(krr.cpuRequestCores()).isEqualTo(b.start(b.bucketOf(0.95) + 1));
        assertThat(krr.cpuRequestCores()).isBetween(0.95, 0.95 * 1.05);
        assertThat(krr.memoryRequestBytes()).isEqualTo(199e6 * 1.15);
    }
}
