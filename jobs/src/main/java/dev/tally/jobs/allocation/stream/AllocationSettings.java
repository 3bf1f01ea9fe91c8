package dev.tally.jobs.allocation.stream;

import dev.tally.jobs.allocation.day.AllocationPolicy;
import java.io.Serializable;
import java.time.Duration;

/**
 * The allocation job's configuration.
 *
 * @param policy       the allocation policies, recorded on every row
 * @param listPrices   prices for estimates before a day's export arrives
 * @param costDataset  the one export dataset to allocate (e.g. {@code AmortizedCost}): each dataset carries
 *                     both billed and effective cost, so two of them would count the invoice twice; empty = every dataset
 * @param tagKeys      the tags naming the team, namespace and cost center of resources outside clusters
 * @param quietPeriod  how long a cluster-day's inputs stay unchanged before it is recomputed (one
 *                     recomputation for a burst of rows, not one per row)
 */
public record AllocationSettings(AllocationPolicy policy, ListPrices listPrices, String costDataset,
                                 AllocationInputReader.TagKeys tagKeys, Duration quietPeriod) implements Serializable {

    public static AllocationSettings defaults() {
        return new AllocationSettings(AllocationPolicy.defaults(), ListPrices.defaults(), "",
                AllocationInputReader.TagKeys.defaults(), Duration.ofSeconds(5));
    }

    public AllocationSettings withPolicy(AllocationPolicy p) {
        return new AllocationSettings(p, listPrices, costDataset, tagKeys, quietPeriod);
    }

    public AllocationSettings withListPrices(ListPrices p) {
        return new AllocationSettings(policy, p, costDataset, tagKeys, quietPeriod);
    }

    public AllocationSettings withCostDataset(String dataset) {
        return new AllocationSettings(policy, listPrices, dataset, tagKeys, quietPeriod);
    }

    public AllocationSettings withQuietPeriod(Duration d) {
        return new AllocationSettings(policy, listPrices, costDataset, tagKeys, d);
    }
}
