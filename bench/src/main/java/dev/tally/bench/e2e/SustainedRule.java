package dev.tally.bench.e2e;

import dev.tally.bench.e2e.Statistics.TimedValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * When a rate step counts as sustained (bench/README.md, "End to end"): over the step's measured
 * window (after its warm-up)
 * <ol>
 *   <li>the load got through: at least {@code minDeliveredShare} of the offered samples/s were accepted by the gateway;</li>
 *   <li>no job's consumer lag on {@code tally.metrics.v1} grew: the highest lag in the window's last quarter is at
 *       most {@code lagToleranceSeconds} of input plus {@code lagToleranceShare} of the window's input (records at
 *       the step's record rate) above the highest lag in its first quarter. Highest, because committed offsets move
 *       only at checkpoints: lag is a saw-tooth whose peaks are a checkpoint interval's worth of input, and a
 *       quarter spans more than one tooth, so peaks compare with peaks; the share makes a slow deficit (a job
 *       at 95% of the rate) fail in a long window as a fast one does in a short window;</li>
 *   <li>freshness stayed bounded: the age of the newest marker visible in ClickHouse (how stale what a user sees
 *       is), looked at every second, peaks in the window's last quarter at most {@code freshnessToleranceSeconds}
 *       above its peak in the first quarter; and a marker became visible in the window. The age, not each marker's
 *       freshness: a marker still in flight at the window's end has no freshness yet, but the age grows while
 *       nothing new arrives.</li>
 * </ol>
 */
public record SustainedRule(double minDeliveredShare, double lagToleranceSeconds, double lagToleranceShare,
                            double freshnessToleranceSeconds) {

    public static SustainedRule defaults() {
        return new SustainedRule(0.95, 5, 0.05, 20);
    }

    /**
     * What was seen in one step's measured window; times in seconds since the window's start.
     *
     * @param windowSeconds             the measured window's length
     * @param offeredSamplesPerSecond   the rate the load aimed at
     * @param deliveredSamplesPerSecond samples the gateway accepted (2xx) per second of the window
     * @param recordsPerSecond          Kafka records (remote_write requests) per second of the window
     * @param lagByGroup                each job's consumer lag in records, sampled through the window
     * @param markers                   each freshness marker sent in the window
     */
    public record Window(double windowSeconds, double offeredSamplesPerSecond, double deliveredSamplesPerSecond,
                         double recordsPerSecond, Map<String, List<TimedValue>> lagByGroup, List<Marker> markers) {
    }

    /** A freshness marker: when it was sent and when it was first seen in ClickHouse (NaN: not within the window). */
    public record Marker(double sentSeconds, double seenSeconds) {
        public boolean visible() {
            return !Double.isNaN(seenSeconds);
        }
    }

    /** The judgement and why; each figure the rule compared is in {@code reasons}. */
    public record Verdict(boolean sustained, List<String> reasons) {
    }

    public Verdict judge(Window w) {
        List<String> failed = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        double share = w.offeredSamplesPerSecond() == 0 ? 1 : w.deliveredSamplesPerSecond() / w.offeredSamplesPerSecond();
        (share >= minDeliveredShare ? passed : failed).add(String.format("delivered %.0f of %.0f samples/s offered (%.0f%%, needs %.0f%%)",
                w.deliveredSamplesPerSecond(), w.offeredSamplesPerSecond(), share * 100, minDeliveredShare * 100));

        double quarter = w.windowSeconds() / 4;
        double toleranceSeconds = lagToleranceSeconds + lagToleranceShare * w.windowSeconds();
        double toleranceRecords = toleranceSeconds * w.recordsPerSecond();
        w.lagByGroup().forEach((group, lag) -> {
            double first = max(lag, 0, quarter);
            double last = max(lag, w.windowSeconds() - quarter, Double.MAX_VALUE);
            boolean ok = lag.isEmpty() || last - first <= toleranceRecords;
            (ok ? passed : failed).add(String.format("%s lag %.0f → %.0f records (growth allowed %.0f = %.1f s of input)",
                    group, first, last, toleranceRecords, toleranceSeconds));
        });

        List<TimedValue> age = newestVisibleAge(w.markers(), w.windowSeconds());
        if (age.isEmpty()) {
            failed.add("no freshness marker became visible in ClickHouse within the window");
        } else {
            double first = max(age, 0, quarter);
            double last = max(age, w.windowSeconds() - quarter, Double.MAX_VALUE);
            (last - first <= freshnessToleranceSeconds ? passed : failed).add(String.format(
                    "age of the newest visible marker peaks %.1f s → %.1f s (growth allowed %.0f s)", first, last, freshnessToleranceSeconds));
        }
        List<String> reasons = new ArrayList<>(failed);
        reasons.addAll(passed);
        return new Verdict(failed.isEmpty(), reasons);
    }

    /** Every second of the window from the first visible marker on: seconds since the newest visible marker was sent. */
    static List<TimedValue> newestVisibleAge(List<Marker> markers, double windowSeconds) {
        List<TimedValue> age = new ArrayList<>();
        for (double t = 0; t <= windowSeconds; t += 1) {
            double now = t;
            markers.stream().filter(m -> m.visible() && m.seenSeconds() <= now).mapToDouble(Marker::sentSeconds).max()
                    .ifPresent(newest -> age.add(new TimedValue(now, now - newest)));
        }
        return age;
    }

    private static double max(List<TimedValue> values, double fromSeconds, double toSeconds) {
        return values.stream().filter(v -> v.seconds() >= fromSeconds && v.seconds() <= toSeconds)
                .mapToDouble(TimedValue::value).max().orElse(0);
    }
}
