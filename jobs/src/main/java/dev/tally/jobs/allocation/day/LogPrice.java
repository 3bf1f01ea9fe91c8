package dev.tally.jobs.allocation.day;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The configured price of log volume (issue 6: "log volume charged by bytes at a configured
 * price"): a price per GiB (2^30 bytes) of log body bytes, in one currency. Log management is not
 * a line of the AKS invoice, so the charge is its own category ({@link CostCategory#LOGS}),
 * outside the invoice's conservation (docs/allocation.md, log volume).
 */
public record LogPrice(String currency, BigDecimal perGib) implements Serializable {
    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);
    /** Decimal places of a charge: 10^-10, far below a cent even summed over a month of hours. */
    public static final int SCALE = 10;

    /** Illustrative default: USD 2.30 per GiB, about Azure Monitor's pay-as-you-go Analytics Logs ingestion price; set yours. */
    public static LogPrice defaults() {
        return new LogPrice("USD", new BigDecimal("2.30"));
    }

    /** bytes × price per GiB / 2^30, rounded half-even to {@link #SCALE} decimals. */
    public BigDecimal charge(long bytes) {
        return perGib.multiply(BigDecimal.valueOf(bytes)).divide(GIB, SCALE, RoundingMode.HALF_EVEN);
    }

    /** As recorded in the policies: {@code 2.30 USD/GiB}. */
    public String describe() {
        return perGib.toPlainString() + " " + currency + "/GiB";
    }
}
