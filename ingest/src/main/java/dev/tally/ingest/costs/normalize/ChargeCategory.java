package dev.tally.ingest.costs.normalize;

import java.util.Locale;

/** FOCUS ChargeCategory (its allowed values). */
public enum ChargeCategory {
    USAGE("Usage"), PURCHASE("Purchase"), TAX("Tax"), CREDIT("Credit"), ADJUSTMENT("Adjustment");

    private final String focusName;

    ChargeCategory(String focusName) {
        this.focusName = focusName;
    }

    public String focusName() {
        return focusName;
    }

    /** Null when the text is none of the FOCUS values (case-insensitive). */
    public static ChargeCategory fromFocus(String text) {
        for (ChargeCategory c : values()) {
            if (c.focusName.toLowerCase(Locale.ROOT).equals(text.strip().toLowerCase(Locale.ROOT))) {
                return c;
            }
        }
        return null;
    }
}
