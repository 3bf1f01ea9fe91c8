package dev.tally.local.fleet.model;

/**
 * The daily rhythm of a West European business: load is lowest at 03:00 UTC, highest at
 * 15:00 UTC (16:00 CET), and weekends carry about a third of a weekday's peak.
 */
public final class Traffic {

    private static final long DAY = 86_400;

    private Traffic() {
    }

    /** Relative load in [0, 1] at epoch second {@code t}. */
    public static double load(long t) {
        double hour = Math.floorMod(t, DAY) / 3600.0;
        // StrictMath, not Math: the same seed must give the same bytes on every JVM and CPU.
        double daily = (1.0 - StrictMath.cos(2 * StrictMath.PI * (hour - 3.0) / 24.0)) / 2.0;
        return isWeekend(t) ? 0.35 * daily : daily;
    }

    /** Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday). */
    public static int dayOfWeek(long t) {
        return (int) Math.floorMod(Math.floorDiv(t, DAY) + 3, 7);
    }

    public static boolean isWeekend(long t) {
        return dayOfWeek(t) >= 5;
    }
}
