package dev.tally.jobs.usage.rows;

import dev.tally.jobs.clickhouse.ClickHouseTable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/** {@code node_hourly} (migration V0003). */
public final class NodeHourlyTable implements ClickHouseTable<NodeHourly> {
    @Override
    public String name() {
        return "node_hourly";
    }

    @Override
    public List<String> columns() {
        return List.of("hour", "cluster", "node", "node_pool", "vm_size", "vmss_resource_id", "provider_id",
                "capacity_cpu_cores", "capacity_memory_bytes", "allocatable_cpu_cores", "allocatable_memory_bytes",
                "seconds_present", "version");
    }

    @Override
    public void bind(PreparedStatement s, NodeHourly r) throws SQLException {
        s.setTimestamp(1, Timestamp.from(r.hour()));
        s.setString(2, r.cluster());
        s.setString(3, r.node());
        s.setString(4, r.nodePool());
        s.setString(5, r.vmSize());
        s.setString(6, r.vmssResourceId());
        s.setString(7, r.providerId());
        s.setDouble(8, r.capacityCpuCores());
        s.setDouble(9, r.capacityMemoryBytes());
        s.setDouble(10, r.allocatableCpuCores());
        s.setDouble(11, r.allocatableMemoryBytes());
        s.setBigDecimal(12, r.secondsPresent());
        s.setLong(13, r.version());
    }
}
