package dev.tally.ingest.costs.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.normalize.CostRejection;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.ingest.costs.run.RunStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The importer's rules with an in-memory store (the ClickHouse side is CostImportIT in local). */
class CostImporterTest {
    static final String HEADER = "AccountName,SubscriptionId,Date,BillingPeriodStartDate,BillingPeriodEndDate,ResourceId,"
            + "CostInBillingCurrency,BillingCurrency,ChargeType,PricingModel\n";

    @TempDir
    Path root;

    private final MemoryCostRunStore store = new MemoryCostRunStore();
    private final List<CostRejection> deadLetters = new ArrayList<>();
    private final List<ImportedLineItem> published = new ArrayList<>();
    private final CostRecordSink sink = new CostRecordSink() {
        @Override public void begin(String scope, String runId) { }
        @Override public void item(ImportedLineItem item) { published.add(item); }
        @Override public void rejected(String scope, String runId, CostRejection r) { deadLetters.add(r); }
        @Override public void commit() { }
        @Override public void abort() { }
        @Override public void close() { }
    };

    private CostImporter importer(Instant now) {
        return new CostImporter(store, sink, ReadOptions.of(CostView.ACTUAL), 2, Clock.fixed(now, ZoneOffset.UTC), line -> { });
    }

    private Path file(String name, String... rows) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER);
        for (String r : rows) {
            sb.append("Contoso,sub1,").append(r).append('\n');
        }
        return Files.writeString(root.resolve(name), sb);
    }

    @Test
    void moneyWithMoreDecimalsThanTheColumnsHoldIsRejectedNamingTheColumnNeverRounded() throws IOException {
        Path f = file("precise.csv",
                "2024-01-01,2024-01-01,2024-01-31,/x/vm1,0.000000000000000000000001,EUR,Usage,OnDemand",
                "2024-01-02,2024-01-01,2024-01-31,/x/vm1,0.0000000000000000000000001,EUR,Usage,OnDemand",
                "2024-01-03,2024-01-01,2024-01-31,/x/vm1,123456789012345.5,EUR,Usage,OnDemand");

        ImportReport report = importer(Instant.parse("2024-02-01T00:00:00Z")).importPath(f);

        assertThat(report.rowsRead()).isEqualTo(3);
        assertThat(report.rowsImported()).isEqualTo(1);
        assertThat(deadLetters).extracting(CostRejection::sourceLine, CostRejection::column).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3L, "BilledCost"), org.assertj.core.groups.Tuple.tuple(4L, "BilledCost"));
        assertThat(deadLetters.get(0).reason()).isEqualTo("0.0000000000000000000000001 has more than 24 decimal places;"
                + " stored exactly or not at all");
        assertThat(deadLetters.get(1).reason()).isEqualTo("123456789012345.5 has more than 14 integer digits");
        RunRecord run = report.runs().get(0).run();
        assertThat(run.totals().get("EUR").billedCost()).isEqualByComparingTo("0.000000000000000000000001");
        assertThat(run.billingPeriod()).isEqualTo("20240101-20240131");
        assertThat(run.dataset()).isEqualTo("ActualCost");
        assertThat(run.scope()).isEqualTo("file:precise.csv");
        assertThat(run.coveredDays()).isEqualTo(1);
    }

    @Test
    void aHandDroppedFileReplacedByNewContentRestatesItsPeriodAndAnOldCopyImportedLateStaysSuperseded() throws IOException {
        Path f = file("jan.csv", "2024-01-01,2024-01-01,2024-01-31,/x/vm1,1.5,EUR,Usage,OnDemand",
                "2024-01-02,2024-01-01,2024-01-31,/x/vm1,2.5,EUR,Usage,OnDemand");
        RunRecord first = importer(Instant.parse("2024-02-01T00:00:00Z")).importPath(f).runs().get(0).run();
        file("jan.csv", "2024-01-01,2024-01-01,2024-01-31,/x/vm1,1.5,EUR,Usage,OnDemand",
                "2024-01-02,2024-01-01,2024-01-31,/x/vm1,3.5,EUR,Usage,OnDemand");
        RunRecord second = importer(Instant.parse("2024-02-02T00:00:00Z")).importPath(f).runs().get(0).run();

        assertThat(second.status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(store.latest(first.scope(), first.runId()).orElseThrow())
                .satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.SUPERSEDED))
                .satisfies(r -> assertThat(r.supersededBy()).isEqualTo(second.runId()));
        assertThat(second.totals().get("EUR").billedCost()).isEqualByComparingTo(new BigDecimal("5.0"));

        // the first content again: already imported (superseded), nothing written
        file("jan.csv", "2024-01-01,2024-01-01,2024-01-31,/x/vm1,1.5,EUR,Usage,OnDemand",
                "2024-01-02,2024-01-01,2024-01-31,/x/vm1,2.5,EUR,Usage,OnDemand");
        int states = store.states.size();
        RunOutcome again = importer(Instant.parse("2024-02-03T00:00:00Z")).importPath(f).runs().get(0);
        assertThat(again.alreadyImported()).isTrue();
        assertThat(store.states).hasSize(states);
        assertThat(store.currentComplete(second.scope(), "ActualCost", "20240101-20240131").orElseThrow().runId())
                .isEqualTo(second.runId());
    }

    @Test
    void everyPublishedRecordCarriesItsRunAndWhenTheRunWasProducedSoConsumersOrderRunsByItNotByArrival() throws IOException {
        Path f = file("feb.csv", "2024-02-01,2024-02-01,2024-02-29,/x/vm1,1.5,EUR,Usage,OnDemand");
        RunRecord first = importer(Instant.parse("2024-03-01T06:00:00Z")).importPath(f).runs().get(0).run();
        file("feb.csv", "2024-02-01,2024-02-01,2024-02-29,/x/vm1,2.5,EUR,Usage,OnDemand");
        RunRecord second = importer(Instant.parse("2024-03-02T06:00:00Z")).importPath(f).runs().get(0).run();

        // a hand-dropped file has no manifest: its run was produced when first imported
        assertThat(published).extracting(ImportedLineItem::runId, ImportedLineItem::runProducedAt).containsExactly(
                org.assertj.core.groups.Tuple.tuple(first.runId(), Instant.parse("2024-03-01T06:00:00Z")),
                org.assertj.core.groups.Tuple.tuple(second.runId(), Instant.parse("2024-03-02T06:00:00Z")));
        com.fasterxml.jackson.databind.JsonNode wire = CostItemJson.mapper().readTree(CostItemJson.write(published.get(1)));
        assertThat(wire.path("runId").asText()).isEqualTo(second.runId());
        assertThat(wire.path("runProducedAt").asText()).isEqualTo("2024-03-02T06:00:00Z");
    }

    @Test
    void aRunWhoseKafkaTransactionCannotStartIsRecordedAsFailedNotLeftImporting() throws IOException {
        Path f = file("mar.csv", "2024-03-01,2024-03-01,2024-03-31,/x/vm1,1.5,EUR,Usage,OnDemand");
        CostRecordSink unreachable = new CostRecordSink() {
            @Override public void begin(String scope, String runId) {
                throw new IllegalStateException("Kafka did not answer within 30 s");
            }
            @Override public void item(ImportedLineItem item) { }
            @Override public void rejected(String scope, String runId, CostRejection r) { }
            @Override public void commit() { }
            @Override public void abort() { }
            @Override public void close() { }
        };
        CostImporter importer = new CostImporter(store, unreachable, ReadOptions.of(CostView.ACTUAL), 2,
                Clock.fixed(Instant.parse("2024-04-01T00:00:00Z"), ZoneOffset.UTC), line -> { });

        assertThatThrownBy(() -> importer.importPath(f)).hasMessage("Kafka did not answer within 30 s");

        assertThat(store.states).extracting(RunRecord::status).containsExactly(RunStatus.IMPORTING, RunStatus.FAILED);
        assertThat(store.items).isEmpty();
    }

    @Test
    void aFileThatIsNoCostExportFailsNamingTheFileAndIsRecordedAsFailed() throws IOException {
        Path f = Files.writeString(root.resolve("notes.csv"), "a,b\n1,2\n");

        ImportReport report = importer(Instant.parse("2024-02-01T00:00:00Z")).importPath(f);

        assertThat(report.failures()).singleElement().satisfies(o -> {
            assertThat(o.problem()).startsWith(f.toAbsolutePath() + ": not a recognized cost export");
            assertThat(o.status()).isEqualTo(RunStatus.FAILED);
        });
        assertThat(store.items).isEmpty();
    }

    /**
     * Seeded-random damage to the gzipped parts of a manifest run (sizes kept, so the manifest still
     * matches): the import never throws, and a run is either failed with nothing complete, or complete
     * with every row of the manifest accounted for as imported or rejected.
     */
    @Test
    void randomDamageToGzipPartsNeverCrashesAndNeverCompletesAPartialRun() throws IOException {
        java.util.Random random = new java.util.Random(5_2026L);
        int failed = 0;
        int complete = 0;
        for (int round = 0; round < 60; round++) {
            Path folder = Files.createDirectories(root.resolve("fuzz/monthly/20240101-20240131/run-" + round));
            String[] names = {"part_0_0001.csv.gz", "part_0_0002.csv.gz"};
            StringBuilder blobs = new StringBuilder();
            for (String name : names) {
                StringBuilder csv = new StringBuilder(HEADER);
                for (int d = 1; d <= 20; d++) {
                    csv.append("Contoso,sub1,2024-01-").append(String.format("%02d", d))
                            .append(",2024-01-01,2024-01-31,/x/vm").append(d).append(',').append(d).append(".25,EUR,Usage,OnDemand\n");
                }
                java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
                try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
                    out.write(csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                byte[] bytes = gz.toByteArray();
                if (name.equals(names[random.nextInt(2)])) {
                    for (int d = 1 + random.nextInt(3); d > 0; d--) {
                        bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
                    }
                }
                Files.write(folder.resolve(name), bytes);
                blobs.append(blobs.isEmpty() ? "" : ",").append("{\"blobName\": \"").append(name)
                        .append("\", \"byteCount\": ").append(bytes.length).append(", \"dataRowCount\": 20}");
            }
            Files.writeString(folder.resolve("manifest.json"), "{\"manifestVersion\": \"2024-04-01\", \"exportConfig\": "
                    + "{\"exportName\": \"monthly\", \"type\": \"ActualCost\", \"resourceId\": \"/subscriptions/s" + round
                    + "/providers/Microsoft.CostManagement/exports/monthly\"}, \"runInfo\": {\"runId\": \"run-" + round
                    + "\", \"submittedTime\": \"2024-02-01T00:00:00Z\"}, \"blobs\": [" + blobs + "]}");

            RunOutcome outcome = importer(Instant.parse("2024-02-01T00:00:00Z")).importPath(folder).runs().get(0);

            if (outcome.failed()) {
                failed++;
                assertThat(outcome.problem()).startsWith(folder.toAbsolutePath().toString());
                assertThat(outcome.status()).isEqualTo(RunStatus.FAILED);
                assertThat(store.currentComplete("/subscriptions/s" + round, "ActualCost", "20240101-20240131")).isEmpty();
            } else {
                complete++;
                assertThat(outcome.status()).isEqualTo(RunStatus.COMPLETE);
                assertThat(outcome.rowsRead()).isEqualTo(40);
                assertThat(outcome.rowsImported() + outcome.rowsRejected()).isEqualTo(40);
            }
        }
        System.out.println("gzip fuzz: " + failed + " damaged runs failed whole, " + complete + " read whole with all 40 rows accounted for (damage outside the compressed data)");
        assertThat(failed).isPositive();
    }
}
