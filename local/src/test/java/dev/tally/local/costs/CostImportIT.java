package dev.tally.local.costs;

import static dev.tally.local.costs.ExportFixture.Row;
import static dev.tally.local.costs.ExportFixture.month;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.deadletter.DeadLetterJson;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.importer.ClickHouseCostStore;
import dev.tally.ingest.costs.importer.CostImporter;
import dev.tally.ingest.costs.importer.ImportReport;
import dev.tally.ingest.costs.importer.KafkaCostSink;
import dev.tally.ingest.costs.importer.RunOutcome;
import dev.tally.ingest.costs.importer.RunRecord;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.ingest.costs.run.RunStatus;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.kafka.TestKafka;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The importer against a real ClickHouse (TestClickHouse, schema migrated) and a real Kafka
 * broker (TestKafka): restatements, incomplete runs, truncated gzip, dead letters.
 */
class CostImportIT {
    /** Money in tally.costs.v1 is a JSON number written exactly; read it as a decimal, never a double. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @TempDir
    Path root;

    private ClickHouseUrl url;
    private ClickHouseCostStore store;
    private KafkaCostSink sink;
    private final List<String> progress = new ArrayList<>();

    @BeforeEach
    void freshDatabase() throws Exception {
        url = TestClickHouse.migratedDatabase("it_costs");
        store = new ClickHouseCostStore(url);
        sink = new KafkaCostSink(TestKafka.connection(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        store.close();
        sink.close();
    }

    private ImportReport importPath(Path path) {
        return new CostImporter(store, sink, ReadOptions.of(CostView.AMORTIZED), 7, Clock.systemUTC(), progress::add)
                .importPath(path);
    }

    @Test
    void aRestatingRunReplacesTheEarlierOneAtOnceARepeatChangesNothingAndAShorterRunIsHeld() throws Exception {
        String run1 = UUID.randomUUID().toString();
        String run2 = UUID.randomUUID().toString();
        String run3 = UUID.randomUUID().toString();
        // run 1: January in full, two VM scale sets, EUR, plus one USD row
        List<Row> run1Rows = new ArrayList<>(month(31, "aks-pool1-123-vmss", "10.00", "EUR"));
        run1Rows.add(Row.of(15, "aks-pool2-456-vmss", "3.333333333333333333333333", "USD"));
        ExportFixture.run(root, "monthly", run1, Instant.parse("2024-02-01T06:00:00Z"), false,
                List.of(run1Rows.subList(0, 16), run1Rows.subList(16, run1Rows.size())));

        ImportReport first = importPath(root);
        assertThat(first.failures()).isEmpty();
        assertThat(first.runs()).singleElement().extracting(RunOutcome::status).isEqualTo(RunStatus.COMPLETE);
        assertThat(viewTotals()).isEqualTo(expected(run1Rows));

        // run 2 of the same period, produced later: a changed cost, a row gone, a new row, gzipped parts
        List<Row> run2Rows = new ArrayList<>(month(31, "aks-pool1-123-vmss", "10.00", "EUR"));
        run2Rows.set(4, Row.of(5, "aks-pool1-123-vmss", "12.345678901234567890123456", "EUR"));
        run2Rows.remove(9);
        run2Rows.add(Row.of(20, "aks-pool3-789-vmss", "-1.50", "EUR")); // a refund-like negative row
        run2Rows.add(Row.of(15, "aks-pool2-456-vmss", "4.00", "USD"));
        ExportFixture.run(root, "monthly", run2, Instant.parse("2024-02-05T06:00:00Z"), true,
                List.of(run2Rows.subList(0, 10), run2Rows.subList(10, 20), run2Rows.subList(20, run2Rows.size())));

        ImportReport second = importPath(root);
        assertThat(second.failures()).isEmpty();
        assertThat(second.runs()).extracting(RunOutcome::alreadyImported).containsExactlyInAnyOrder(true, false);
        assertThat(viewTotals()).as("every query through the view: run 2's totals").isEqualTo(expected(run2Rows));
        assertThat(strings("SELECT DISTINCT run_id FROM cost_line_items_current")).containsExactly(run2);
        assertThat(strings("SELECT toString(count()) FROM cost_line_items_current")).containsExactly(Integer.toString(run2Rows.size()));
        assertThat(strings("SELECT toString(sum(effective_cost)) FROM cost_line_items_current WHERE charge_period_start = '2024-01-05 00:00:00'"))
                .containsExactly("12.345678901234567890123456");
        assertThat(strings("SELECT toString(count()) FROM cost_line_items_current WHERE charge_period_start = '2024-01-10 00:00:00'"))
                .containsExactly("0");
        RunRecord old = run(run1);
        assertThat(old.status()).isEqualTo(RunStatus.SUPERSEDED);
        assertThat(old.supersededBy()).isEqualTo(run2);
        assertThat(run(run2).status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(run(run2).totals().get("EUR").effectiveCost()).isEqualByComparingTo(expected(run2Rows).get("EUR")[1]);
        assertThat(strings("SELECT toString(count()) FROM cost_line_items WHERE run_id = '" + run1 + "'"))
                .as("earlier runs stay queryable").containsExactly(Integer.toString(run1Rows.size()));

        // the same runs again: nothing changes, not even the run table
        String itemsBefore = strings("SELECT toString(count()) FROM cost_line_items").get(0);
        String runRowsBefore = strings("SELECT toString(count()) FROM cost_export_runs").get(0);
        ImportReport again = importPath(root);
        assertThat(again.runs()).extracting(RunOutcome::alreadyImported).containsExactly(true, true);
        assertThat(again.rowsRead()).isZero();
        assertThat(strings("SELECT toString(count()) FROM cost_line_items")).containsExactly(itemsBefore);
        assertThat(strings("SELECT toString(count()) FROM cost_export_runs")).containsExactly(runRowsBefore);
        assertThat(viewTotals()).isEqualTo(expected(run2Rows));

        // run 3: produced later still, but covers only 5 days (a month-to-date run cut short): held
        ExportFixture.run(root, "monthly", run3, Instant.parse("2024-02-06T06:00:00Z"), false,
                List.of(month(5, "aks-pool1-123-vmss", "99.00", "EUR")));
        ImportReport third = importPath(root);
        RunRecord held = run(run3);
        assertThat(held.status()).isEqualTo(RunStatus.HELD);
        assertThat(held.coveredDays()).isEqualTo(5);
        assertThat(held.message()).contains("covers 5 day(s), fewer than the 31 of the complete run " + run2);
        assertThat(third.runs()).filteredOn(r -> !r.alreadyImported()).singleElement()
                .extracting(RunOutcome::status).isEqualTo(RunStatus.HELD);
        assertThat(viewTotals()).isEqualTo(expected(run2Rows));
        assertThat(run(run2).status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(progress).anyMatch(line -> line.contains("run " + run3 + " covers 5 day(s)"));

        // Kafka: run 2's items, exactly, with their decimals as written
        List<JsonNode> items = committed(Topic.COSTS, k -> k.equals(run2));
        assertThat(items).hasSize(run2Rows.size());
        BigDecimal kafkaEur = items.stream().filter(n -> n.get("billingCurrency").asText().equals("EUR"))
                .map(n -> n.get("effectiveCost").decimalValue()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(kafkaEur).isEqualByComparingTo(expected(run2Rows).get("EUR")[1]);
        assertThat(items).anySatisfy(n -> assertThat(n.get("effectiveCost").toString()).isEqualTo("12.345678901234567890123456"));
    }

    @Test
    void aRunWithAMissingOrShortPartIsAnErrorNamingTheFileAndNothingOfItIsVisible() throws Exception {
        String runId = UUID.randomUUID().toString();
        Path folder = ExportFixture.run(root, "monthly", runId, Instant.parse("2024-02-01T06:00:00Z"), false,
                List.of(month(10, "a-vmss", "1.00", "EUR"), month(10, "b-vmss", "2.00", "EUR")));
        Path second = folder.resolve("part_0_0002.csv");
        byte[] full = Files.readAllBytes(second);
        Files.delete(second);

        ImportReport missing = importPath(root);
        assertThat(missing.failures()).singleElement().satisfies(f -> assertThat(f.problem())
                .startsWith(second.toString() + ": part listed in").contains("is missing"));

        Files.write(second, java.util.Arrays.copyOf(full, full.length / 2)); // half uploaded
        ImportReport half = importPath(root);
        assertThat(half.failures()).singleElement().satisfies(f -> assertThat(f.problem())
                .startsWith(second.toString() + ": is " + full.length / 2 + " bytes but").contains("says " + full.length));

        Files.writeString(folder.resolve("part_0_0003.csv"), ExportFixture.csv(month(3, "c-vmss", "1", "EUR")));
        Files.write(second, full);
        ImportReport extra = importPath(root);
        assertThat(extra.failures()).singleElement().satisfies(f -> assertThat(f.problem())
                .startsWith(folder.resolve("part_0_0003.csv") + ": is in the run folder but not listed"));

        assertThat(strings("SELECT toString(count()) FROM cost_line_items")).containsExactly("0");
        assertThat(strings("SELECT toString(count()) FROM cost_export_runs")).containsExactly("0");
        assertThat(committed(Topic.COSTS, k -> k.equals(runId))).isEmpty();

        Files.delete(folder.resolve("part_0_0003.csv")); // complete now
        ImportReport complete = importPath(root);
        assertThat(complete.failures()).isEmpty();
        assertThat(complete.rowsImported()).isEqualTo(20);
        assertThat(viewTotals()).containsOnlyKeys("EUR");
    }

    @Test
    void aTruncatedGzipPartFailsTheRunNamingTheFileAndNothingOfItIsVisible() throws Exception {
        String runId = UUID.randomUUID().toString();
        List<Row> rows = month(31, "aks-pool1-123-vmss", "10.00", "EUR");
        Path folder = ExportFixture.run(root, "monthly", runId, Instant.parse("2024-02-01T06:00:00Z"), true,
                List.of(rows.subList(0, 10), rows.subList(10, 31)));
        Path part = folder.resolve("part_0_0002.csv.gz");
        byte[] gz = Files.readAllBytes(part);
        Files.write(part, java.util.Arrays.copyOf(gz, gz.length - 20)); // cut inside the deflate stream and trailer
        // the manifest is rewritten to match the cut file, so only the gzip itself can tell
        Files.writeString(folder.resolve("manifest.json"), ExportFixture.manifest("monthly", runId,
                Instant.parse("2024-02-01T06:00:00Z"), true, folder,
                new java.util.LinkedHashMap<>(Map.of("part_0_0001.csv.gz", 10L, "part_0_0002.csv.gz", 21L))));

        ImportReport report = importPath(root);

        assertThat(report.failures()).singleElement().satisfies(f -> assertThat(f.problem())
                .startsWith(part + ": truncated or corrupt gzip"));
        assertThat(run(runId).status()).isEqualTo(RunStatus.FAILED);
        assertThat(strings("SELECT toString(count()) FROM cost_line_items_current")).containsExactly("0");
        assertThat(committed(Topic.COSTS, k -> k.equals(runId))).as("its Kafka transaction was aborted").isEmpty();

        // a hand-dropped truncated file: the same error, nothing visible
        Path dropped = Files.createDirectories(root.resolve("dropped")).resolve("january.csv.gz");
        byte[] whole = ExportFixture.gzip(ExportFixture.csv(rows).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.write(dropped, java.util.Arrays.copyOf(whole, whole.length / 2));
        ImportReport hand = importPath(dropped);
        assertThat(hand.failures()).singleElement().satisfies(f -> assertThat(f.problem())
                .startsWith(dropped + ": truncated or corrupt gzip"));
        assertThat(strings("SELECT toString(count()) FROM cost_line_items_current")).containsExactly("0");
    }

    @Test
    void rejectedRowsGoToTheDeadLetterTopicWithFileLineColumnAndReason() throws Exception {
        Path file = root.resolve("by-hand.csv");
        String csv = ExportFixture.csv(month(3, "a-vmss", "1.00", "EUR"))
                + new Row(java.time.LocalDate.of(2024, 1, 4), "a-vmss", new BigDecimal("1"), "EUR", "Bogus")
                .csv(ExportFixture.JAN_START, ExportFixture.JAN_END) + "\r\n";
        Files.writeString(file, csv);

        ImportReport report = importPath(file);

        assertThat(report.rowsRead()).isEqualTo(4);
        assertThat(report.rowsImported()).isEqualTo(3);
        assertThat(report.rowsRejected()).isEqualTo(1);
        String runId = report.runs().get(0).run().runId();
        assertThat(runId).hasSize(64);
        List<DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : committedRecords(Topic.DEAD_LETTER, k -> k.equals(runId))) {
            letters.add(DeadLetterJson.read(r.value()));
        }
        assertThat(letters).singleElement().satisfies(l -> {
            assertThat(l.position().source()).isEqualTo(file.toAbsolutePath().toString());
            assertThat(l.position().offset()).isEqualTo(5);
            assertThat(l.reason()).startsWith("column ChargeType: ").contains("Bogus");
            assertThat(l.stage()).isEqualTo(KafkaCostSink.STAGE);
        });
        assertThat(viewTotals().get("EUR")[0]).isEqualByComparingTo("3.06");
    }

    // ---------------------------------------------------------------------------------------------

    /** currency → {billed, effective} through the current view. */
    Map<String, BigDecimal[]> viewTotals() throws Exception {
        Map<String, BigDecimal[]> totals = new TreeMap<>();
        for (String line : strings("SELECT concat(billing_currency, ' ', toString(sum(billed_cost)), ' ', "
                + "toString(sum(effective_cost))) FROM cost_line_items_current GROUP BY billing_currency")) {
            String[] p = line.split(" ");
            totals.put(p[0], new BigDecimal[] {new BigDecimal(p[1]), new BigDecimal(p[2])});
        }
        return normalize(totals);
    }

