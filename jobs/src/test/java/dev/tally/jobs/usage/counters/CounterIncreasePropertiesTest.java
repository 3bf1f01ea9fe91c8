package dev.tally.jobs.usage.counters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.jobs.usage.hour.HourUsage;
import dev.tally.jobs.usage.hour.UsageRules;
import dev.tally.jobs.usage.series.HourBucket;
import dev.tally.jobs.usage.series.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random counter histories with resets: the computed increase is the sum of the true increments.
 * A seeded generator makes every case reproducible; a failure names its case number.
 */
class CounterIncreasePropertiesTest {
    private static final long SEED = 20260106L;

    /** One scrape interval: what the process did, and whether the counter was reset (restarted from 0) before it. */
    record Step(long increment, boolean reset) {
    }

    /** 1 to 119 intervals of up to 4,000 core-seconds each, one in ten preceded by a reset. */
    private static List<Step> history(Random random) {
        List<Step> steps = new ArrayList<>();
        for (int i = 1 + random.nextInt(119); i > 0; i--) {
            steps.add(new Step((long) (random.nextDouble() * 4_000_000_000_000L), random.nextInt(10) == 0));
        }
        return steps;
    }

    /** Builds the counter values; a reset is only a reset when the new value is lower (else it cannot be seen). */
    private static long[] counter(long baseline, List<Step> steps, long[] trueTotal) {
        long[] values = new long[steps.size() + 1];
        values[0] = baseline;
        long total = 0;
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            boolean reset = s.reset() && s.increment() < values[i];
            values[i + 1] = reset ? s.increment() : values[i] + s.increment();
            total += s.increment();
        }
        trueTotal[0] = total;
        return values;
    }

    @Test
    void theIncreaseOfACounterWithResetsIsTheSumOfItsIncrements() {
        Random random = new Random(SEED);
        for (int c = 0; c < 1_000; c++) {
            List<Step> steps = history(random);
            long baseline = Math.floorMod(random.nextLong(), 1_000_000_000_000_000L);
            long[] total = new long[1];
            long[] values = counter(baseline, steps, total);
            assertThat(CounterIncrease.over(values)).as("case %d", c).isEqualTo(total[0]);
        }
    }

    @Test
    void theHourlyCpuOfARandomCpuCounterIsExactToTheNanosecond() {
        Random random = new Random(SEED + 1);
        for (int c = 0; c < 300; c++) {
            theHourlyCpuIsExact(history(random), Math.floorMod(random.nextLong(), 100_000_000_000_000L), c);
        }
    }

    private static void theHourlyCpuIsExact(List<Step> steps, long baseline, int c) { // baseline < 1.2 core-days
        long[] total = new long[1];
        long[] nanos = counter(baseline, steps, total);
        long hour = Instant.parse("2026-01-06T10:00:00Z").toEpochMilli();
        HourBucket current = new HourBucket(hour);
        HourBucket next = new HourBucket(hour + 3_600_000);
        Labels cpu = Labels.of(Labels.NAME, "container_cpu_usage_seconds_total", "job", "kubelet", "instance", "n1",
                "namespace", "ns", "pod", "p", "container", "c", "cpu", "total", "id",
                "/kubepods.slice/kubepods-pod0b7c1a6e_2f0d_4c8e_9a51_3d2f1e0c9b77.slice/cri-containerd-1.scope");
        // samples every 30 s from the hour's start; the last one may be the next hour's first
        for (int i = 0; i < nanos.length; i++) {
            long t = hour + i * 30_000L;
            (t < hour + 3_600_000 ? current : next).add(cpu, t, nanos[i] / 1e9);
        }
        HourUsage.Result r = HourUsage.compute("c", hour, null, current, next, UsageRules.defaults());
        assertThat(r.usage()).as("case %d", c).singleElement()
                .satisfies(u -> assertThat(u.cpuUsageNanos()).isEqualTo(total[0]));
    }

    @Test
    void secondsToNanosInvertsNanosOverABillionBelowFifteenDigits() {
        Random random = new Random(SEED + 2);
        for (int c = 0; c < 10_000; c++) {
            long nanos = Math.floorMod(random.nextLong(), 1_000_000_000_000_000L);
            assertThat(CounterIncrease.secondsToNanos(nanos / 1e9)).as("case %d", c).isEqualTo(nanos);
        }
    }
}
