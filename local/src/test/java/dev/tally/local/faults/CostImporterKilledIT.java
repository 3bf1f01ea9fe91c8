package dev.tally.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.topics.Topic;
import dev.tally.jobs.allocation.stream.AllocationJob;
import dev.tally.jobs.allocation.stream.AllocationSettings;
import dev.tally.jobs.allocation.stream.WorkloadOwnerLookup;
import dev.tally.local.cli.TallyCli;
import dev.tally.local.cli.TallyProcess;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.costs.ExportFixture;
import dev.tally.local.flink.TestFlink;
import dev.tally.local.kafka.LocalKafka;
import dev.tally.local.kafka.LocalKafkaConfig;
import dev.tally.local.kafka.TestKafka;
import dev.tally.local.stack.DataFolder;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * {@code tally costs import} killed with SIGKILL while it inserts a run's rows, then run again: no
 * partial run is ever current, and the end state equals an uninterrupted import of the same export,
 * in ClickHouse (every view, the totals to the cent), on {@code tally.costs.v1} as the allocation
 * job reads it (committed records only) without waiting for the killed import's transaction to time out,
 * and in what finance gets: the allocation job over each side's records charges the same money, and
 * the month's report has the same rows and per-team CSV.
 */
class CostImporterKilledIT {
    static final int PARTS = 4;
    static final int RESOURCES_PER_PART = 320;
    static final int RETENTION_MONTHS = 1200;

    /** Every day of January for {@value #RESOURCES_PER_PART} scale sets per part, costs with cents and beyond. */
    static List<List<ExportFixture.Row>> parts() {
        List<List<ExportFixture.Row>> parts = new ArrayList<>();
        for (int p = 0; p < PARTS; p++) {
            List<ExportFixture.Row> rows = new ArrayList<>();
            for (int r = 0; r < RESOURCES_PER_PART; r++) {
                for (int day = 1; day <= 31; day++) {
                    int n = (p * RESOURCES_PER_PART + r) * 31 + day;
                    rows.add(ExportFixture.Row.of(day, "aks-pool" + p + "-" + r + "-vmss",
                            (n % 9973) + "." + String.format("%04d", n % 10_000), "EUR"));
                }
            }
            parts.add(rows);
        }
        return parts;
    }

