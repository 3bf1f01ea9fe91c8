package dev.tally.ingest.drift;

import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.PriceSource;
import dev.tally.common.rightsizing.ResourceSettings;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.rightsizing.RightsizingStatus;
import dev.tally.common.rightsizing.RightsizingStrategy;
import dev.tally.common.rightsizing.RiskReason;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Recommendations as the recommender writes them, with only what the exporter reads varied. */
final class Recommendations {

    static final Instant AT = Instant.parse("2026-11-25T06:00:00Z");
    static final long MIB = 1024L * 1024;
    static final ContainerRef CHECKOUT = deployment("aks-weu-1", "shop", "checkout");
    static final ContainerRef SEARCH = deployment("aks-weu-1", "shop", "search");
    static final ContainerRef CART = deployment("aks-weu-1", "shop", "cart");

    private Recommendations() {
    }

    static ContainerRef deployment(String cluster, String namespace, String workload) {
        return new ContainerRef(cluster, namespace, "Deployment", workload, "app");
    }

    /** Requests of {@code cpuCores}/{@code memoryMiB}, recommended {@code toCpuCores}/{@code toMemoryMiB}. */
    static RightsizingRecommendation of(ContainerRef container, RightsizingStatus status, List<RiskReason> risks,
                                        double cpuCores, double toCpuCores, long memoryMiB, long toMemoryMiB,
                                        String monthlySavings) {
        return of(container, status, risks, new ResourceSettings(cpuCores, null, memoryMiB * MIB, memoryMiB * MIB),
                new ResourceSettings(toCpuCores, null, toMemoryMiB * MIB, toMemoryMiB * 12 / 10 * MIB), null, monthlySavings, AT);
    }

    static RightsizingRecommendation of(ContainerRef container, RightsizingStatus status, List<RiskReason> risks,
                                        ResourceSettings current, ResourceSettings recommended, Double cpuThrottledRatio,
                                        String monthlySavings, Instant computedAt) {
        BigDecimal savings = new BigDecimal(monthlySavings);
        BigDecimal recommendedCost = new BigDecimal("20.00");
        return new RightsizingRecommendation(container, computedAt, status, risks, current, recommended,
                0.9, null, 0.9, null, null, risks.contains(RiskReason.OOM_KILLS) ? 4 : 0, cpuThrottledRatio, 1.0, 192.0,
                11_520, 2, recommendedCost.add(savings), recommendedCost, savings, "EUR", RightsizingStrategy.VPA, PriceSource.CONFIGURED);
    }

    static RightsizingRecommendation over(ContainerRef container, String monthlySavings) {
        return of(container, RightsizingStatus.OVER_PROVISIONED, List.of(), 2.0, 0.5, 4096, 1024, monthlySavings);
    }

    static RightsizingRecommendation notEnoughData(ContainerRef container) {
        return of(container, RightsizingStatus.NOT_ENOUGH_DATA, List.of(), new ResourceSettings(1.0, null, 512 * MIB, null),
                ResourceSettings.none(), null, "0", AT);
    }
}
