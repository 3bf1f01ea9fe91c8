package dev.tally.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.local.cli.TallyCli;
import dev.tally.local.cli.TallyProcess;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.stack.DataFolder;
import dev.tally.reports.ChargebackReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code tally report} killed with SIGKILL while it writes the Parquet file, and while it publishes
 * the version: a reader listing {@code chargeback/YYYY-MM/} never sees a {@code vN} without its
 * manifest, no {@code report_versions} row is written, and the re-run publishes v1 with the same
 * bytes (SHA-256) as an uninterrupted run's.
 */
class ReportKilledIT {
    static final String MONTH = "2026-10";
    /** Enough rows for several Parquet row groups (122,880 rows each), so the write takes a while. */
    static final int ROWS = Integer.getInteger("tally.it.report.rows", 150_000);

    static ClickHouseUrl db;
    static Path folder;
    static Path uninterrupted;

    @BeforeAll
    static void aMonthOfAllocationRowsReconciledWithItsExportAndAnUninterruptedReport() throws Exception {
        db = TestClickHouse.migratedDatabase("report_killed");
        String d = db.database();
        try (Connection c = db.open(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO " + d + ".cost_allocation_daily (day, cluster, namespace, workload_kind, workload_name, category,"
                    + " currency, billed_cost, effective_cost, team, cost_center, owner_source, method, policies, estimated,"
                    + " billing_period, version)"
                    + " SELECT toDate('2026-10-01') + number % 31, concat('aks-', toString(number % 3)),"
                    + " concat('ns-', toString(intDiv(number, 3) % 400)), 'Deployment', concat('w-', toString(number)),"
                    + " ['COMPUTE', 'STORAGE', 'IDLE'][number % 3 + 1], if(number % 5 = 0, 'USD', 'EUR'),"
                    + " toDecimal128(number % 10007, 0) / 1000 + toDecimal128('0.000000000001', 24),"
                    + " toDecimal128(number % 9973, 0) / 1000, concat('team-', toString(number % 17)), concat('CC-', toString(number % 7)),"
                    + " 'catalog', 'max(request, usage)', 'idle=none', 0, toDate('2026-10-01'), 1 FROM numbers(" + ROWS + ")");
            // the export the allocation reconciles with: one complete run whose totals are the allocation's
            s.execute("INSERT INTO " + d + ".cost_export_runs (scope, run_id, import_id, dataset, billing_period, status,"
                    + " produced_at, imported_at, version) VALUES ('/subscriptions/aa', 'run-1', 'import-1', 'AmortizedCost',"
                    + " '20261001-20261031', 'complete', '2026-11-02 06:00:00', '2026-11-02 07:00:00', 1)");
            s.execute("INSERT INTO " + d + ".cost_line_items (scope, dataset, run_id, import_id, source_file, source_line,"
                    + " billing_period_start, billing_period_end, charge_period_start, charge_period_end, billing_currency,"
                    + " billed_cost, effective_cost)"
                    + " SELECT '/subscriptions/aa', 'AmortizedCost', 'run-1', 'import-1', 'part_0_0001.csv', rowNumberInAllBlocks() + 2,"
                    + " '2026-10-01 00:00:00', '2026-11-01 00:00:00', '2026-10-01 00:00:00', '2026-10-02 00:00:00', currency,"
                    + " sum(billed_cost), sum(effective_cost) FROM " + d + ".cost_allocation_daily GROUP BY currency");
        }
        folder = Files.createTempDirectory("tally-it-report-killed");
        uninterrupted = folder.resolve("uninterrupted");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = TallyCli.run(new PrintWriter(out, true), new PrintWriter(err, true), report(uninterrupted));
        assertThat(exit).as(out + " " + err).isZero();
        assertThat(out.toString()).contains("published " + MONTH + " v1");
    }

    @AfterAll
    static void cleanUp() {
        DataFolder.deleteRecursively(folder);
    }

    @Test
    void killedWhileWritingTheParquetFileNothingIsVisibleAndTheReRunPublishesTheSameBytesAsV1() throws Exception {
        Path out = folder.resolve("killed-in-parquet");
        Path temp = Files.createDirectories(folder.resolve("killed-in-parquet-tmp"));
        Path parquetInWork;
        try (TallyProcess report = TallyProcess.start(Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + temp), report(out))) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            // a row group written: the file is past its 4-byte header
            while ((parquetInWork = workParquet(temp).filter(p -> size(p) > 4).orElse(null)) == null) {
                assertThat(report.isAlive()).as("the report ended before its Parquet write: %s", report.output()).isTrue();
                assertThat(Instant.now()).as("the Parquet write starts").isBefore(deadline);
                Thread.sleep(20);
            }
            report.kill();
        }
        System.out.printf("event=report_killed_in_parquet_write parquet_bytes_written=%d%n", size(parquetInWork));

