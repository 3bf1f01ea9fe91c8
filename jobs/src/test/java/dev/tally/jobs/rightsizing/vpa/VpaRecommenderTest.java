package dev.tally.jobs.rightsizing.vpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VpaRecommenderTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final double MIB = 1024 * 1024;
    private final VpaRecommender recommender = new VpaRecommender(VpaSettings.defaults());
    private final ExponentialBuckets cpuBuckets = ExponentialBuckets.cpuCores();
    private final ExponentialBuckets memoryBuckets = ExponentialBuckets.memoryBytes();

    @Test
    void anOverRequestedContainerGetsItsPercentilePlusTheMargin() {
        // requests 2 cores and 2 GiB, uses 0.3 cores (0.6 at the peak hour) and 300 MiB, for 8 days
        ContainerHistory history = new ContainerHistory(VpaSettings.defaults());
        for (int m = 0; m < 8 * 24 * 60; m++) {
            Instant t = T0.plus(Duration.ofMinutes(m));
            history.addCpu(t, m % 60 < 5 ? 0.6 : 0.3, 2.0);
            history.addMemory(t, 300 * MIB);
        }

        VpaRecommendation r = recommender.recommend(history, 1);

        assertThat(r.targetCpuCores()).isCloseTo(cpuBuckets.start(cpuBuckets.bucketOf(0.3) + 1) * 1.15, within(1e-12));
        assertThat(r.upperCpuCores()).isCloseTo(cpuBuckets.start(cpuBuckets.bucketOf(0.6) + 1) * 1.15 * (1 + 1 / r.confidenceDays()),
                within(1e-9));
        assertThat(r.targetMemoryBytes()).isCloseTo(memoryBuckets.start(memoryBuckets.bucketOf(300 * MIB) + 1) * 1.15, within(1.0));
        assertThat(r.confidenceDays()).isCloseTo(8.0, within(0.01));
        assertThat(r.targetCpuCores()).isLessThan(0.4);
    }

    @Test
    void anOomKillRaisesMemoryEvenWithoutUsageSamples() {
        // OOM-looping at start-up (VPA #4981): killed at its 256 MiB request before reporting usage
        ContainerHistory history = new ContainerHistory(VpaSettings.defaults());
        history.addCpu(T0, 0.05, 0.1);
        history.addOomKill(T0.plusSeconds(30), 256 * MIB);

        VpaRecommendation r = recommender.recommend(history, 1);

        double needed = Math.max(256 * MIB + 100 * MIB, 256 * MIB * 1.2);   // 356 MiB
        assertThat(r.targetMemoryBytes()).isCloseTo(memoryBuckets.start(memoryBuckets.bucketOf(needed) + 1) * 1.15, within(1.0));
        assertThat(r.targetMemoryBytes()).isGreaterThan(400 * MIB);
        assertThat(history.oomKills()).isEqualTo(1);
    }

    @Test
    void memoryIsNeverRecommendedBelowTheLargestWorkingSetSeen() {
        // one 1.5 GiB spike in eight days of 200 MiB: the 90th percentile of peaks stays low, the floor does not
        ContainerHistory history = new ContainerHistory(VpaSettings.defaults());
        for (int m = 0; m < 8 * 24 * 60; m += 5) {
            history.addCpu(T0.plus(Duration.ofMinutes(m)), 0.1, 0.5);
            history.addMemory(T0.plus(Duration.ofMinutes(m)), m == 3000 ? 1536 * MIB : 200 * MIB);
        }

        assertThat(recommender.recommend(history, 1).targetMemoryBytes()).isEqualTo(1536 * MIB);
    }

    @Test
    void tinyContainersGetThePodMinimumDividedAmongTheirContainers() {
        ContainerHistory history = new ContainerHistory(VpaSettings.defaults());
        history.addCpu(T0, 0.001, 0.0);
        history.addMemory(T0, 5 * MIB);

        VpaRecommendation r = recommender.recommend(history, 2);

        assertThat(r.targetCpuCores()).isEqualTo(0.0125);
        assertThat(r.targetMemoryBytes()).isEqualTo(125 * MIB);
        assertThat(r.confidenceDays()).isZero();
    }
}
