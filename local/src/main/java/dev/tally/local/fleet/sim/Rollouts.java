package dev.tally.local.fleet.sim;

import dev.tally.local.fleet.model.Noise;
import dev.tally.local.fleet.model.Traffic;

/**
 * When a workload's generations begin. Generation 0 is created once the cluster's first
 * nodes are ready ({@code firstCreation} plus up to 4 minutes);
 * generation {@code k >= 1} is rolled out on day {@code k * period + jitter} after the origin
 * (jitter below {@code period - 2} days, weekends moved to Monday, so generations stay ordered),
 * between 05:00 and 06:50 UTC. A pure function of k: finding the generation live at any
 * instant needs no history.
 */
record Rollouts(long origin, long firstCreation, int periodDays, long key) {

    /** "Never": far enough in the future, yet safe to add to. */
    static final long NEVER = Long.MAX_VALUE / 4;

    long originDay() {
        return Clock.epochDay(origin);
    }

    long time(int k) {
        if (k < 0) {
            return Long.MIN_VALUE;
        }
        if (k == 0) {
            return firstCreation + Noise.below(Noise.hash(key, 0), 240);
        }
        if (periodDays == 0) {
            return NEVER;
        }
        long day = originDay() + (long) k * periodDays + Noise.below(Noise.hash(key, k, 1), periodDays - 2);
        int dow = Traffic.dayOfWeek(day * Clock.DAY);
        if (dow >= 5) {
            day += 7 - dow;
        }
        return day * Clock.DAY + 5 * Clock.HOUR + Noise.below(Noise.hash(key, k, 2), 6600);
    }

    /** The generation live at {@code t}, or -1 before the workload exists. */
    int generationAt(long t) {
        if (t < time(0)) {
            return -1;
        }
        if (periodDays == 0) {
            return 0;
        }
        int k = (int) ((Clock.epochDay(t) - originDay()) / periodDays) + 1;
        while (k > 0 && time(k) > t) {
            k--;
        }
        return k;
    }
}
