package dev.tally.local.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * @param seed       the fleet simulator's seed: the same seed gives the same fleet and numbers
 * @param from       first simulated instant (inclusive)
 * @param to         last simulated instant (exclusive)
 * @param timeout    how long to wait for the pipeline to catch up before giving up
 */
public record DemoSettings(long seed, Instant from, Instant to, Duration timeout) {

    /** {@code hours} whole UTC hours ending at the start of today. */
    public static DemoSettings lastHours(long seed, int hours) {
        if (hours < 1) {
            throw new IllegalArgumentException("the demo needs at least one simulated hour, not " + hours);
        }
        Instant to = Instant.now().truncatedTo(ChronoUnit.DAYS);
        return new DemoSettings(seed, to.minus(Duration.ofHours(hours)), to, Duration.ofMinutes(15));
    }
}
