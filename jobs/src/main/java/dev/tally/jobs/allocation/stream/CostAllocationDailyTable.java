package dev.tally.jobs.allocation.stream;

import dev.tally.jobs.clickhouse.ClickHouseTable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** {@code cost_allocation_daily} (migration V0005). */
public final class CostAllocationDailyTable implements ClickHouseTable<CostAllocationDaily> {
    @Override
    public String name() {
        return "cost_allocation_daily";
    }

    @Override
    public List<String> columns() {
        return List.of("day", "cluster", "namespace", "workload_kind", "workload_name", "category", "currency",
                "billed_cost", "effective_cost", "team", "cost_center", "owner_source", "method", "policies",
                "estimated", "billing_period", "version");
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
        s.setBigDecimal(8, r.billedCost());
        s.setBigDecimal(9, r.effectiveCost());
        s.setString(10, r.team());
        s.setString(11, r.costCenter());
        s.setString(12, r.ownerSource());
        s.setString(13, r.method());
        s.setString(14, r.policies());
        s.setInt(15, r.estimated() ? 1 : 0);
        s.setString(16, r.billingPeriod().toString());
        s.setLong(17, r.version());
    }
}
