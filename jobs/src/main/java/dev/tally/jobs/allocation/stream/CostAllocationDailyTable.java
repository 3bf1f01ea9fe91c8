package dev.tally.jobs.allocation.stream;

import dev.tally.jobs.clickhouse.ClickHouseTable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** {@code cost_allocation_daily} (migrations V0006, V0009). */
public final class CostAllocationDailyTable implements ClickHouseTable<CostAllocationDaily> {
    @Override
    public String name() {
        return "cost_allocation_daily";
    }

    @Override
    public List<String> columns() {
        return List.of("day", "cluster", "namespace", "workload_kind", "workload_name", "category", "currency",
                "resource_id", "sub_account_id", "billed_cost", "effective_cost", "list_cost", "team", "cost_center", "owner_source", "method", "policies",
                "estimated", "billing_period", "version", "origin_kept");
    }

    @Override
    public void bind(PreparedStatement s, CostAllocationDaily r) throws SQLException {
        s.setString(1, r.day().toString());
        s.setString(2, r.cluster());
        s.setString(3, r.namespace());
        s.setString(4, r.workloadKind());
        s.setString(5, r.workloadName());
        s.setString(6, r.category());
        s.setString(7, r.currency());
        s.setString(8, r.resourceId());
        s.setString(9, r.subAccountId());
        s.setBigDecimal(10, r.billedCost());
        s.setBigDecimal(11, r.effectiveCost());
        if (r.listCost() == null) {
            s.setNull(12, Types.DECIMAL);
        } else {
            s.setBigDecimal(12, r.listCost());
        }
        s.setString(13, r.team());
        s.setString(14, r.costCenter());
        s.setString(15, r.ownerSource());
        s.setString(16, r.method());
        s.setString(17, r.policies());
        s.setInt(18, r.estimated() ? 1 : 0);
        s.setString(19, r.billingPeriod().toString());
        s.setLong(20, r.version());
        s.setInt(21, 1); // every row of this job names its origin (V0009: preferred over older rows of the same version)
    }
}
