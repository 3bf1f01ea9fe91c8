package dev.tally.ingest.costs.importer;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether a run read whole replaces the complete run of its (scope, dataset, billing period).
 *
 * <ul>
 *   <li>No complete run yet: it applies.</li>
 *   <li>Produced before the complete one (an old run imported late): it is superseded at once by the newer run.</li>
 *   <li>Covers fewer days than the complete one: it is held, not applied, and reported. A month-to-date
 *       run written on the 1st for the month just closed, or a run cut short, would otherwise replace a
 *       full month with a few days (FinOps toolkit issue #320).</li>
 *   <li>Otherwise it applies and the complete one becomes superseded.</li>
 * </ul>
 */
public final class RestatementRule {
    private RestatementRule() {
    }

    /** A run as the rule sees it: when Cost Management produced it and how many days of charges it covers. */
    public record RunFacts(String runId, Instant producedAt, long coveredDays) {
    }

    public sealed interface Decision {
        /** Make it the complete run; {@code replaces} becomes superseded. */
        record Apply(Optional<RunFacts> replaces) implements Decision {
        }

        record Hold(String reason) implements Decision {
        }

        record SupersededAlready(String byRunId, String reason) implements Decision {
        }
    }

    public static Decision decide(RunFacts candidate, Optional<RunFacts> complete) {
        if (complete.isEmpty()) {
            return new Decision.Apply(Optional.empty());
        }
        RunFacts current = complete.get();
        if (candidate.producedAt().isBefore(current.producedAt())) {
            return new Decision.SupersededAlready(current.runId(), "produced at " + candidate.producedAt()
                    + ", before the complete run " + current.runId() + " (" + current.producedAt() + ")");
        }
        if (candidate.coveredDays() < current.coveredDays()) {
            return new Decision.Hold("covers " + candidate.coveredDays() + " day(s), fewer than the "
                    + current.coveredDays() + " of the complete run " + current.runId()
                    + ": held, not applied (a partial re-export would replace a fuller one)");
        }
        return new Decision.Apply(Optional.of(current));
    }
}
