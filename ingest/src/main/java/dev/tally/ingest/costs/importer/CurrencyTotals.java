package dev.tally.ingest.costs.importer;

import java.math.BigDecimal;

/** Sums of one currency's BilledCost and EffectiveCost, exact. */
public record CurrencyTotals(BigDecimal billedCost, BigDecimal effectiveCost) {
    public static final CurrencyTotals ZERO = new CurrencyTotals(BigDecimal.ZERO, BigDecimal.ZERO);

    public CurrencyTotals plus(BigDecimal billed, BigDecimal effective) {
        return new CurrencyTotals(billedCost.add(billed), effectiveCost.add(effective));
    }
}
