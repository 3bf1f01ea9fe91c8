package dev.tally.local.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.Migration;
import dev.tally.common.clickhouse.migrations.MigrationException;
import dev.tally.common.clickhouse.migrations.MigrationReport;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.common.clickhouse.migrations.ReplicatedEngines;
import dev.tally.common.clickhouse.migrations.SchemaMigrations;
import dev.tally.local.clickhouse.TestClickHouse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The schema migrations against ClickHouse through the JDBC driver. */
class SchemaMigrationsIT {

    @Test
    void theBundledSchemaAppliesToAFreshDatabaseAndRecordsEachFile() throws Exception {
        MigrationSettings settings = freshDatabase();
        try (Connection c = TestClickHouse.server().open()) {
            MigrationReport first = SchemaMigrations.bundled(settings).apply(c);
            MigrationReport again = SchemaMigrations.bundled(settings).apply(c);

            assertThat(first.applied()).extracting(Migration::fileName)
                    .containsExactly("V0001__ingest_samples_hourly.sql", "V0002__log_usage_hourly.sql", "V0003__usage.sql",
                            "V0004__cost_exports.sql", "V0005__rightsizing_recommendations.sql", "V0006__cost_allocation.sql",
                            "V0007__report_versions.sql",
                            "V0008__rightsizing_price_source.sql", "V0009__cost_allocation_origin.sql");
            assertThat(again.applied()).isEmpty();
            assertThat(again.alreadyApplied()).hasSize(9);
            assertThat(strings(c, "SELECT name FROM system.tables WHERE database = '" + settings.database() + "' ORDER BY name"))
                    .containsExactly("catalog_ownership", "catalog_ownership_latest", "cost_allocation_daily",
                            "cost_allocation_daily_latest", "cost_export_runs", "cost_export_runs_latest", "cost_line_items", "cost_line_items_current",
                            "ingest_samples_hourly", "ingest_samples_hourly_latest", "log_usage_hourly",
                            "log_usage_hourly_latest", "node_hourly", "node_hourly_latest", "report_versions",
                            "rightsizing_recommendations", "rightsizing_recommendations_latest", "schema_migrations",
                            "usage_hourly", "usage_hourly_latest", "usage_workload_hourly_latest", "volume_hourly",
                            "volume_hourly_latest");
            assertThat(strings(c, "SELECT concat(toString(version), ' ', name) FROM " + settings.database() + ".schema_migrations ORDER BY version"))
                    .containsExactly("1 ingest_samples_hourly", "2 log_usage_hourly", "3 usage", "4 cost_exports",
                            "5 rightsizing_recommendations", "6 cost_allocation", "7 report_versions", "8 rightsizing_price_source",
                            "9 cost_allocation_origin");
        }
    }

    @Test
    void theLatestViewShowsTheHighestVersionOfARowWrittenTwice() throws Exception {
        MigrationSettings settings = freshDatabase();
        try (Connection c = TestClickHouse.server().open(); Statement s = c.createStatement()) {
            SchemaMigrations.bundled(settings).apply(c);
            String table = settings.database() + ".ingest_samples_hourly";
            s.execute("INSERT INTO " + table + " VALUES ('2026-11-20 10:00:00', 'aks-prod-weu', 'rw', 120, 120)");
            s.execute("INSERT INTO " + table + " VALUES ('2026-11-20 10:00:00', 'aks-prod-weu', 'rw', 240, 240)");
            s.execute("INSERT INTO " + table + " VALUES ('2026-11-20 10:00:00', 'aks-prod-weu', 'rw', 120, 120)");

            assertThat(strings(c, "SELECT toString(samples) FROM " + settings.database() + ".ingest_samples_hourly_latest"))
                    .containsExactly("240");
        }
    }

