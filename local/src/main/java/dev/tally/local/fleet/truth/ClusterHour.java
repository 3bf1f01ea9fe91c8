package dev.tally.local.fleet.truth;

import java.time.Instant;

/** One cluster during the hour starting at {@code hour}. */
public record ClusterHour(String cluster, Instant hour) {
}
