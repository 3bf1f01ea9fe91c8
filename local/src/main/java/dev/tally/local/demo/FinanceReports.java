package dev.tally.local.demo;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.reports.Basis;
import dev.tally.reports.ChargebackReport;
import dev.tally.reports.FolderDestination;
import dev.tally.reports.UnreconciledException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's last step: the chargeback report for finance of each month the demo's days fall in
 * (reports/README.md), written into the data folder, and where it is.
 *
 * @param lines     what to print, one per month
 * @param published every month's report was published (reconciled)
 */
public record FinanceReports(List<String> lines, boolean published) {

    static FinanceReports write(ClickHouseUrl url, Path folder, Instant from, Instant to) {
        List<String> lines = new ArrayList<>();
        boolean all = true;
        YearMonth last = YearMonth.from(to.minusSeconds(1).atZone(ZoneOffset.UTC));
        for (YearMonth m = YearMonth.from(from.atZone(ZoneOffset.UTC)); !m.isAfter(last); m = m.plusMonths(1)) {
            try {
                ChargebackReport.Outcome outcome = ChargebackReport.clickHouse(url, "", new FolderDestination(folder), Clock.systemUTC(),
                        "tally demo").run(m, Basis.BOTH, false);
                lines.add(String.format("%s v%d (%,d rows, %s): %s", m, outcome.version(), outcome.manifest().rowCount(),
                        outcome.manifest().reconciliation().published(), outcome.location()));
            } catch (UnreconciledException e) {
                all = false;
                lines.add(e.getMessage());
            } catch (Exception e) {
                all = false;
                lines.add(m + " not written: " + e.getMessage());
            }
        }
        return new FinanceReports(List.copyOf(lines), all);
    }

    public void print(PrintStream out) {
        out.println();
        out.println("Chargeback report for finance (Parquet, per-team CSV, manifest.json; tally report --month YYYY-MM)");
        lines.forEach(l -> out.println("  " + l));
    }
}
