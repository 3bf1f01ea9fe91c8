package dev.tally.ingest.costs.normalize;

import java.util.Locale;

/** FOCUS PricingCategory (its allowed values). */
public enum PricingCategory {
    STANDARD("Standard"), DYNAMIC("Dynamic"), COMMITTED("Committed"), OTHER("Other");

    private final String focusName;

    PricingCategory(String focusName) {
        this.focusName = focusName;
    }

    public String focusName() {
        return focusName;
    }

    /** Null when the text is none of the FOCUS values (case-insensitive). */
    public static PricingCategory fromFocus(String text) {
        for (PricingCategory c : values()) {
            if (c.focusName.toLowerCase(Locale.ROOT).equals(text.strip().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        return null;
    }
}