        assertThat(versionsWithoutManifest(out)).as("chargeback/%s/ as a reader lists it", MONTH).isEmpty();
        assertThat(reportVersionsUnder(out)).as("report_versions rows of the killed run").isEmpty();

        reRunPublishesV1LikeTheUninterruptedRun(out);
    }

    @Test
    void killedWhilePublishingTheVersionNothingPartialIsVisibleAndTheReRunEndsWithV1AsTheUninterruptedRun() throws Exception {
        Path out = folder.resolve("killed-in-publish");
        Path month = out.resolve("chargeback").resolve(MONTH);
        String seen;
        try (TallyProcess report = TallyProcess.start(report(out))) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            // the first entry of the month's folder: the version being published (kill as it appears)
            while ((seen = firstEntry(month)) == null) {
                assertThat(report.isAlive() || firstEntry(month) != null).as("the report ended: %s", report.output()).isTrue();
                assertThat(Instant.now()).as("the report publishes").isBefore(deadline);
                Thread.onSpinWait();
            }
            report.kill();
        }
        List<String> left = entries(month);
        System.out.printf("event=report_killed_in_publish first_entry_seen=%s left=%s%n", seen, left);

        assertThat(versionsWithoutManifest(out)).as("chargeback/%s/ as a reader lists it", MONTH).isEmpty();
        if (!left.contains("v1")) {
            assertThat(reportVersionsUnder(out)).isEmpty();
        }
        reRunPublishesV1LikeTheUninterruptedRun(out);
    }

    private static void reRunPublishesV1LikeTheUninterruptedRun(Path out) throws Exception {
        try (TallyProcess again = TallyProcess.start(report(out))) {
            assertThat(again.awaitExit(Duration.ofMinutes(2))).as(again.output()).isZero();
            assertThat(again.output()).containsPattern(MONTH + " (v1|unchanged: v1)");
        }
        Path expected = uninterrupted.resolve("chargeback").resolve(MONTH).resolve("v1");
        Path actual = out.resolve("chargeback").resolve(MONTH).resolve("v1");
        String parquet = ChargebackReport.parquetName(MONTH);
        String csv = ChargebackReport.csvName(MONTH);
        System.out.printf("event=report_rerun parquet_sha256=%s parquet_bytes=%d csv_sha256=%s%n",
                ChargebackReport.sha256(expected.resolve(parquet)), Files.size(expected.resolve(parquet)),
                ChargebackReport.sha256(expected.resolve(csv)));
        assertThat(ChargebackReport.sha256(actual.resolve(parquet))).isEqualTo(ChargebackReport.sha256(expected.resolve(parquet)));
        assertThat(ChargebackReport.sha256(actual.resolve(csv))).isEqualTo(ChargebackReport.sha256(expected.resolve(csv)));
        assertThat(entries(out.resolve("chargeback").resolve(MONTH))).as("the month's versions").containsExactly("v1");
        assertThat(reportVersionsUnder(out)).as("report_versions rows").containsExactly("v1 rows=" + ROWS + " reconciled=1");
    }

    private static String[] report(Path out) {
        return new String[] {"report", "--month", MONTH, "--out", out.toString(), "--clickhouse", db.httpUrl(), "--database", db.database()};
    }

    /** The Parquet file a report run is writing in its temporary work folder. */
    private static Optional<Path> workParquet(Path temp) throws IOException {
        try (Stream<Path> dirs = Files.list(temp)) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("tally-report-"))
                    .map(p -> p.resolve(ChargebackReport.parquetName(MONTH))).filter(Files::exists).findFirst();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // the run cleaned it up
        }
    }

    /** What a reader listing the month sees: entries not hidden (a dot name is a staging folder). */
    private static List<String> entries(Path month) throws IOException {
        if (!Files.isDirectory(month)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(month)) {
            return all.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private static String firstEntry(Path month) {
        try (Stream<Path> all = Files.list(month)) {
            return all.map(p -> p.getFileName().toString()).findFirst().orElse(null);
        } catch (IOException e) {
            return null; // not created yet
        }
    }

    private static List<String> versionsWithoutManifest(Path out) throws IOException {
        Path month = out.resolve("chargeback").resolve(MONTH);
        List<String> partial = new ArrayList<>();
        for (String name : entries(month)) {
            if (!Files.exists(month.resolve(name).resolve("manifest.json"))) {
                partial.add(name);
            }
        }
        return partial;
    }

    private static List<String> reportVersionsUnder(Path out) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.open(); PreparedStatement s = c.prepareStatement("SELECT version, rows, reconciled FROM "
                + db.database() + ".report_versions FINAL WHERE startsWith(location, ?) ORDER BY version")) {
            s.setString(1, out.toAbsolutePath().toString());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.add("v" + r.getInt(1) + " rows=" + r.getLong(2) + " reconciled=" + r.getInt(3));
                }
            }
        }
        return rows;
    }
}
