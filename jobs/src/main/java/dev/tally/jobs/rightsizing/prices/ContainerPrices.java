package dev.tally.jobs.rightsizing.prices;

import dev.tally.common.rightsizing.PriceSource;

/** The prices one recommendation's money is at, and where they come from (its {@code priceSource}). */
public record ContainerPrices(ResourcePrices prices, PriceSource source) {
}
