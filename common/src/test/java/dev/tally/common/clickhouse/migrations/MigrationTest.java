package dev.tally.common.clickhouse.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MigrationTest {

    @Test
    void aFileSplitsIntoItsStatementsWithPlaceholdersFilled() {
        Migration migration = Migration.of("V0007__two_tables.sql", """
                -- a comment before the first statement
                CREATE TABLE ${database}.a (x UInt8) ENGINE = Memory;

                -- the second; a semicolon inside a string stays: ';'
                CREATE TABLE ${database}.b (s String DEFAULT ';') ENGINE = Memory;
                -- trailing comment only
                """);

        assertThat(migration.version()).isEqualTo(7);
        assertThat(migration.name()).isEqualTo("two_tables");
        assertThat(migration.statements(Map.of("database", "t1"))).containsExactly(
                "-- a comment before the first statement\nCREATE TABLE t1.a (x UInt8) ENGINE = Memory",
                "-- the second; a semicolon inside a string stays: ';'\nCREATE TABLE t1.b (s String DEFAULT ';') ENGINE = Memory");
    }

    @Test
    void theChecksumIsOfTheFileAsWrittenSoItDoesNotDependOnTheDatabase() {
        Migration a = Migration.of("V0001__x.sql", "SELECT 1 FROM ${database}.t;");
        Migration b = Migration.of("V0001__x.sql", "SELECT 1 FROM ${database}.t;");
        Migration changed = Migration.of("V0001__x.sql", "SELECT 2 FROM ${database}.t;");

        assertThat(a.checksum()).hasSize(64).isEqualTo(b.checksum()).isNotEqualTo(changed.checksum());
    }

    @Test
    void anUnknownPlaceholderNamesTheFileAndTheKnownOnes() {
        Migration migration = Migration.of("V0002__y.sql", "SELECT ${nope};");

        assertThatThrownBy(() -> migration.statements(Map.of("database", "tally")))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("V0002__y.sql uses ${nope}")
                .hasMessageContaining("database");
    }

    @Test
    void aBadFileNameIsRefusedWithTheExpectedPattern() {
        assertThatThrownBy(() -> Migration.of("create_tables.sql", "SELECT 1;"))
                .isInstanceOf(MigrationException.class)
                .hasMessage("migration file name create_tables.sql does not match V<4 digits>__<lower_snake_name>.sql");
    }

    @Test
    void theBundledCatalogIsInVersionOrderAndEveryFileFillsWithDefaultSettings() {
        List<Migration> bundled = MigrationCatalog.bundled();

        assertThat(bundled).isNotEmpty();
        for (int i = 0; i < bundled.size(); i++) {
            assertThat(bundled.get(i).version()).isEqualTo(i + 1);
            assertThat(bundled.get(i).statements(MigrationSettings.defaults().placeholders())).isNotEmpty();
        }
        assertThat(bundled.get(0).fileName()).isEqualTo("V0001__ingest_samples_hourly.sql");
    }

    @Test
    void aDatabaseNameThatIsNotAnIdentifierIsRefusedBeforeAnySqlIsSent() {
        assertThatThrownBy(() -> SchemaMigrations.bundled(MigrationSettings.defaults().withDatabase("x; DROP")))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("'x; DROP' is not a plain identifier");
    }
}
