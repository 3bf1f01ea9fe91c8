package dev.tally.ingest.costs.importer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The transactional id is the run's: a re-import of a killed run fences (and so aborts) the killed
 * import's open transaction instead of leaving it to hold back read_committed consumers for 15 minutes.
 */
class KafkaCostSinkTest {

    @Test
    void everyImportOfOneRunSharesItsTransactionalIdAndOtherRunsDoNot() {
        String scope = "/subscriptions/00000000-0000-0000-0000-0000000000aa";
        String id = KafkaCostSink.transactionalId(scope, "run-1");

        assertThat(KafkaCostSink.transactionalId(scope, "run-1")).isEqualTo(id);
        assertThat(id).startsWith(KafkaCostSink.TRANSACTIONAL_ID_PREFIX).hasSize(KafkaCostSink.TRANSACTIONAL_ID_PREFIX.length() + 40);
        assertThat(KafkaCostSink.transactionalId(scope, "run-2")).isNotEqualTo(id);
        assertThat(KafkaCostSink.transactionalId(scope + "b", "run-1")).isNotEqualTo(id);
        // the separator keeps (scope, run id) pairs apart that would concatenate to the same text
        assertThat(KafkaCostSink.transactionalId("a", "bc")).isNotEqualTo(KafkaCostSink.transactionalId("ab", "c"));
    }
}
