package dev.tally.ingest.costs.run;

import java.util.Locale;

/** Where a run stands in {@code cost_export_runs}. Only {@code COMPLETE} runs are ever visible through the current view. */
public enum RunStatus {
    /** Its line items are being written; invisible. */
    IMPORTING,
    /** Every row read; the newest complete run of its (scope, dataset, billing period) is the one queries see. */
    COMPLETE,
    /** A newer complete run of the same period replaced it; its rows stay in cost_line_items for audit. */
    SUPERSEDED,
    /** Covers fewer days than the complete run it would replace (a month-to-date run after the full month): not applied, reported. */
    HELD,
    /** Could not be read as a whole (truncated gzip, part that does not match its manifest); invisible. */
    FAILED;

    public String sqlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus ofSql(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
