package dev.tally.jobs.rightsizing.prices;

import dev.tally.common.rightsizing.ContainerRef;
import java.io.Serializable;

/**
 * Where a container's prices come from. Today {@link ConfiguredPrices} (one price list from
 * configuration); the allocation job's per-cluster prices plug in here later, so that a
 * recommendation's money is the workload's allocated price in the billing currency.
 */
public interface PriceSource extends Serializable {

    ResourcePrices pricesFor(ContainerRef container);
}
