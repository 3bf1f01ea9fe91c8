package dev.tally.jobs.allocation.stream;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A row of {@code cost_allocation_daily} (docs/allocation.md explains each column): one workload's
 * (or bucket's) cost in one category on one day of one cluster, in one currency.
 *
 * @param resourceId   the invoice resource the cost came from (the export's ResourceId); empty for log volume
 * @param subAccountId its subscription (the export's SubAccountId)
 * @param listCost     the cost at list prices (FOCUS ListCost); null when the export has none
 * @param method    the rule(s) that put the cost there
 * @param policies  the policies in force ({@code AllocationPolicy.describe()})
 * @param estimated true when priced from the list-price table because the day's export has not arrived
 * @param version   the cluster-day's computation: the count of input records the day had received (deterministic);
 *                  every row of one computation has the same version, the newest computation wins
 */
public record CostAllocationDaily(LocalDate day, String cluster, String namespace, String workloadKind,
                                  String workloadName, String category, String currency, String resourceId,
                                  String subAccountId, BigDecimal billedCost, BigDecimal effectiveCost,
                                  BigDecimal listCost, String team, String costCenter, String ownerSource,
                                  String method, String policies, boolean estimated, LocalDate billingPeriod,
                                  long version) implements Serializable {
}
