package dev.tally.ingest.costs.format;

/**
 * The cost export layouts Tally reads, recognized from the header row (never the file name).
 *
 * <p>What a header cannot tell, and so is not a format here: whether a cost-details file is the
 * <em>actual</em> or the <em>amortized</em> dataset (Microsoft's own export schemas for the two
 * are identical, column for column) — that is the import's {@code CostView}, taken from the
 * export's manifest or given by the caller; and FOCUS 1.0 versus 1.0r2 (identical columns).
 */
public enum CostExportFormat {
    /** Enterprise Agreement cost details (usage details v2): {@code Cost} or {@code CostInBillingCurrency}, {@code AccountOwnerId}, … */
    EA_COST_DETAILS("EA cost details", false),
    /** Microsoft Customer Agreement cost details (incl. partner/CSP): {@code costInBillingCurrency}, invoice and partner columns, camelCase in newer versions. */
    MCA_COST_DETAILS("MCA cost details", false),
    /** Cost details whose agreement the columns do not reveal (a custom column selection). */
    COST_DETAILS("cost details (agreement not identifiable from the columns)", false),
    /** Legacy pay-as-you-go usage details (v1): {@code PreTaxCost}, {@code UsageDateTime}, {@code InstanceId}. */
    PAY_AS_YOU_GO("pay-as-you-go usage details", false),
    /** Microsoft's FOCUS 1.0-preview export. */
    FOCUS_1_0_PREVIEW("FOCUS 1.0-preview", true),
    /** FOCUS 1.0 and 1.0r2 (same columns). */
    FOCUS_1_0("FOCUS 1.0 / 1.0r2", true),
    /** FOCUS 1.2 (and Microsoft's 1.2-preview). */
    FOCUS_1_2("FOCUS 1.2", true);

    private final String displayName;
    private final boolean focus;

    CostExportFormat(String displayName, boolean focus) {
        this.displayName = displayName;
        this.focus = focus;
    }

    public String displayName() {
        return displayName;
    }

    /** FOCUS files carry billed and effective cost side by side; the others one cost per view. */
    public boolean isFocus() {
        return focus;
    }
}
