package dev.tally.local.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.Migration;
import dev.tally.common.clickhouse.migrations.MigrationException;
import dev.tally.common.clickhouse.migrations.MigrationReport;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.common.clickhouse.migrations.SchemaMigrations;
import dev.tally.local.clickhouse.TestClickHouse;
import java.sql.Connection;
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
                    .containsExactly("V0001__ingest_samples_hourly.sql", "V0002__log_usage_hourly.sql", "V0003__usage.sql");
            assertThat(again.applied()).isEmpty();
            assertThat(again.alreadyApplied()).hasSize(3);
            assertThat(strings(c, "SELECT name FROM system.tables WHERE database = '" + settings.database() + "' ORDER BY name"))
                    .containsExactly("ingest_samples_hourly", "ingest_samples_hourly_latest", "log_usage_hourly",
                            "log_usage_hourly_latest", "node_hourly", "node_hourly_latest", "schema_migrations",
                            "usage_hourly", "usage_hourly_latest", "usage_workload_hourly_latest", "volume_hourly",
                            "volume_hourly_latest");
            assertThat(strings(c, "SELECT concat(toString(version), ' ', name) FROM " + settings.database() + ".schema_migrations ORDER BY version"))
                    .containsExactly("1 ingest_samples_hourly", "2 log_usage_hourly", "3 usage");
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
