package dev.tally.jobs.allocation.node;

import java.math.BigDecimal;
import java.util.List;

/**
 * How a node's cost divides between its CPU and its memory, which Azure prices only together:
 * in proportion to cores × {@code coreHourPrice} and GiB × {@code gibHourPrice}, so the VM size's
 * own vCPU/GiB shape decides the split. The defaults are OpenCost's default prices
 * (0.031611 per core-hour, 0.004237 per GiB-hour): only their ratio matters here.
 */
public record CpuRamWeighting(BigDecimal coreHourPrice, BigDecimal gibHourPrice) implements java.io.Serializable {
    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);

    public CpuRamWeighting {
        if (coreHourPrice.signum() < 0 || gibHourPrice.signum() < 0 || coreHourPrice.signum() + gibHourPrice.signum() == 0) {
            throw new IllegalArgumentException("CPU:RAM weights must be non-negative and not both zero: "
                    + coreHourPrice + ", " + gibHourPrice);
        }
    }

    public static CpuRamWeighting defaults() {
        return new CpuRamWeighting(new BigDecimal("0.031611"), new BigDecimal("0.004237"));
    }

    /** The CPU and the memory weight of a node of this shape, in that order. */
    public List<BigDecimal> weights(BigDecimal cpuCores, BigDecimal memoryBytes) {
        // bytes × price / 2^30, kept exact by scaling the CPU side by 2^30 instead
        return List.of(cpuCores.multiply(coreHourPrice).multiply(GIB), memoryBytes.multiply(gibHourPrice));
    }

    /**
     * CPU and memory time valued at these prices (times 2^30 × 3600, which no proportion
     * notices): the common measure that weighs usage against requests across node sizes.
     */
    public BigDecimal value(BigDecimal coreSeconds, BigDecimal byteSeconds) {
        return coreSeconds.multiply(coreHourPrice).multiply(GIB).add(byteSeconds.multiply(gibHourPrice));
    }
}
