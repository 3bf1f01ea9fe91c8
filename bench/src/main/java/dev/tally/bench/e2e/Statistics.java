package dev.tally.bench.e2e;

import java.util.ArrayList;
import java.util.List;

/** The end-to-end benchmark's two statistics: percentiles (freshness) and slopes (memory over a soak). */
public final class Statistics {

    private Statistics() {
    }

    /** A value at a moment, in seconds since some start. */
    public record TimedValue(double seconds, double value) {
    }

    /**
     * The nearest-rank percentile: the smallest value with at least {@code percent}% of the values
     * at or below it (so p50 of 1..4 is 2, p99 of 100 values is the 99th). NaN when empty.
     */
    public static double percentile(List<Double> values, double percent) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("a percentile is in (0, 100], got " + percent);
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(1, rank) - 1);
    }

    /**
     * The least-squares slope of the values over time, per minute (MB per minute for memory in MB).
     * Zero for fewer than two distinct moments: nothing shows a trend.
     */
    public static double slopePerMinute(List<TimedValue> points) {
        int n = points.size();
        if (n < 2) {
            return 0;
        }
        double meanT = points.stream().mapToDouble(TimedValue::seconds).average().orElse(0);
        double meanV = points.stream().mapToDouble(TimedValue::value).average().orElse(0);
        double covariance = 0;
        double variance = 0;
        for (TimedValue p : points) {
            covariance += (p.seconds() - meanT) * (p.value() - meanV);
            variance += (p.seconds() - meanT) * (p.seconds() - meanT);
        }
        return variance == 0 ? 0 : covariance / variance * 60;
    }

    /** The points at or after {@code fromSeconds}: e.g. a soak's second half. */
    public static List<TimedValue> from(List<TimedValue> points, double fromSeconds) {
        return points.stream().filter(p -> p.seconds() >= fromSeconds).toList();
    }

    public static double mean(List<TimedValue> points) {
        return points.stream().mapToDouble(TimedValue::value).average().orElse(Double.NaN);
    }
}
