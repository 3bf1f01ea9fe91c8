package dev.tally.local.fleet;

import dev.tally.local.fleet.FleetTestSupport.Sample;
import dev.tally.local.fleet.truth.ContainerHour;
import dev.tally.local.fleet.truth.ContainerUsage;
import dev.tally.local.fleet.truth.GroundTruth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tally.local.fleet.FleetTestSupport.DEMO;
import static dev.tally.local.fleet.FleetTestSupport.nanos;
import static dev.tally.local.fleet.FleetTestSupport.render;
import static dev.tally.local.fleet.FleetTestSupport.samples;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the rendered counters back the way a usage job would — per series, deltas between
 * consecutive scrapes, a new series (new container id) starting from zero after a restart —
 * gives exactly the ground truth: CPU core-nanoseconds, CFS periods and throttled periods per
 * container and hour; and the working-set samples give exactly its memory sum, max and count.
 *
 * <p>The window is a Wednesday's release train and morning scale-out (05:00–08:00 UTC):
 * rollouts replace pods, CronJobs come and go, burst nodes join, containers get OOM-killed.
 */
class FleetCountersTest {

    private static final Instant FROM = Instant.parse("2026-01-07T05:00:00Z");
    private static final Instant TO = Instant.parse("2026-01-07T08:00:00Z");
    private static final long STEP = 30;
    private static final Pattern POD_UID = Pattern.compile("pod([0-9a-f_]{36})\\.slice");

    private static List<Sample> rendered;
    private static GroundTruth truth;

    @BeforeAll
    static void renderAndComputeTruth() {
        FleetSimulator sim = new FleetSimulator(DEMO);
        // One tick past the range: its counters close the last interval of the range.
        rendered = samples(render(sim, FROM, TO.plusSeconds(STEP)));
        truth = sim.groundTruth(FROM, TO);
    }

    @Test
    void cpuCounterDeltasEqualTheTrueCoreSecondsOfEveryContainerAndHour() {
        Map<ContainerHour, Long> observed = increases("container_cpu_usage_seconds_total", s -> nanos(s.value()));
        Map<ContainerHour, Long> expected = truthOf(ContainerUsage::cpuUsageNanos);

        assertThat(observed).hasSizeGreaterThan(200).isEqualTo(expected);
        // e.g. the checkout API really used CPU, and the counter shows it to the nanosecond
        assertThat(expected.entrySet()).anySatisfy(e -> {
            assertThat(e.getKey().pod()).startsWith("checkout-api-");
            assertThat(e.getValue()).isGreaterThan(1_000_000_000L);
        });
    }

    @Test
    void cfsPeriodAndThrottlingCounterDeltasEqualTheTruth() {
        Map<ContainerHour, Long> periods = increases("container_cpu_cfs_periods_total", s -> (long) s.value());
        Map<ContainerHour, Long> throttled = increases("container_cpu_cfs_throttled_periods_total", s -> (long) s.value());

        assertThat(periods).isEqualTo(truthOf(ContainerUsage::cfsPeriods));
        assertThat(throttled).isEqualTo(truthOf(ContainerUsage::cfsThrottledPeriods));
        // the under-provisioned payments worker is throttled once the morning traffic arrives
        assertThat(throttled.entrySet()).anySatisfy(e -> {
            assertThat(e.getKey().pod()).startsWith("payments-worker-");
            assertThat(e.getValue()).isPositive();
        });
    }

