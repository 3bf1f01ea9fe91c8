package dev.tally.reports;

import java.util.List;
import java.util.SortedMap;

/**
 * What the cost export says about the month: per currency its billed and effective total, over
 * the newest complete run of each (scope, dataset, billing period) whose rows belong to the month,
 * and those runs.
 */
public record ExportTotals(SortedMap<String, Amounts> byCurrency, List<ExportRun> runs) {

    /** One export run the report was built from. */
    public record ExportRun(String scope, String dataset, String billingPeriod, String runId) {
    }
}
