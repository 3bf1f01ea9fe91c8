package dev.tally.jobs.rightsizing.prices;

import dev.tally.common.rightsizing.ContainerRef;
import java.util.Map;

/** One price list for every cluster, with optional per-cluster overrides, from configuration. */
public record ConfiguredPrices(ResourcePrices fallback, Map<String, ResourcePrices> byCluster) implements PriceSource {

    public ConfiguredPrices {
        byCluster = Map.copyOf(byCluster);
    }

    public static ConfiguredPrices of(ResourcePrices prices) {
        return new ConfiguredPrices(prices, Map.of());
    }

    @Override
    public ResourcePrices pricesFor(ContainerRef container) {
        return byCluster.getOrDefault(container.cluster(), fallback);
    }
}
