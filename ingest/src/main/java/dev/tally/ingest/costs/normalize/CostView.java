package dev.tally.ingest.costs.normalize;

/**
 * Which Cost Management dataset a cost-details file is: the two have the same columns, so the
 * export's manifest or the caller says which. FOCUS files carry both costs and ignore this.
 */
public enum CostView {
    /** Actual cost: what was invoiced; commitment purchases at purchase time, covered usage at 0. */
    ACTUAL,
    /** Amortized cost: commitment purchases spread over the usage they cover, unused commitment as its own rows. */
    AMORTIZED
}
