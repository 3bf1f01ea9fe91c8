package dev.tally.jobs.usage;

import dev.tally.jobs.usage.hour.UsageRules;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * @param lateness       how long after its hour ends a sample still updates the hour (a new
 *                       version); later samples are dead letters. The hour's samples are kept in
 *                       state that long (about 4 MB per cluster-hour of the demo fleet)
 * @param closeDelay     how long after its hour ends (in event time) an hour is first computed: the
 *                       next hour's first scrapes close the last intervals of the hour
 * @param outOfOrderness how far behind the newest sample the watermark stays
 * @param sourceIdleness after how long a silent input stops holding back event time
 * @param lateRecomputeDelay how soon (processing time) an hour that late samples changed is computed again
 * @param replicaLabels  labels that tell the replicas of an HA Prometheus pair apart; dropped
 * @param rules          the rules' own settings
 */
public record UsageSettings(Duration lateness, Duration closeDelay, Duration outOfOrderness, Duration sourceIdleness,
                            Duration lateRecomputeDelay, List<String> replicaLabels, UsageRules rules) implements Serializable {

    public UsageSettings {
        replicaLabels = List.copyOf(replicaLabels);
        if (lateness.compareTo(closeDelay) < 0) {
            throw new IllegalArgumentException("lateness (" + lateness + ") must be at least closeDelay (" + closeDelay + ")");
        }
    }

    public static UsageSettings defaults() {
        return new UsageSettings(Duration.ofHours(6), Duration.ofMinutes(2), Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ofSeconds(1), List.of("prometheus_replica", "replica"), UsageRules.defaults());
    }

    public UsageSettings withLateness(Duration lateness) {
        return new UsageSettings(lateness, closeDelay, outOfOrderness, sourceIdleness, lateRecomputeDelay, replicaLabels, rules);
    }

    public UsageSettings withSourceIdleness(Duration idleness) {
        return new UsageSettings(lateness, closeDelay, outOfOrderness, idleness, lateRecomputeDelay, replicaLabels, rules);
    }
}
