package dev.tally.local.faults;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.reports.Basis;
import dev.tally.reports.ChargebackReport;
import dev.tally.reports.FolderDestination;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The finance report a run's database gives for a month, as {@code tally report} publishes it, by
 * its files' SHA-256: two runs that charged the same cents to the same rows publish byte-identical
 * files (the writer is deterministic), so a fault test compares the report as well as the views.
 * The clock is fixed: only the manifest's generated-at would otherwise differ.
 */
record MonthReport(int version, String parquetSha256, String csvSha256) {

    static MonthReport publish(ClickHouseUrl database, YearMonth month, Path folder) throws IOException {
        Clock fixed = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        ChargebackReport.Outcome outcome = ChargebackReport.clickHouse(database, "", new FolderDestination(folder), fixed, "fault-test")
                .run(month, Basis.BOTH, false);
        if (!(outcome instanceof ChargebackReport.Published published)) {
            throw new AssertionError("a first report of " + month + " must be published, got " + outcome);
        }
        Path version = Path.of(published.location());
        return new MonthReport(published.version(),
                ChargebackReport.sha256(version.resolve(ChargebackReport.parquetName(month.toString()))),
                ChargebackReport.sha256(version.resolve(ChargebackReport.csvName(month.toString()))));
    }
}
