package dev.tally.jobs.allocation.money;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Splits an amount of money into parts proportional to weights, exactly: the parts always sum
 * to the amount, so no split ever creates or loses a fraction of a cent. Parts are whole
 * multiples of 10^-{@value #SCALE} (or of the amount's own smallest unit when it has more
 * decimals); each part is the floor of its exact quota, and the units left over go one each to
 * the parts with the largest remainders, ties to the earlier part (the largest-remainder method),
 * so the result is deterministic and never further than one unit from the exact share.
 */
public final class ProportionalSplit {
    /** Nine decimals: far below a cent, so rounding of the final report is the only rounding anyone sees. */
    public static final int SCALE = 9;

    private ProportionalSplit() {
    }

    /**
     * @param weights non-negative, at least one positive
     * @return one part per weight, in order, summing exactly to {@code amount}; a negative amount
     *         (a refund, a credit) splits as its positive counterpart, negated
     * @throws IllegalArgumentException when a weight is negative or all are zero
     */
    public static List<BigDecimal> split(BigDecimal amount, List<BigDecimal> weights) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("nothing to split " + amount + " over");
        }
        int scale = Math.max(SCALE, amount.stripTrailingZeros().scale());
        BigInteger units = amount.movePointRight(scale).toBigIntegerExact();
        boolean negative = units.signum() < 0;
        units = units.abs();

        int weightScale = 0;
        for (BigDecimal w : weights) {
            if (w.signum() < 0) {
                throw new IllegalArgumentException("negative weight " + w + " in " + weights);
            }
            weightScale = Math.max(weightScale, w.stripTrailingZeros().scale());
        }
        BigInteger[] w = new BigInteger[weights.size()];
        BigInteger total = BigInteger.ZERO;
        for (int i = 0; i < w.length; i++) {
            w[i] = weights.get(i).movePointRight(weightScale).toBigIntegerExact();
            total = total.add(w[i]);
        }
        if (total.signum() == 0) {
            throw new IllegalArgumentException("all weights are zero: cannot split " + amount);
        }

        BigInteger[] parts = new BigInteger[w.length];
        BigInteger[] remainders = new BigInteger[w.length];
        BigInteger given = BigInteger.ZERO;
        for (int i = 0; i < w.length; i++) {
            BigInteger[] qr = units.multiply(w[i]).divideAndRemainder(total);
            parts[i] = qr[0];
            remainders[i] = qr[1];
            given = given.add(qr[0]);
        }
        int leftover = units.subtract(given).intValueExact(); // less than the number of parts
        Integer[] byRemainder = new Integer[w.length];
        Arrays.setAll(byRemainder, i -> i);
        Arrays.sort(byRemainder, Comparator.<Integer, BigInteger>comparing(i -> remainders[i]).reversed()
                .thenComparing(i -> i));
        for (int k = 0; k < leftover; k++) {
            parts[byRemainder[k]] = parts[byRemainder[k]].add(BigInteger.ONE);
        }

        List<BigDecimal> result = new ArrayList<>(w.length);
        for (BigInteger part : parts) {
            result.add(new BigDecimal(negative ? part.negate() : part, scale));
        }
        return result;
    }
}