    @Test
    void costAllocationDailyCurrentShowsOnlyTheNewestComputationOfEachClusterDay() throws Exception {
        MigrationSettings settings = freshDatabase();
        String db = settings.database();
        try (Connection c = TestClickHouse.server().open(); Statement s = c.createStatement()) {
            SchemaMigrations.bundled(settings).apply(c);
            String rows = "INSERT INTO " + db + ".cost_allocation_daily (day, cluster, namespace, workload_kind, workload_name, "
                    + "category, currency, billed_cost, effective_cost, team, estimated, billing_period, version) VALUES ";
            // version 3: two workloads, estimated; version 7 (the export arrived): only one of them had cost
            s.execute(rows + "('2026-01-30', 'aks-a', 'shop', 'Deployment', 'web', 'COMPUTE', 'EUR', 1.5, 1.5, 'red', 1, '2026-01-01', 3),"
                    + "('2026-01-30', 'aks-a', 'batch', 'Job', 'nightly', 'COMPUTE', 'EUR', 2, 2, 'blue', 1, '2026-01-01', 3),"
                    + "('2026-01-30', 'aks-b', 'shop', 'Deployment', 'web', 'COMPUTE', 'EUR', 10, 10, 'red', 0, '2026-01-01', 2)");
            s.execute(rows + "('2026-01-30', 'aks-a', 'shop', 'Deployment', 'web', 'COMPUTE', 'EUR', 1.000000000000000000000001, 0.9, 'red', 0, '2026-01-01', 7)");
            // a replay of the old computation changes nothing
            s.execute(rows + "('2026-01-30', 'aks-a', 'batch', 'Job', 'nightly', 'COMPUTE', 'EUR', 2, 2, 'blue', 1, '2026-01-01', 3)");

            assertThat(strings(c, "SELECT concat(cluster, ' ', namespace, ' ', toString(billed_cost), ' ', toString(estimated)) FROM "
                    + db + ".cost_allocation_daily_latest ORDER BY cluster, namespace"))
                    .containsExactly("aks-a shop 1.000000000000000000000001 0", "aks-b shop 10 0");
        }
    }

    @Test
    void oneWorkloadDayCategoryChargedFromTwoResourcesKeepsBothRowsAndAnUnknownListCostStaysNull() throws Exception {
        try (Connection c = TestClickHouse.server().open(); Statement s = c.createStatement()) {
            String db = migratedDatabase(c);
            String rows = "INSERT INTO " + db + ".cost_allocation_daily (day, cluster, namespace, workload_kind, workload_name, "
                    + "category, currency, resource_id, sub_account_id, billed_cost, effective_cost, list_cost, team, estimated, "
                    + "billing_period, version) VALUES ";
            String vmss = "/subscriptions/s1/resourcegroups/mc_rg/providers/microsoft.compute/virtualmachinescalesets/aks-pool-1-vmss";
            String disk = "/subscriptions/s1/resourcegroups/mc_rg/providers/microsoft.compute/disks/aks-pool-1-vmss_0_osdisk_1";
            String row1 = "('2026-01-30', 'aks-a', 'shop', 'Deployment', 'web', 'COMPUTE', 'EUR', '" + vmss + "', '/subscriptions/s1', 7.25, 7, 9.5, 'red', 0, '2026-01-01', 4)";
            String row2 = "('2026-01-30', 'aks-a', 'shop', 'Deployment', 'web', 'COMPUTE', 'EUR', '" + disk + "', '/subscriptions/s1', 0.5, 0.5, NULL, 'red', 0, '2026-01-01', 4)";
            s.execute(rows + row1 + "," + row2);
            s.execute(rows + row1); // a replay of the same computation adds nothing
            s.execute("OPTIMIZE TABLE " + db + ".cost_allocation_daily FINAL");

            assertThat(strings(c, "SELECT concat(resource_id, ' ', toString(billed_cost), ' ', ifNull(toString(list_cost), 'NULL')) FROM "
                    + db + ".cost_allocation_daily_latest ORDER BY resource_id"))
                    .containsExactly(disk + " 0.5 NULL", vmss + " 7.25 9.5");
            assertThat(strings(c, "SELECT toString(sum(billed_cost)) FROM " + db + ".cost_allocation_daily_latest"))
                    .containsExactly("7.75");
        }
    }

    @Test
    void aReplayAfterTheOriginMigrationShowsOnlyTheNewRowsAtTheSameVersion() throws Exception {
        try (Connection c = TestClickHouse.server().open(); Statement s = c.createStatement()) {
            String db = migratedDatabase(c);
            // a row written before V0009 (no origin), then the same cluster-day recomputed by a replay up to the same version
            s.execute("INSERT INTO " + db + ".cost_allocation_daily (day, cluster, namespace, workload_kind, workload_name, category, "
                    + "currency, billed_cost, effective_cost, team, estimated, billing_period, version) VALUES "
                    + "('2026-01-30', 'aks-a', 'shop', 'Deployment', 'web', 'COMPUTE', 'EUR', 3, 3, 'red', 0, '2026-01-01', 9)");
            s.execute("INSERT INTO " + db + ".cost_allocation_daily (day, cluster, namespace, workload_kind, workload_name, category, "
                    + "currency, resource_id, sub_account_id, billed_cost, effective_cost, team, estimated, billing_period, version, "
                    + "origin_kept) VALUES "
                    + "('2026-01-30', 'aks-a', 'shop', 'Deployment', 'web', 'COMPUTE', 'EUR', '/subscriptions/s1/x/vmss', '/subscriptions/s1', "
                    + "2, 2, 'red', 0, '2026-01-01', 9, 1),"
                    + "('2026-01-30', 'aks-a', 'shop', 'Deployment', 'web', 'COMPUTE', 'EUR', '/subscriptions/s1/x/disk', '/subscriptions/s1', "
                    + "1, 1, 'red', 0, '2026-01-01', 9, 1)");

            assertThat(strings(c, "SELECT concat(resource_id, ' ', toString(billed_cost)) FROM " + db
                    + ".cost_allocation_daily_latest ORDER BY resource_id"))
                    .containsExactly("/subscriptions/s1/x/disk 1", "/subscriptions/s1/x/vmss 2");
        }
    }

