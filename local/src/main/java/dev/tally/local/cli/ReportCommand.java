package dev.tally.local.cli;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.reports.Basis;
import dev.tally.reports.ChargebackReport;
import dev.tally.reports.Manifest;
import dev.tally.reports.ReportDestination;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tally report}: the month's chargeback report for finance (reports/README.md). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write the monthly chargeback report for finance: a FOCUS-aligned Parquet file of the month's",
                "allocation (cost_allocation_daily_latest), a per-team CSV and manifest.json, as the next version",
                "<out>/chargeback/YYYY-MM/vN/ (published versions are never overwritten; an unchanged month writes nothing).",
                "Refused when the month's totals differ from the cost export's (cost_line_items_current), unless",
                "--allow-unreconciled. Each version is recorded in ClickHouse (report_versions)."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CostsCommand.Endpoints endpoints;

    @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "the billing month")
    String month;

    @Option(names = "--out", paramLabel = "DIR|URL",
            description = {"a folder, or Blob Storage / ADLS Gen2: azblob://<account>/<container>[/<folder>],",
                    "abfss://<container>@<account>.dfs.core.windows.net[/<folder>], https://…[?SAS]; credentials as for",
                    "tally costs import (default: <data>/reports, the local stack's data folder)"})
    String out;

    @Option(names = "--basis", paramLabel = "BASIS", defaultValue = "both",
            description = "billed, effective or both: the cost columns the report carries and reconciles (default: ${DEFAULT-VALUE})")
    String basis;

    @Option(names = "--cost-dataset", paramLabel = "NAME", defaultValue = "",
            description = "reconcile with one export dataset (ActualCost, AmortizedCost, FocusCost), as the allocation job's costDataset (default: all)")
    String costDataset;

    @Option(names = "--allow-unreconciled",
            description = "publish even when the totals differ from the export's; the manifest marks it (default: refuse)")
    boolean allowUnreconciled;

    @Override
    public Integer call() throws Exception {
        PrintWriter printer = spec.commandLine().getOut();
        YearMonth yearMonth;
        try {
            yearMonth = YearMonth.parse(month.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--month must be YYYY-MM, not '" + month + "'");
        }
        String target = out != null ? out
                : (endpoints.dataDir != null ? endpoints.dataDir : ProjectHome.find().resolve(".tally")).resolve("reports").toString();
        ClickHouseUrl url = endpoints.clickHouseUrl();
        ChargebackReport.Outcome outcome = ChargebackReport.clickHouse(url, costDataset, ReportDestination.of(target, System.getenv()),
                Clock.systemUTC(), new TallyVersion().getVersion()[0]).run(yearMonth, Basis.parse(basis), allowUnreconciled);
        print(printer, outcome);
        return 0;
    }

    /** What the run did, in a few lines: where, how much, reconciled or not, what changed. */
    static void print(PrintWriter printer, ChargebackReport.Outcome outcome) {
        Manifest m = outcome.manifest();
        if (outcome instanceof ChargebackReport.Unchanged) {
            printer.printf("%s unchanged: v%d already holds exactly these rows (%s)%n", m.month(), outcome.version(), outcome.location());
            return;
        }
        printer.printf("published %s v%d: %s%n", m.month(), outcome.version(), outcome.location());
        printer.printf("  %,d rows; %s%n", m.rowCount(), m.reconciliation().published());
        m.totals().forEach((currency, money) -> printer.printf("  %s billed %s effective %s%n", currency,
                money.billed() == null ? "-" : money.billed(), money.effective() == null ? "-" : money.effective()));
        m.reconciliation().differences().forEach(d -> printer.println("  differs: " + d));
        if (m.changes() != null) {
            printer.printf("  changed against v%d: %d team total(s)%n", m.changes().previousVersion(), m.changes().teams().size());
            m.changes().teams().forEach(t -> printer.printf("    %s %s billed %s -> %s, effective %s -> %s%n", t.team(), t.currency(),
                    t.billedBefore(), t.billedAfter(), t.effectiveBefore(), t.effectiveAfter()));
        }
    }
}