    @Test
    void workingSetSamplesGiveTheTrueMemorySumMaxAndSampleCount() {
        Map<ContainerHour, long[]> observed = new HashMap<>();
        for (Sample s : rendered) {
            if (s.name().equals("container_memory_working_set_bytes") && !s.label("container").isEmpty()
                    && s.time().isBefore(TO)) {
                long[] acc = observed.computeIfAbsent(key(s, s.timestampMillis() / 1000), k -> new long[3]);
                long bytes = (long) s.value();
                acc[0] += bytes;
                acc[1] = Math.max(acc[1], bytes);
                acc[2]++;
            }
        }
        Map<ContainerHour, List<Long>> expected = new HashMap<>();
        truth.containers().forEach((k, u) -> {
            if (u.runningSamples() > 0) {
                expected.put(k, List.of(u.memoryWorkingSetSumBytes(), u.memoryWorkingSetMaxBytes(), u.runningSamples()));
            }
        });
        Map<ContainerHour, List<Long>> actual = new HashMap<>();
        observed.forEach((k, a) -> actual.put(k, List.of(a[0], a[1], a[2])));

        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void thePodCgroupSeriesCountsItsContainersAgainSoUsageMustFilterContainerNotEmpty() {
        Map<String, Long> podLevel = new TreeMap<>();
        Map<String, Long> containerLevel = new TreeMap<>();
        Map<String, List<Sample>> bySeries = series("container_cpu_usage_seconds_total");
        bySeries.forEach((k, list) -> {
            Sample first = list.get(0);
            Sample last = list.get(list.size() - 1);
            String pod = first.cluster() + "/" + first.label("namespace") + "/" + first.label("pod");
            long increase = nanos(last.value()) - nanos(first.value());
            (first.label("container").isEmpty() ? podLevel : containerLevel).merge(pod, increase, Long::sum);
        });

        // Pods that ran the whole window with no restarts: the pod cgroup's increase is exactly its containers'.
        assertThat(podLevel).isNotEmpty();
        long matching = podLevel.entrySet().stream()
                .filter(e -> e.getValue().equals(containerLevel.get(e.getKey())))
                .count();
        assertThat(matching).isGreaterThan(podLevel.size() / 2);
    }

    // ------------------------------------------------------------------------------------ helpers

    /** Per container and hour: the increase of a counter family over the range, restarts included. */
    private static Map<ContainerHour, Long> increases(String family, ToLongFunction<Sample> value) {
        Map<ContainerHour, Long> out = new HashMap<>();
        for (List<Sample> run : series(family).values()) {
            Sample first = run.get(0);
            if (first.label("container").isEmpty()) {
                continue;    // the pod's own cgroup
            }
            long firstTick = first.timestampMillis() / 1000;
            // A new container counts from zero: its first value is what it used since it started,
            // during the interval before its first scrape.
            add(out, first, firstTick - STEP, value.applyAsLong(first));
            for (int i = 1; i < run.size(); i++) {
                long previousTick = run.get(i - 1).timestampMillis() / 1000;
                assertThat(run.get(i).timestampMillis() / 1000 - previousTick).as("no gap in a container run").isEqualTo(STEP);
                add(out, first, previousTick, value.applyAsLong(run.get(i)) - value.applyAsLong(run.get(i - 1)));
            }
        }
        out.values().removeIf(v -> v == 0);
        return out;
    }

    private static void add(Map<ContainerHour, Long> out, Sample series, long intervalStart, long amount) {
        if (intervalStart >= FROM.getEpochSecond() && intervalStart < TO.getEpochSecond() && amount != 0) {
            out.merge(key(series, intervalStart), amount, Long::sum);
        }
    }

    private static Map<String, List<Sample>> series(String family) {
        Map<String, List<Sample>> out = new HashMap<>();
        for (Sample s : rendered) {
            if (s.name().equals(family)) {
                out.computeIfAbsent(s.cluster() + s.seriesKey(), k -> new ArrayList<>()).add(s);
            }
        }
        return out;
    }

    private static ContainerHour key(Sample s, long second) {
        Matcher m = POD_UID.matcher(s.label("id"));
        assertThat(m.find()).as("pod uid in cgroup id %s", s.label("id")).isTrue();
        Instant hour = Instant.ofEpochSecond(second - Math.floorMod(second, 3600));
        return new ContainerHour(s.cluster(), s.label("namespace"), s.label("pod"), m.group(1).replace('_', '-'),
                s.label("container"), hour);
    }

    private static Map<ContainerHour, Long> truthOf(ToLongFunction<ContainerUsage> field) {
        Map<ContainerHour, Long> out = new HashMap<>();
        truth.containers().forEach((k, u) -> {
            long v = field.applyAsLong(u);
            if (v != 0) {
                out.put(k, v);
            }
        });
        return out;
    }
}