    @Test
    void costLineItemsCurrentShowsOnlyTheNewestCompleteRunOfAPeriodAndFlipsWithOneRunRow() throws Exception {
        MigrationSettings settings = freshDatabase();
        String db = settings.database();
        try (Connection c = TestClickHouse.server().open(); Statement s = c.createStatement()) {
            SchemaMigrations.bundled(settings).apply(c);
            String items = "INSERT INTO " + db + ".cost_line_items (scope, dataset, run_id, import_id, source_file, source_line, "
                    + "billed_cost, effective_cost, billing_currency, charge_period_start, charge_period_end) VALUES ";
            String runs = "INSERT INTO " + db + ".cost_export_runs (scope, run_id, import_id, dataset, billing_period, status, "
                    + "produced_at, imported_at, version) VALUES ";
            s.execute(items + "('/s/1', 'AmortizedCost', 'r1', 'i1', 'a.csv', 2, 1.000000000000000000000001, 1, 'EUR', '2024-01-01', '2024-01-02')");
            s.execute(runs + "('/s/1', 'r1', 'i1', 'AmortizedCost', '20240101-20240131', 'complete', '2024-02-01 06:00:00', now64(3), 2)");
            // run 2 of the same period, rows written while it is importing: invisible
            s.execute(runs + "('/s/1', 'r2', 'i2', 'AmortizedCost', '20240101-20240131', 'importing', '2024-02-05 06:00:00', now64(3), 3)");
            s.execute(items + "('/s/1', 'AmortizedCost', 'r2', 'i2', 'b.csv', 2, 5, 5, 'EUR', '2024-01-01', '2024-01-02'),"
                    + "('/s/1', 'AmortizedCost', 'r2', 'i2', 'b.csv', 3, 7, 7, 'EUR', '2024-01-02', '2024-01-03')");
            String total = "SELECT toString(sum(billed_cost)) FROM " + db + ".cost_line_items_current";
            assertThat(strings(c, total)).containsExactly("1.000000000000000000000001");

            s.execute(runs + "('/s/1', 'r2', 'i2', 'AmortizedCost', '20240101-20240131', 'complete', '2024-02-05 06:00:00', now64(3), 4)");

            assertThat(strings(c, total)).as("one insert flips the period to run 2, before run 1 is marked superseded")
                    .containsExactly("12");
            // another period of the same scope is independent
            s.execute(items + "('/s/1', 'AmortizedCost', 'r3', 'i3', 'c.csv', 2, 100, 100, 'EUR', '2024-02-01', '2024-02-02')");
            s.execute(runs + "('/s/1', 'r3', 'i3', 'AmortizedCost', '20240201-20240229', 'complete', '2024-03-01 06:00:00', now64(3), 5)");
            assertThat(strings(c, total)).containsExactly("112");
            assertThat(strings(c, "SELECT toString(sum(billed_cost)) FROM " + db + ".cost_line_items"))
                    .as("every run stays in cost_line_items").containsExactly("113.000000000000000000000001");

            // 20 line items of 99,999,999,999,999.5 (the largest 14 integer digits): the view's sum is exact
            StringBuilder big = new StringBuilder(items);
            for (int line = 0; line < 20; line++) {
                big.append(line == 0 ? "" : ", ").append("('/s/2', 'FocusCost', 'r4', 'i4', 'd.csv', ").append(line + 2)
                        .append(", 99999999999999.5, 99999999999999.5, 'JPY', '2024-01-01', '2024-01-02')");
            }
            s.execute(big.toString());
            s.execute(runs + "('/s/2', 'r4', 'i4', 'FocusCost', '20240101-20240131', 'complete', '2024-02-01 06:00:00', now64(3), 6)");
            assertThat(strings(c, "SELECT toString(sum(billed_cost)) FROM " + db + ".cost_line_items_current WHERE scope = '/s/2'"))
                    .containsExactly("1999999999999990");
        }
    }

