package dev.tally.ingest.costs;

import dev.tally.ingest.costs.normalize.CostView;
import java.util.Locale;

/**
 * What the file itself cannot say: which dataset a cost-details file is ({@link CostView}; the
 * manifest says it for exported runs), and the currency for files without a currency column
 * (null: such rows are rejected).
 */
public record ReadOptions(CostView view, String currencyWhenAbsent) {
    public ReadOptions {
        if (view == null) {
            throw new IllegalArgumentException("the cost view (actual or amortized) is required");
        }
        currencyWhenAbsent = currencyWhenAbsent == null ? null : currencyWhenAbsent.strip().toUpperCase(Locale.ROOT);
    }

    public static ReadOptions of(CostView view) {
        return new ReadOptions(view, null);
    }
}
