package dev.tally.jobs.usage.rows;

import dev.tally.jobs.clickhouse.ClickHouseTable;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

/** {@code volume_hourly} (migration V0003). */
public final class VolumeHourlyTable implements ClickHouseTable<VolumeHourly> {
    @Override
    public String name() {
        return "volume_hourly";
    }

    @Override
    public List<String> columns() {
        return List.of("hour", "cluster", "namespace", "claim", "volume", "storage_class", "csi_driver",
                "disk_resource_id", "requested_bytes", "capacity_bytes", "seconds_present", "version");
    }

    @Override
    public void bind(PreparedStatement s, VolumeHourly r) throws SQLException {
        s.setTimestamp(1, Timestamp.from(r.hour()));
        s.setString(2, r.cluster());
        s.setString(3, r.namespace());
        s.setString(4, r.claim());
        s.setString(5, r.volume());
        s.setString(6, r.storageClass());
        s.setString(7, r.csiDriver());
        s.setString(8, r.diskResourceId());
        s.setDouble(9, r.requestedBytes());
        s.setDouble(10, r.capacityBytes());
        s.setBigDecimal(11, r.secondsPresent());
        s.setLong(12, r.version());
    }
}
