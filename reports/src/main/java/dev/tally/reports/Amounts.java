package dev.tally.reports;

import java.math.BigDecimal;

/** A billed and an effective amount of one currency. */
public record Amounts(BigDecimal billed, BigDecimal effective) {
    public static final Amounts ZERO = new Amounts(BigDecimal.ZERO, BigDecimal.ZERO);

    public Amounts plus(BigDecimal billedCost, BigDecimal effectiveCost) {
        return new Amounts(billed.add(billedCost), effective.add(effectiveCost));
    }

    public BigDecimal of(boolean billedBasis) {
        return billedBasis ? billed : effective;
    }

    /** Plain decimal text without trailing zeros ("0" for zero): how the manifest and the CSV write money. */
    public static String plain(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }
}
