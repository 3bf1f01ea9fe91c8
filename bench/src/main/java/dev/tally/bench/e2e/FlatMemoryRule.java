package dev.tally.bench.e2e;

import dev.tally.bench.e2e.Statistics.TimedValue;
import java.util.List;

/**
 * When memory counts as flat over a soak (bench/README.md, "Whole pipeline under load"): over the
 * soak's second half (the first half lets caches, JIT and the jobs' hourly state fill), the
 * least-squares trend of the series predicts a growth over that half of at most
 * {@code toleranceShare} of the series' mean there, or {@code toleranceMb}, whichever is larger.
 * One-sided: memory falling (returned after the previous step's peak) is no leak.
 */
public record FlatMemoryRule(double toleranceShare, double toleranceMb) {

    public static FlatMemoryRule defaults() {
        return new FlatMemoryRule(0.05, 16);
    }

    /**
     * @param slopeMbPerMinute the trend over the second half
     * @param growthMb         what that trend adds over the second half
     * @param allowedMb        the tolerance it was judged against
     */
    public record Verdict(boolean flat, double meanMb, double slopeMbPerMinute, double growthMb, double allowedMb) {
        public String describe() {
            return String.format("mean %.0f MB, slope %+.2f MB/min, %+.1f MB over the second half (allowed +%.1f): %s",
                    meanMb, slopeMbPerMinute, growthMb, allowedMb, !flat ? "GROWING" : growthMb < -allowedMb ? "falling" : "flat");
        }
    }

    /** @param soakSeconds the soak's length; the points' times are seconds since its start */
    public Verdict judge(List<TimedValue> pointsMb, double soakSeconds) {
        List<TimedValue> secondHalf = Statistics.from(pointsMb, soakSeconds / 2);
        double slope = Statistics.slopePerMinute(secondHalf);
        double mean = Statistics.mean(secondHalf);
        double growth = slope * (soakSeconds / 2) / 60;
        double allowed = Math.max(toleranceShare * (Double.isNaN(mean) ? 0 : mean), toleranceMb);
        return new Verdict(growth <= allowed, mean, slope, growth, allowed);
    }
}