    static Map<String, BigDecimal[]> expected(List<Row> rows) {
        Map<String, BigDecimal[]> totals = new TreeMap<>();
        for (Row r : rows) {
            totals.merge(r.currency(), new BigDecimal[] {r.cost(), r.cost()},
                    (a, b) -> new BigDecimal[] {a[0].add(b[0]), a[1].add(b[1])});
        }
        return normalize(totals);
    }

    /** Decimal arrays compare by value whatever their scale. */
    private static Map<String, BigDecimal[]> normalize(Map<String, BigDecimal[]> totals) {
        Map<String, BigDecimal[]> out = new TreeMap<>();
        totals.forEach((k, v) -> out.put(k, new BigDecimal[] {v[0].stripTrailingZeros(), v[1].stripTrailingZeros()}));
        return new TreeMap<>(out) {
            @Override
            public boolean equals(Object o) {
                if (!(o instanceof Map<?, ?> m) || !m.keySet().equals(keySet())) {
                    return false;
                }
                return entrySet().stream().allMatch(e -> java.util.Arrays.equals(e.getValue(), (BigDecimal[]) m.get(e.getKey())));
            }

            @Override
            public String toString() {
                StringBuilder sb = new StringBuilder("{");
                forEach((k, v) -> sb.append(k).append('=').append(java.util.Arrays.toString(v)).append(' '));
                return sb.append('}').toString();
            }
        };
    }

