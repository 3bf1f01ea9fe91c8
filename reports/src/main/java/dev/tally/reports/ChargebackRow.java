package dev.tally.reports;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * One row of {@code cost_allocation_daily_latest} as the report reads it: a day's cost of one
 * workload (or bucket) × cost category × currency. Column meanings: docs/allocation.md.
 */
public record ChargebackRow(LocalDate day, LocalDate billingPeriod, String cluster, String namespace, String workloadKind,
                            String workloadName, String category, String currency, BigDecimal billedCost,
                            BigDecimal effectiveCost, String team, String costCenter, String ownerSource, String method,
                            String policies, boolean estimated, long allocationVersion) {

    /** The allocation's buckets: cost no workload received (FOCUS: the unallocated remainder). */
    public boolean bucket() {
        return namespace.startsWith("__") && namespace.endsWith("__");
    }
}
