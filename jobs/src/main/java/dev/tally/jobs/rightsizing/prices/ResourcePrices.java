package dev.tally.jobs.rightsizing.prices;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * What requested resources cost, per hour, in one currency: the money side of a recommendation.
 *
 * @param cpuCoreHour  price of one requested core for one hour
 * @param memoryGibHour price of one requested GiB (2^30 bytes) for one hour
 * @param currency     ISO 4217 code
 */
public record ResourcePrices(BigDecimal cpuCoreHour, BigDecimal memoryGibHour, String currency) implements Serializable {

    /**
     * OpenCost's default prices (its {@code configs/default.json}, "based on GCP us-central1": CPU
     * 0.031611 per core-hour, RAM 0.004237 per GB-hour, taken here per GiB-hour; USD): a neutral
     * fallback until the allocation job's prices arrive ({@link AllocatedPriceBook}).
     */
    public static ResourcePrices defaults() {
        return new ResourcePrices(new BigDecimal("0.031611"), new BigDecimal("0.004237"), "USD");
    }

    public ResourcePrices {
        Objects.requireNonNull(cpuCoreHour, "cpuCoreHour");
        Objects.requireNonNull(memoryGibHour, "memoryGibHour");
        Objects.requireNonNull(currency, "currency");
        if (cpuCoreHour.signum() < 0 || memoryGibHour.signum() < 0) {
            throw new IllegalArgumentException("prices cannot be negative: " + cpuCoreHour + " per core-hour, "
                    + memoryGibHour + " per GiB-hour");
        }
    }
}