    @Test
    void anImportKilledMidRunAndRunAgainEndsAsAnUninterruptedImportAndNothingPartialIsEverCurrent() throws Exception {
        Path export = Files.createTempDirectory("tally-it-killed-import");
        ExportFixture.run(export, "daily", "run-killed-mid-import", Instant.parse("2024-02-01T06:00:00Z"), true, parts());
        // the fixture is January 2024, older than cost_allocation_daily's default retention (25 months),
        // whose TTL ClickHouse applies as rows are written: these databases keep the month
        ClickHouseUrl uninterrupted = TestClickHouse.migratedDatabase("import_whole", s -> s.withRetentionCostMonths(RETENTION_MONTHS));
        ClickHouseUrl killed = TestClickHouse.migratedDatabase("import_killed", s -> s.withRetentionCostMonths(RETENTION_MONTHS));
        // tally.costs.v1 has one name: each import gets a broker of its own, to compare topic with topic
        // and to allocate each one's records alone
        Path cleanData = TestKafka.newTempDir("kafka-whole-import-");
        Path brokerData = TestKafka.newTempDir("kafka-killed-import-");
        try (LocalKafka clean = LocalKafka.start(new LocalKafkaConfig(cleanData, 0, 0));
             LocalKafka broker = LocalKafka.start(new LocalKafkaConfig(brokerData, 0, 0))) {
            cli(importArgs(export, uninterrupted, clean.bootstrapServers()));
            long rows = lineItems(uninterrupted);
            System.out.printf("event=killed_import_export rows=%d runs=%s%n", rows, runStatuses(uninterrupted));
            assertThat(rows).as("line items of the uninterrupted import").isGreaterThan(10_000);

            List<String> checks = new ArrayList<>();
            try (TallyProcess importer = TallyProcess.start(importArgs(export, killed, broker.bootstrapServers()))) {
                Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
                while (insertedOfUnfinishedRun(killed) == 0) {
                    assertThat(importer.isAlive()).as("the import ended before it could be killed: %s", importer.output()).isTrue();
                    assertThat(Instant.now()).as("rows of a run being imported appear").isBefore(deadline);
                    checks.add(nothingPartialIsCurrent(killed));
                    Thread.sleep(20);
                }
                importer.kill();
                System.out.printf("event=import_killed inserted_rows_of_the_unfinished_run=%d output_tail=%s%n",
                        insertedOfUnfinishedRun(killed), tail(importer.output()));
            }
            assertThat(insertedOfUnfinishedRun(killed)).as("killed while a run's rows were being inserted").isPositive();
            assertThat(runStatuses(killed)).as("the killed run stays 'importing'").containsValue("importing");
            checks.add(nothingPartialIsCurrent(killed));

            try (TallyProcess again = TallyProcess.start(importArgs(export, killed, broker.bootstrapServers()))) {
                assertThat(again.awaitExit(Duration.ofMinutes(2))).as(again.output()).isZero();
                assertThat(again.output()).contains("importing run");
            }
            checks.add(nothingPartialIsCurrent(killed));
            assertThat(checks).as("every check of the views during and after the kill").allSatisfy(c -> assertThat(c).isEmpty());

            PipelineSnapshot expected = PipelineSnapshot.of(uninterrupted, "location");
            expected.assertSameAs(PipelineSnapshot.of(killed, "location"), "the cost importer killed mid-run and re-run");
            Map<String, String> totals = totals(uninterrupted);
            System.out.printf("event=killed_import_totals current_rows=%d totals=%s checks_during=%d%n",
                    expected.rowCount("cost_line_items_current"), totals, checks.size());
            assertThat(totals).isNotEmpty().isEqualTo(totals(killed));
            assertThat(expected.rowCount("cost_line_items_current")).isEqualTo(rows);

            // what the allocation job reads: committed records only (KafkaSources: read_committed)
            List<String> wanted = committedCostRecords(clean.bootstrapServers(), rows);
            List<String> afterKill = committedCostRecords(broker.bootstrapServers(), rows);
            assertThat(wanted).hasSize((int) rows);
            assertThat(afterKill).as("tally.costs.v1 after the kill and the re-run, committed records").isEqualTo(wanted);

            // and what finance gets: each side's records allocated (no usage: every cost lands in its buckets), the month's report
            MonthReport whole = allocatedMonthReport(clean, uninterrupted, export.resolve("report-whole"));
            MonthReport afterKillReport = allocatedMonthReport(broker, killed, export.resolve("report-killed"));
            Map<String, BigDecimal> billed = FleetCosts.allocatedBilled(uninterrupted);
            System.out.printf("event=killed_import_report billed=%s allocation_rows=%d report_rows=%d%n", billed,
                    PipelineSnapshot.of(uninterrupted).rowCount("cost_allocation_daily_latest"), whole.parquetRows().size());
            FleetCosts.assertSameMoney(billed, billedTotals(uninterrupted), "the uninterrupted import's allocation against its export");
            FleetCosts.assertSameMoney(FleetCosts.allocatedBilled(killed), billed, "the allocation after the kill and the re-run");
            assertThat(afterKillReport).as("the month's report after the kill and the re-run: the uninterrupted import's rows and CSV")
                    .isEqualTo(whole);
            PipelineSnapshot.of(uninterrupted, "location").assertSameAs(PipelineSnapshot.of(killed, "location"),
                    "the cost importer killed mid-run and re-run, then allocated and reported");
        } finally {
            DataFolder.deleteRecursively(cleanData);
            DataFolder.deleteRecursively(brokerData);
            DataFolder.deleteRecursively(export);
        }
    }

    private static String[] importArgs(Path export, ClickHouseUrl database, String kafka) {
        return new String[] {"costs", "import", export.toString(), "--clickhouse", database.httpUrl(),
                "--database", database.database(), "--kafka", kafka};
    }

