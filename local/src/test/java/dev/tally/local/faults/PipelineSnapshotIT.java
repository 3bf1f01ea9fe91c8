package dev.tally.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.local.clickhouse.TestClickHouse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The fault tests' yardstick: two runs that wrote the same numbers compare equal, one cent apart does not. */
class PipelineSnapshotIT {

    @Test
    void aRewriteOfTheSameNumbersIsTheSameAndOneCentMoreIsNamed() throws SQLException {
        ClickHouseUrl uninterrupted = TestClickHouse.migratedDatabase("snapshot_a");
        ClickHouseUrl faulted = TestClickHouse.migratedDatabase("snapshot_b");
        allocate(uninterrupted, "12.34", 1);
        // The faulted run wrote the same day twice (a replay after a restore): a newer version, same numbers.
        allocate(faulted, "12.34", 1);
        allocate(faulted, "12.34", 2);

        PipelineSnapshot expected = PipelineSnapshot.of(uninterrupted);
        assertThat(expected.rowCount("cost_allocation_daily_latest")).isEqualTo(1);
        expected.assertSameAs(PipelineSnapshot.of(faulted), "a replay");

        allocate(faulted, "12.35", 3);
        assertThatThrownBy(() -> expected.assertSameAs(PipelineSnapshot.of(faulted), "a cent too many"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("a cent too many")
                .hasMessageContaining("cost_allocation_daily_latest: 1 rows expected, 1 found")
                .hasMessageContaining("billed_cost=12.34")
                .hasMessageContaining("billed_cost=12.35");
    }

    private static void allocate(ClickHouseUrl database, String billed, int version) throws SQLException {
        try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO " + database.database() + ".cost_allocation_daily"
                    + " (day, cluster, namespace, workload_kind, workload_name, category, currency, billed_cost,"
                    + " effective_cost, team, cost_center, owner_source, method, policies, estimated, billing_period, version)"
                    + " VALUES ('2026-11-01', 'aks-a', 'shop', 'Deployment', 'cart', 'COMPUTE', 'EUR', " + billed
                    + ", 10, 'checkout', 'CC-1', 'catalog', 'max(request, usage)', 'idle=none', 0, '2026-11-01', " + version + ")");
        }
    }
}
