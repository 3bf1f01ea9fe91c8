package dev.tally.reports;

import java.time.YearMonth;

/** The gate refused to publish: the month's totals differ from the export's. */
public final class UnreconciledException extends RuntimeException {
    private final transient Reconciliation reconciliation;

    public UnreconciledException(YearMonth month, Reconciliation reconciliation) {
        super(month + " not published: the allocation does not reconcile with the cost export: " + reconciliation.summary()
                + ". Wait for the allocation to catch up (or rerun it), or pass --allow-unreconciled to publish it marked as such");
        this.reconciliation = reconciliation;
    }

    public Reconciliation reconciliation() {
        return reconciliation;
    }
}
