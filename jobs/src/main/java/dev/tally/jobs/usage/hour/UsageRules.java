package dev.tally.jobs.usage.hour;

import java.io.Serializable;
import java.time.Duration;

/**
 * The tunable parts of the usage rules.
 *
 * @param maxHold        an instant sample (a request, a node's presence) holds until the target's next
 *                       scrape, at most this long: a dead exporter does not reserve requests for hours
 * @param lastHold       how long the last instant sample of a target holds when no later scrape exists
 *                       (normally the scrape interval)
 * @param newPodWindow   a container whose pod started at most this long before its first
 *                       kube-state-metrics sample is new: restarts and OOM kills before that first
 *                       sample count (in the hour before it)
 */
public record UsageRules(Duration maxHold, Duration lastHold, Duration newPodWindow) implements Serializable {
    public static UsageRules defaults() {
        return new UsageRules(Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofMinutes(5));
    }
}