    private static void cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = TallyCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(exit).as("tally %s: %s %s", String.join(" ", args), out, err).isZero();
    }

    /** Rows inserted under the import id of a run whose newest state is still {@code importing}. */
    private static long insertedOfUnfinishedRun(ClickHouseUrl db) throws SQLException {
        return single(db, "SELECT count() FROM " + db.database() + ".cost_line_items WHERE import_id IN (SELECT import_id FROM "
                + db.database() + ".cost_export_runs_latest WHERE status = 'importing')");
    }

    private static long lineItems(ClickHouseUrl db) throws SQLException {
        return single(db, "SELECT count() FROM " + db.database() + ".cost_line_items_current");
    }

    /**
     * What a reader of the views sees must be whole runs: each current row belongs to a complete run,
     * and each complete run shows exactly the rows it imported. Returns the violations (none wanted).
     */
    private static String nothingPartialIsCurrent(ClickHouseUrl db) throws SQLException {
        String d = db.database();
        StringBuilder problems = new StringBuilder();
        try (Connection c = db.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT r.run_id, r.status, r.rows_imported, countIf(i.import_id != '')"
                     + " FROM " + d + ".cost_export_runs_latest AS r"
                     + " LEFT JOIN (SELECT import_id FROM " + d + ".cost_line_items_current) AS i ON i.import_id = r.import_id"
                     + " GROUP BY r.run_id, r.status, r.rows_imported")) {
            while (r.next()) {
                String status = r.getString(2);
                long imported = r.getLong(3);
                long current = r.getLong(4);
                boolean whole = status.equals("complete") ? current == imported : current == 0;
                if (!whole) {
                    problems.append("run ").append(r.getString(1)).append(' ').append(status).append(": ")
                            .append(current).append(" current rows of ").append(imported).append("; ");
                }
            }
        }
        return problems.toString();
    }

    private static Map<String, String> runStatuses(ClickHouseUrl db) throws SQLException {
        Map<String, String> statuses = new TreeMap<>();
        try (Connection c = db.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT run_id, status FROM " + db.database() + ".cost_export_runs_latest")) {
            while (r.next()) {
                statuses.put(r.getString(1), r.getString(2));
            }
        }
        return statuses;
    }

    /**
     * The allocation job, bounded, over the broker's topics into {@code db}, then the report of the
     * export's month (January 2024) published from {@code db}.
     */
    private static MonthReport allocatedMonthReport(LocalKafka broker, ClickHouseUrl db, Path folder) throws Exception {
        String group = "it-killed-import-allocation-" + UUID.randomUUID();
        StreamExecutionEnvironment env = TestFlink.cluster().environment(group, 1);
        AllocationJob.kafka(KafkaConnection.plaintext(broker.bootstrapServers()), "", group, db, AllocationSettings.defaults(),
                WorkloadOwnerLookup.none(), true).addTo(env);
        env.executeAsync("it allocation after an import: " + db.database()).getJobExecutionResult().get(5, TimeUnit.MINUTES);
        return MonthReport.publish(db, YearMonth.of(2024, 1), folder);
    }

    /** Billed totals per currency of what is current (the export's amortized rows). */
    private static Map<String, BigDecimal> billedTotals(ClickHouseUrl db) throws SQLException {
        return FleetCosts.byCurrency(db, "SELECT billing_currency, toString(sum(billed_cost)) FROM " + db.database()
                + ".cost_line_items_current GROUP BY billing_currency");
    }

    /** Billed and effective totals per dataset and currency of what is current, exact decimals as text. */
    private static Map<String, String> totals(ClickHouseUrl db) throws SQLException {
        Map<String, String> totals = new TreeMap<>();
        try (Connection c = db.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT dataset, billing_currency, toString(sum(billed_cost)), toString(sum(effective_cost))"
                     + " FROM " + db.database() + ".cost_line_items_current GROUP BY dataset, billing_currency")) {
            while (r.next()) {
                totals.put(r.getString(1) + " " + r.getString(2), "billed " + r.getString(3) + ", effective " + r.getString(4));
            }
        }
        return totals;
    }

    /**
     * The committed line items on a broker's {@code tally.costs.v1}, as the allocation job reads them
     * ({@code read_committed}), without the attempt's own import id; sorted. Waits at most a minute
     * for {@code expected} of them: an open transaction of the killed import would hold them back.
     */
    private static List<String> committedCostRecords(String bootstrap, long expected) throws Exception {
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("group.id", "it-killed-import-" + UUID.randomUUID());
        config.put("auto.offset.reset", "earliest");
        config.put("isolation.level", "read_committed");
        List<String> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topic.COSTS.topicName()));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            while (records.size() < expected && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    ObjectNode item = (ObjectNode) json.readTree(record.value());
                    item.remove("importId");
                    records.add(item.toString());
                }
            }
            // anything beyond (a run sent twice) would show now
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(2))) {
                ObjectNode item = (ObjectNode) json.readTree(record.value());
                item.remove("importId");
                records.add(item.toString());
            }
        }
        records.sort(null);
        return records;
    }

    private static long single(ClickHouseUrl db, String sql) throws SQLException {
        try (Connection c = db.open(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String tail(String output) {
        String[] lines = output.split("\n");
        return String.join(" / ", List.of(lines).subList(Math.max(0, lines.length - 3), lines.length));
    }
}
