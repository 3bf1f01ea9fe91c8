package dev.tally.local.faults;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.reports.Basis;
import dev.tally.reports.ChargebackReport;
import dev.tally.reports.FolderDestination;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The finance report a run's database gives for a month, as {@code tally report} publishes it: the
 * Parquet file's rows in file order, read back by DuckDB, and the per-team CSV's SHA-256. Two runs
 * that charged the same cents to the same rows publish the same rows. One column is left out, as
 * {@link PipelineSnapshot} leaves out {@code version}: {@code x_AllocationVersion} counts the input
 * records a cluster-day's computation received, and a replay after a restore delivers some twice
 * (the job absorbs them; the count shows them). The clock is fixed: only the manifest's
 * generated-at would otherwise differ.
 */
record MonthReport(int version, List<String> parquetRows, String csvSha256) {

    static MonthReport publish(ClickHouseUrl database, YearMonth month, Path folder) throws IOException, SQLException {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        ChargebackReport.Outcome outcome = ChargebackReport.clickHouse(database, "", new FolderDestination(folder), fixed, "fault-test")
                .run(month, Basis.BOTH, false);
        if (!(outcome instanceof ChargebackReport.Published published)) {
            throw new AssertionError("a first report of " + month + " must be published, got " + outcome);
        }
        Path version = Path.of(published.location());
        Path parquet = version.resolve(ChargebackReport.parquetName(month.toString()));
        List<String> rows = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet r = s.executeQuery("SELECT * EXCLUDE (x_AllocationVersion) FROM read_parquet('"
                     + parquet.toString().replace("'", "''") + "')")) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i == 1 ? "" : " | ").append(r.getMetaData().getColumnName(i)).append('=').append(r.getString(i));
                }
                rows.add(row.toString());
            }
        }
        if (rows.isEmpty()) {
            throw new AssertionError("the report of " + month + " has no rows: " + parquet);
        }
        return new MonthReport(published.version(), rows,
                ChargebackReport.sha256(version.resolve(ChargebackReport.csvName(month.toString()))));
    }
}
