package dev.tally.local.fleet.sim;

/**
 * The scrape grid: ticks are the epoch seconds divisible by {@code step}. All lifecycle
 * instants are whole epoch seconds; a scrape at tick {@code t} sees what exists at {@code t}.
 */
public record Clock(int step) {

    public static final long DAY = 86_400;
    public static final long HOUR = 3_600;

    public long floorTick(long t) {
        return Math.floorDiv(t, step) * step;
    }

    public long ceilTick(long t) {
        return -Math.floorDiv(-t, step) * step;
    }

    /** The last tick strictly before {@code t}. */
    public long lastTickBefore(long t) {
        return ceilTick(t) - step;
    }

    public static long floorHour(long t) {
        return Math.floorDiv(t, HOUR) * HOUR;
    }

    public static long epochDay(long t) {
        return Math.floorDiv(t, DAY);
    }
}
