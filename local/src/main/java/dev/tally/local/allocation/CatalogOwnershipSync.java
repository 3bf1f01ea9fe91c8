package dev.tally.local.allocation;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.ingest.catalog.CatalogOwnership;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code catalog_ownership} (docs/allocation.md): one row per workload that
 * {@code usage_hourly} has seen, resolved through the catalog ({@link CatalogOwnerLookup}), every
 * row of one sync with the sync's time as version, so a reloaded catalog replaces the previous
 * answers and {@code catalog_ownership_latest} shows the newest.
 */
public final class CatalogOwnershipSync {

    private CatalogOwnershipSync() {
    }

    /** @return the rows written: one per workload */
    public static List<CatalogOwnership> write(ClickHouseUrl clickHouse, CatalogOwnerLookup owners, Instant loadedAt)
            throws SQLException {
        String db = clickHouse.database();
        List<CatalogOwnership> rows = new ArrayList<>();
        try (Connection c = clickHouse.open()) {
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT DISTINCT cluster, namespace, workload_kind, workload_name FROM " + db
                         + ".usage_hourly ORDER BY cluster, namespace, workload_kind, workload_name")) {
                while (r.next()) {
                    rows.add(owners.ownership(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
                }
            }
            if (rows.isEmpty()) {
                return rows;
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + db + ".catalog_ownership (cluster, namespace,"
                    + " workload_kind, workload_name, component, system, lifecycle, team, cost_center, component_match,"
                    + " team_source, loaded_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (CatalogOwnership o : rows) {
                    insert.setString(1, o.workload().cluster());
                    insert.setString(2, o.workload().namespace());
                    insert.setString(3, o.workload().kind());
                    insert.setString(4, o.workload().name());
                    insert.setString(5, o.component().map(Object::toString).orElse(""));
                    insert.setString(6, o.system().map(Object::toString).orElse(""));
                    insert.setString(7, o.lifecycle());
                    insert.setString(8, o.team());
                    insert.setString(9, o.costCenter());
                    insert.setString(10, o.match().name());
                    insert.setString(11, o.teamSource().name());
                    insert.setTimestamp(12, Timestamp.from(loadedAt));
                    insert.setLong(13, loadedAt.toEpochMilli());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        return rows;
    }
}