    @Test
    void anAppliedFileThatChangedIsRefusedNamingTheFile() throws Exception {
        MigrationSettings settings = freshDatabase();
        Migration original = Migration.of("V0001__notes.sql", "CREATE TABLE ${database}.notes (n String) ENGINE = Memory;");
        Migration edited = Migration.of("V0001__notes.sql", "CREATE TABLE ${database}.notes (n String, m String) ENGINE = Memory;");
        try (Connection c = TestClickHouse.server().open()) {
            new SchemaMigrations(List.of(original), settings).apply(c);

            assertThatThrownBy(() -> new SchemaMigrations(List.of(edited), settings).apply(c))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("V0001__notes.sql was applied to " + settings.database())
                    .hasMessageContaining("applied migrations must not change; add a new file instead");
        }
    }

    @Test
    void malformedSqlFailsWithTheFileNameAndClickHousesSyntaxError() throws Exception {
        MigrationSettings settings = freshDatabase();
        Migration broken = Migration.of("V0001__broken.sql", "CREATE TABLE ${database}.broken (n String ENGINE = Memory;");
        try (Connection c = TestClickHouse.server().open()) {
            assertThatThrownBy(() -> new SchemaMigrations(List.of(broken), settings).apply(c))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageStartingWith("V0001__broken.sql failed: ")
                    .hasMessageContaining("Syntax error");
            assertThat(strings(c, "SELECT count() FROM " + settings.database() + ".schema_migrations")).containsExactly("0");
        }
    }

    @Test
    void everyStatementOfTheReplicatedSchemaIsOneClickHouseParsesWithItsReplicatedEngine() throws Exception {
        // A Replicated database needs Keeper and a server's interserver port, which the local engine has not;
        // what it can check is that each statement sent there is valid ClickHouse with the engine meant.
        int tables = 0;
        try (Connection c = TestClickHouse.server().open();
             PreparedStatement format = c.prepareStatement("SELECT formatQuerySingleLine(?)")) {
            for (Migration migration : dev.tally.common.clickhouse.migrations.MigrationCatalog.bundled()) {
                for (String statement : migration.statements(MigrationSettings.defaults().placeholders())) {
                    format.setString(1, ReplicatedEngines.rewrite(statement));
                    try (ResultSet parsed = format.executeQuery()) {
                        assertThat(parsed.next()).isTrue();
                        String text = parsed.getString(1);
                        if (text.contains(" ENGINE = ")) {
                            assertThat(text).as(migration.fileName()).containsPattern(" ENGINE = Replicated(Replacing)?MergeTree\\b");
                            tables++;
                        }
                    }
                }
            }
        }
        assertThat(tables).isEqualTo(11);
    }

    @Test
    void migratingForAClusterSendsTheDatabaseOnClusterAndSaysWhyAServerWithoutThatClusterRefuses() throws Exception {
        MigrationSettings settings = freshDatabase().withCluster("tally");
        try (Connection c = TestClickHouse.server().open()) {
            assertThatThrownBy(() -> SchemaMigrations.bundled(settings).apply(c))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageStartingWith("creating database " + settings.database() + " on every replica of cluster tally failed: ")
                    .hasMessageNotContaining("Syntax error");
            assertThat(strings(c, "SELECT count() FROM system.databases WHERE name = '" + settings.database() + "'")).containsExactly("0");
        }
    }

    @Test
    void aSingleServerDatabaseIsNotTurnedIntoAReplicatedOneBehindTheOperatorsBack() throws Exception {
        MigrationSettings single = freshDatabase();
        try (Connection c = TestClickHouse.server().open()) {
            SchemaMigrations.bundled(single).apply(c);
            assertThatThrownBy(() -> SchemaMigrations.bundled(single.withCluster("tally")).apply(c))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("database " + single.database() + " exists with the engine Atomic, not Replicated")
                    .hasMessageContaining("TALLY_CLICKHOUSE_CLUSTER");
        }
    }

    /** A fresh database with the bundled schema applied; its name. */
    private static String migratedDatabase(Connection c) throws Exception {
        MigrationSettings settings = freshDatabase();
        SchemaMigrations.bundled(settings).apply(c);
        return settings.database();
    }

    private static MigrationSettings freshDatabase() {
        return MigrationSettings.defaults().withDatabase("it_schema_" + UUID.randomUUID().toString().replace("-", ""));
    }

    private static List<String> strings(Connection c, String query) throws Exception {
        List<String> values = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
