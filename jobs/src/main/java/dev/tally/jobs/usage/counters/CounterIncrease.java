package dev.tally.jobs.usage.counters;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The increase of a monotonic counter between two consecutive samples of one series. A value
 * lower than the previous one is a reset: the counter started again from 0, so the increase is
 * the new value itself (what PromQL's {@code increase} does, without its extrapolation).
 */
public final class CounterIncrease {

    private CounterIncrease() {
    }

    public static long between(long previous, long current) {
        return current >= previous ? current - previous : current;
    }

    public static double between(double previous, double current) {
        return current >= previous ? current - previous : current;
    }

    /** Sum of the increases over a whole sequence of one series' samples (the first is the baseline). */
    public static long over(long[] values) {
        long total = 0;
        for (int i = 1; i < values.length; i++) {
            total += between(values[i - 1], values[i]);
        }
        return total;
    }

    /**
     * A CPU counter in seconds (as cAdvisor exposes it, a double) as integer core-nanoseconds.
     * Goes through the shortest decimal form of the double, so a value written as
     * {@code nanos / 1e9} comes back as exactly {@code nanos} for any counter below 10^15 ns
     * (a double holds 15 significant digits: about 11.5 core-days per container run). Above that
     * the exporter's double itself has lost the nanoseconds (the property test found 2^53 - 1).
     */
    public static long secondsToNanos(double seconds) {
        if (seconds == 0) {
            return 0;
        }
        return new BigDecimal(Double.toString(seconds)).movePointRight(9).setScale(0, RoundingMode.HALF_EVEN).longValue();
    }

    /** A counter of events (CFS periods, restarts) sent as a double. */
    public static long count(double value) {
        return Math.round(value);
    }
}
