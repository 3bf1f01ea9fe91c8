package dev.tally.reports;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * The reconciliation gate's verdict: the report's totals against the export's, per currency and
 * basis, compared exactly (the allocation splits without rounding, so they must be equal to the
 * last digit, not only to the cent). Rows priced from list prices (estimated) are not invoice
 * money: a month with any is not reconciled either.
 *
 * @param reconciled  every compared total equal and nothing estimated
 * @param differences one line per mismatch, e.g. {@code USD billed: report 10.5 vs export 12 (difference -1.5)}
 */
public record Reconciliation(boolean reconciled, List<String> differences) {

    public static Reconciliation of(SortedMap<String, Amounts> report, SortedMap<String, Amounts> export, Basis basis,
                                    long estimatedRows) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> currencies = new TreeSet<>(report.keySet());
        currencies.addAll(export.keySet());
        for (String currency : currencies) {
            Amounts r = report.getOrDefault(currency, Amounts.ZERO);
            Amounts e = export.getOrDefault(currency, Amounts.ZERO);
            if (basis.billed()) {
                compare(differences, currency, "billed", r.billed(), e.billed());
            }
            if (basis.effective()) {
                compare(differences, currency, "effective", r.effective(), e.effective());
            }
        }
        if (estimatedRows > 0) {
            differences.add(estimatedRows + " row(s) estimated from list prices: the export of those days has not arrived");
        }
        return new Reconciliation(differences.isEmpty(), List.copyOf(differences));
    }

    private static void compare(List<String> out, String currency, String basis, BigDecimal report, BigDecimal export) {
        if (report.compareTo(export) != 0) {
            out.add(currency + " " + basis + ": report " + Amounts.plain(report) + " vs export " + Amounts.plain(export)
                    + " (difference " + Amounts.plain(report.subtract(export)) + ")");
        }
    }

    public String summary() {
        return reconciled ? "reconciled" : String.join("; ", differences);
    }
}
