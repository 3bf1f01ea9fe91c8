package dev.tally.ingest.costs.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.ingest.costs.importer.RestatementRule.Decision;
import dev.tally.ingest.costs.importer.RestatementRule.RunFacts;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestatementRuleTest {
    private static final RunFacts FULL_MONTH = new RunFacts("run-1", Instant.parse("2024-02-01T06:00:00Z"), 31);

    @Test
    void theFirstRunOfAPeriodApplies() {
        assertThat(RestatementRule.decide(FULL_MONTH, Optional.empty())).isEqualTo(new Decision.Apply(Optional.empty()));
    }

    @Test
    void aLaterRunCoveringAsManyDaysReplacesTheCompleteOne() {
        RunFacts restated = new RunFacts("run-2", Instant.parse("2024-02-05T06:00:00Z"), 31);

        assertThat(RestatementRule.decide(restated, Optional.of(FULL_MONTH)))
                .isEqualTo(new Decision.Apply(Optional.of(FULL_MONTH)));
    }

    @Test
    void aLaterRunCoveringFewerDaysIsHeldWithTheCounts() {
        RunFacts monthToDate = new RunFacts("run-3", Instant.parse("2024-02-06T06:00:00Z"), 5);

        assertThat(RestatementRule.decide(monthToDate, Optional.of(FULL_MONTH)))
                .isInstanceOfSatisfying(Decision.Hold.class, h -> assertThat(h.reason())
                        .startsWith("covers 5 day(s), fewer than the 31 of the complete run run-1"));
    }

    @Test
    void anOlderRunImportedLateIsSupersededByTheCompleteOneAtOnce() {
        RunFacts older = new RunFacts("run-0", Instant.parse("2024-01-31T06:00:00Z"), 31);

        assertThat(RestatementRule.decide(older, Optional.of(FULL_MONTH)))
                .isInstanceOfSatisfying(Decision.SupersededAlready.class, s -> assertThat(s.byRunId()).isEqualTo("run-1"));
    }
}
