package dev.tally.reports;

import java.util.Locale;

/** Which of the allocation's two costs a report carries and reconciles (docs/allocation.md, "Money"). */
public enum Basis {
    /** BilledCost: what the invoice charges (commitments when bought). */
    BILLED,
    /** EffectiveCost: amortized (commitments spread over what they covered). */
    EFFECTIVE,
    /** Both columns. */
    BOTH;

    public boolean billed() {
        return this != EFFECTIVE;
    }

    public boolean effective() {
        return this != BILLED;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Basis parse(String text) {
        for (Basis b : values()) {
            if (b.label().equalsIgnoreCase(text.strip())) {
                return b;
            }
        }
        throw new IllegalArgumentException("basis must be billed, effective or both, not '" + text + "'");
    }
}
