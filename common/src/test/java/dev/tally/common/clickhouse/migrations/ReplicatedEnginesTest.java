package dev.tally.common.clickhouse.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReplicatedEnginesTest {
    private static final Pattern ENGINE = Pattern.compile("(?i)\\bENGINE\\s*=\\s*([A-Za-z]+)(\\([^)]*\\))?");

    @Test
    void eachMergeTreeFamilyEngineBecomesItsReplicatedTwinWithItsOwnArguments() {
        assertThat(ReplicatedEngines.rewrite("CREATE TABLE t (a UInt8, version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY a"))
                .isEqualTo("CREATE TABLE t (a UInt8, version UInt64) ENGINE = ReplicatedReplacingMergeTree(version) ORDER BY a");
        assertThat(ReplicatedEngines.rewrite("CREATE TABLE t (a UInt8)\nengine=MergeTree\nORDER BY a"))
                .isEqualTo("CREATE TABLE t (a UInt8)\nengine=ReplicatedMergeTree\nORDER BY a");
        assertThat(ReplicatedEngines.rewrite("CREATE TABLE t (a UInt8) ENGINE = SummingMergeTree ORDER BY a"))
                .isEqualTo("CREATE TABLE t (a UInt8) ENGINE = ReplicatedSummingMergeTree ORDER BY a");
    }

    @Test
    void whatIsNotAMergeTreeEngineIsLeftAlone() {
        String view = "CREATE VIEW v AS SELECT merge_tree_engine, engine FROM system.tables WHERE engine = 'MergeTree'";
        assertThat(ReplicatedEngines.rewrite(view)).isEqualTo(view);
        assertThat(ReplicatedEngines.rewrite("CREATE TABLE t (a UInt8) ENGINE = Memory")).isEqualTo("CREATE TABLE t (a UInt8) ENGINE = Memory");
        String replicated = "CREATE TABLE t (a UInt8) ENGINE = ReplicatedReplacingMergeTree(version) ORDER BY a";
        assertThat(ReplicatedEngines.rewrite(replicated)).isEqualTo(replicated);
        assertThat(ReplicatedEngines.rewrite(ReplicatedEngines.rewrite(replicated))).isEqualTo(replicated);
    }

    @Test
    void everyTableOfTheBundledSchemaIsReplicatedAndKeepsItsVersionColumn() {
        int tables = 0;
        for (Migration migration : MigrationCatalog.bundled()) {
            for (String statement : migration.statements(MigrationSettings.defaults().placeholders())) {
                String rewritten = ReplicatedEngines.rewrite(statement);
                Matcher before = ENGINE.matcher(statement);
                Matcher after = ENGINE.matcher(rewritten);
                while (before.find()) {
                    assertThat(after.find()).as(migration.fileName()).isTrue();
                    assertThat(after.group(1)).as(migration.fileName()).isEqualTo("Replicated" + before.group(1));
                    assertThat(after.group(2)).as("the engine's arguments in " + migration.fileName()).isEqualTo(before.group(2));
                    tables++;
                }
                assertThat(after.find()).isFalse();
            }
        }
        // V0001..V0007 create 11 tables (MergeTree or ReplacingMergeTree); none is left on one replica.
        assertThat(tables).isEqualTo(11);
    }

    @Test
    void onlyTheReplicatedDatabaseEngineReplicates() {
        assertThat(ReplicatedEngines.isReplicatedDatabase("Replicated")).isTrue();
        assertThat(ReplicatedEngines.isReplicatedDatabase("Atomic")).isFalse();
        assertThat(ReplicatedEngines.isReplicatedDatabase("")).isFalse();
    }

    @Test
    void aDatabaseOnAClusterIsReplicatedUnderItsOwnKeeperPathWithEachServersMacros() {
        assertThat(ReplicatedEngines.createDatabaseOnCluster("tally_team", "tally")).isEqualTo("CREATE DATABASE IF NOT EXISTS tally_team "
                + "ON CLUSTER 'tally' ENGINE = Replicated('/clickhouse/databases/tally_team', '{shard}', '{replica}')");
        assertThat(ReplicatedEngines.onCluster("prod_2")).isEqualTo("ON CLUSTER 'prod_2'");
    }

    @Test
    void aClusterOrDatabaseNameThatIsNotPlainIsRefusedNamingIt() {
        assertThatThrownBy(() -> ReplicatedEngines.onCluster("tally' SETTINGS x = 1 --"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cluster name 'tally' SETTINGS x = 1 --' is not a plain identifier ([A-Za-z_][A-Za-z0-9_]*)");
        assertThatThrownBy(() -> ReplicatedEngines.onCluster("")).hasMessageContaining("cluster name ''");
        assertThatThrownBy(() -> ReplicatedEngines.createDatabaseOnCluster("tally', 'x", "tally"))
                .hasMessageContaining("database name 'tally', 'x'");
    }
}
