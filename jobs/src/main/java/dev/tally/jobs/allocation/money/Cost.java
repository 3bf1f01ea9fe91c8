package dev.tally.jobs.allocation.money;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An amount of the invoice, in both of Azure's views: {@code billed} (actual cost: what the
 * invoice charges, reservation purchases included when bought) and {@code effective} (amortized:
 * reservations and savings plans spread over the usage they covered), and the {@code list} cost
 * (FOCUS ListCost: the same usage at pay-as-you-go prices) where the export has one. Exact decimals.
 *
 * @param list null when unknown: a sum with an unknown part is unknown, never a guess and never zero
 */
public record Cost(String currency, BigDecimal billed, BigDecimal effective, BigDecimal list) {
    public Cost {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(billed, "billed");
        Objects.requireNonNull(effective, "effective");
    }

    /** A cost whose list cost is unknown. */
    public Cost(String currency, BigDecimal billed, BigDecimal effective) {
        this(currency, billed, effective, null);
    }

    /** Nothing, in all three: the start of a sum. */
    public static Cost zero(String currency) {
        return new Cost(currency, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    public Cost plus(Cost other) {
        requireSameCurrency(other);
        return new Cost(currency, billed.add(other.billed), effective.add(other.effective),
                list == null || other.list == null ? null : list.add(other.list));
    }

    public Cost minus(Cost other) {
        requireSameCurrency(other);
        return new Cost(currency, billed.subtract(other.billed), effective.subtract(other.effective),
                list == null || other.list == null ? null : list.subtract(other.list));
    }

    public boolean isZero() {
        return billed.signum() == 0 && effective.signum() == 0 && (list == null || list.signum() == 0);
    }

    /** All views split by the same weights ({@link ProportionalSplit}): the parts sum exactly to this cost. */
    public List<Cost> split(List<BigDecimal> weights) {
        List<BigDecimal> b = ProportionalSplit.split(billed, weights);
        List<BigDecimal> e = ProportionalSplit.split(effective, weights);
        List<BigDecimal> l = list == null ? null : ProportionalSplit.split(list, weights);
        List<Cost> parts = new ArrayList<>(weights.size());
        for (int i = 0; i < weights.size(); i++) {
            parts.add(new Cost(currency, b.get(i), e.get(i), l == null ? null : l.get(i)));
        }
        return parts;
    }

    /** Equal when all views are equal as numbers, whatever their scale (an unknown list cost equals only an unknown one). */
    public boolean sameAmountAs(Cost other) {
        return currency.equals(other.currency) && billed.compareTo(other.billed) == 0
                && effective.compareTo(other.effective) == 0
                && (list == null ? other.list == null : other.list != null && list.compareTo(other.list) == 0);
    }

    private void requireSameCurrency(Cost other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
    }
}
