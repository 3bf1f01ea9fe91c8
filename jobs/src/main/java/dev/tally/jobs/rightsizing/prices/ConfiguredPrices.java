package dev.tally.jobs.rightsizing.prices;

import dev.tally.common.rightsizing.ContainerRef;
import java.io.Serializable;
import java.util.Map;

/**
 * One price list for every cluster, with optional per-cluster overrides, from configuration: the
 * fallback for a cluster whose allocated prices ({@link AllocatedPriceBook}) have not arrived yet.
 */
public record ConfiguredPrices(ResourcePrices fallback, Map<String, ResourcePrices> byCluster) implements Serializable {

    public ConfiguredPrices {
        byCluster = Map.copyOf(byCluster);
    }

    public static ConfiguredPrices of(ResourcePrices prices) {
        return new ConfiguredPrices(prices, Map.of());
    }

    public ResourcePrices pricesFor(ContainerRef container) {
        return byCluster.getOrDefault(container.cluster(), fallback);
    }
}
