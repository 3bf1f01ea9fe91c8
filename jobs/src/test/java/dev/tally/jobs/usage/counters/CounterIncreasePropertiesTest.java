package dev.tally.jobs.usage.counters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.jobs.usage.hour.HourUsage;
import dev.tally.jobs.usage.hour.UsageRules;
import dev.tally.jobs.usage.series.HourBucket;
import dev.tally.jobs.usage.series.Labels;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random counter histories with resets: the computed increase is the sum of the true increments. */
class CounterIncreasePropertiesTest {

    /** One scrape interval: what the process did, and whether the counter was reset (restarted from 0) before it. */
    record Step(long increment, boolean reset) {
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.longs().between(0, 4_000_000_000_000L),
                Arbitraries.integers().between(0, 9).map(i -> i == 0)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(119);
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

    @Property
    void theIncreaseOfACounterWithResetsIsTheSumOfItsIncrements(@ForAll("histories") List<Step> steps,
                                                                 @ForAll long baselineSeed) {
        long baseline = Math.floorMod(baselineSeed, 1_000_000_000_000_000L);
        long[] total = new long[1];
        long[] values = counter(baseline, steps, total);
        assertThat(CounterIncrease.over(values)).isEqualTo(total[0]);
    }

    @Property(tries = 300)
    void theHourlyCpuOfARandomCpuCounterIsExactToTheNanosecond(@ForAll("histories") List<Step> steps,
                                                               @ForAll long baselineSeed) {
        long baseline = Math.floorMod(baselineSeed, 100_000_000_000_000L); // < 1.2 core-days in seconds
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
        assertThat(r.usage()).singleElement().satisfies(u -> assertThat(u.cpuUsageNanos()).isEqualTo(total[0]));
    }

    @Property
    void secondsToNanosInvertsNanosOverABillionBelowFifteenDigits(@ForAll long seed) {
        long nanos = Math.floorMod(seed, 1_000_000_000_000_000L);
        assertThat(CounterIncrease.secondsToNanos(nanos / 1e9)).isEqualTo(nanos);
    }
}