    RunRecord run(String runId) {
        return store.runs().stream().filter(r -> r.runId().equals(runId)).findFirst().orElseThrow();
    }

    List<String> strings(String query) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = url.open(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery(query.replace(" FROM cost_", " FROM " + url.database() + ".cost_"))) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    static List<JsonNode> committed(Topic topic, Predicate<String> key) throws Exception {
        List<JsonNode> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : committedRecords(topic, key)) {
            values.add(JSON.readTree(r.value()));
        }
        return values;
    }

    /**
     * Every committed record of the topic whose key matches (read_committed: aborted runs stay unseen),
     * read up to the last stable offset once it has caught up with the log (see {@link #stableEndOffsets}).
     */
    static List<ConsumerRecord<byte[], byte[]>> committedRecords(Topic topic, Predicate<String> key) throws InterruptedException {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.topicName()).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = stableEndOffsets(consumer, partitions);
            Set<TopicPartition> pending = new java.util.HashSet<>(partitions);
            while (!pending.isEmpty()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null && key.test(new String(r.key(), java.nio.charset.StandardCharsets.UTF_8))) {
                        out.add(r);
                    }
                }
                pending.removeIf(tp -> consumer.position(tp) >= end.get(tp));
            }
        }
        return out;
    }

    /**
     * The read_committed end (last stable offset) once it has caught up with the log's end, at most
     * 10 s: right after a commit the markers may not be written yet, and the LSO still stops short.
     */
    private static Map<TopicPartition, Long> stableEndOffsets(KafkaConsumer<byte[], byte[]> committed, List<TopicPartition> partitions)
            throws InterruptedException {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        Map<TopicPartition, Long> logEnd;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            logEnd = consumer.endOffsets(partitions);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
        while (!stable.equals(logEnd) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            stable = committed.endOffsets(partitions);
        }
        return stable;
    }
}
