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
 * @param keepAfterMonth how long after the end of its month a cluster-day (and a billing period's run
 *                     directory) is kept, by the job's clock (the newest data's day): then its state is
 *                     dropped and later rows for it are dead letters ({@link DayRetention}); default 15 days:
 *                     costs are restated until month end and the month's invoice closes in the first days of the next
 */
public record AllocationSettings(AllocationPolicy policy, ListPrices listPrices, String costDataset,
                                 AllocationInputReader.TagKeys tagKeys, Duration quietPeriod, Duration keepAfterMonth)
        implements Serializable {

    public static AllocationSettings defaults() {
        return new AllocationSettings(AllocationPolicy.defaults(), ListPrices.defaults(), "",
                AllocationInputReader.TagKeys.defaults(), Duration.ofSeconds(5), Duration.ofDays(15));
    }

    public AllocationSettings withKeepAfterMonth(Duration d) {
        return new AllocationSettings(policy, listPrices, costDataset, tagKeys, quietPeriod, d);
    }

    public DayRetention retention() {
        return new DayRetention(keepAfterMonth);
    }

    public AllocationSettings withPolicy(AllocationPolicy p) {
        return new AllocationSettings(p, listPrices, costDataset, tagKeys, quietPeriod, keepAfterMonth);
    }

    public AllocationSettings withListPrices(ListPrices p) {
        return new AllocationSettings(policy, p, costDataset, tagKeys, quietPeriod, keepAfterMonth);
    }

    public AllocationSettings withCostDataset(String dataset) {
        return new AllocationSettings(policy, listPrices, dataset, tagKeys, quietPeriod, keepAfterMonth);
    }

    public AllocationSettings withQuietPeriod(Duration d) {
        return new AllocationSettings(policy, listPrices, costDataset, tagKeys, d, keepAfterMonth);
    }
}
