package dev.tally.reports;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One row of {@code cost_allocation_daily_latest} as the report reads it: a day's cost of one
 * workload (or bucket) × cost category × currency × invoice resource. Column meanings: docs/allocation.md.
 *
 * @param resourceId   the invoice resource the money came from (the export's ResourceId); empty when unknown
 *                     (rows allocated before the allocation kept it)
 * @param subAccountId its subscription (the export's SubAccountId); empty when unknown
 * @param listCost     the cost at list prices (FOCUS ListCost); null when the export has none
 */
public record ChargebackRow(LocalDate day, LocalDate billingPeriod, String cluster, String namespace, String workloadKind,
                            String workloadName, String category, String currency, BigDecimal billedCost,
                            BigDecimal effectiveCost, String team, String costCenter, String ownerSource, String method,
                            String policies, boolean estimated, long allocationVersion,
                            String resourceId, String subAccountId, BigDecimal listCost) {

    /** The allocation's buckets: cost no workload received (FOCUS: the unallocated remainder). */
    public boolean bucket() {
        return namespace.startsWith("__") && namespace.endsWith("__");
    }
}
