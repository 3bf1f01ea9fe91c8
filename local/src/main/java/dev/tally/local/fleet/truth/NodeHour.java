package dev.tally.local.fleet.truth;

import java.time.Instant;

/** One node during the hour starting at {@code hour}. */
public record NodeHour(String cluster, String node, Instant hour) {
}
