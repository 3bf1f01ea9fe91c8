package dev.tally.ingest.costs.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.kafka.KafkaConnection;
import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.normalize.CostView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transactional id is the run's: a re-import of a killed run fences (and so aborts) the killed
 * import's open transaction instead of leaving it to hold back read_committed consumers for 15 minutes.
 * A topic prefix moves a run's items and dead letters, never its transactional id.
 */
class KafkaCostSinkTest {
    @TempDir
    Path root;

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

    @Test
    void aRunsItemsAndRejectedRowsGoToTheTopicsUnderTheSinksPrefixInOneTransaction() throws Exception {
        Path f = Files.writeString(root.resolve("jan.csv"), CostImporterTest.HEADER
                + "Contoso,sub1,2024-01-01,2024-01-01,2024-01-31,/x/vm1,1.5,EUR,Usage,OnDemand\n"
                + "Contoso,sub1,2024-01-02,2024-01-01,2024-01-31,/x/vm1,not-money,EUR,Usage,OnDemand\n");
        Clock clock = Clock.fixed(Instant.parse("2024-02-01T00:00:00Z"), ZoneOffset.UTC);
        List<String> transactionalIds = new ArrayList<>();

        for (String prefix : List.of("", "it-run-a.")) {
            List<MockProducer<byte[], byte[]>> producers = new ArrayList<>();
            try (KafkaCostSink sink = new KafkaCostSink(KafkaConnection.plaintext("localhost:9"), prefix, clock, settings -> {
                transactionalIds.add(settings.getProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG));
                producers.add(new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer()));
                return producers.get(producers.size() - 1);
            })) {
                ImportReport report = new CostImporter(new MemoryCostRunStore(), sink, ReadOptions.of(CostView.ACTUAL), 2, clock,
                        line -> { }).importPath(f);
                assertThat(report.rowsImported()).isEqualTo(1);
            }

            assertThat(producers).hasSize(1);
            assertThat(producers.get(0).transactionCommitted()).isTrue();
            assertThat(producers.get(0).history()).extracting(ProducerRecord::topic).as("topics with prefix '%s'", prefix)
                    .containsExactlyInAnyOrder(prefix + "tally.costs.v1", prefix + "tally.deadletter.v1");
        }
        // the run's transactional id, whatever the prefix (the importer's ACL names its prefix)
        assertThat(transactionalIds).hasSize(2).allSatisfy(id -> assertThat(id).startsWith(KafkaCostSink.TRANSACTIONAL_ID_PREFIX));
        assertThat(transactionalIds.get(1)).isEqualTo(transactionalIds.get(0));
    }
}
