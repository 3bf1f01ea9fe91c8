package dev.tally.jobs.allocation.money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An amount of the invoice, in both of Azure's views: {@code billed} (actual cost: what the
 * invoice charges, reservation purchases included when bought) and {@code effective} (amortized:
 * reservations and savings plans spread over the usage they covered). Exact decimals.
 */
public record Cost(String currency, BigDecimal billed, BigDecimal effective) {
    public Cost {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(billed, "billed");
        Objects.requireNonNull(effective, "effective");
    }

    public static Cost zero(String currency) {
        return new Cost(currency, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    public Cost plus(Cost other) {
        requireSameCurrency(other);
        return new Cost(currency, billed.add(other.billed), effective.add(other.effective));
    }

    public Cost minus(Cost other) {
        requireSameCurrency(other);
        return new Cost(currency, billed.subtract(other.billed), effective.subtract(other.effective));
    }

    public boolean isZero() {
        return billed.signum() == 0 && effective.signum() == 0;
    }

    /** Both views split by the same weights ({@link ProportionalSplit}): the parts sum exactly to this cost. */
    public List<Cost> split(List<BigDecimal> weights) {
        List<BigDecimal> b = ProportionalSplit.split(billed, weights);
        List<BigDecimal> e = ProportionalSplit.split(effective, weights);
        List<Cost> parts = new ArrayList<>(weights.size());
        for (int i = 0; i < weights.size(); i++) {
            parts.add(new Cost(currency, b.get(i), e.get(i)));
        }
        return parts;
    }

    /** Equal when both views are equal as numbers, whatever their scale. */
    public boolean sameAmountAs(Cost other) {
        return currency.equals(other.currency) && billed.compareTo(other.billed) == 0
                && effective.compareTo(other.effective) == 0;
    }

    private void requireSameCurrency(Cost other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
    }
}
