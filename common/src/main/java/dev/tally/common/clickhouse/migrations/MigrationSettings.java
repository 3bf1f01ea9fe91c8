package dev.tally.common.clickhouse.migrations;

import java.util.Map;

/**
 * What the migration files may refer to as {@code ${name}}, and where the schema goes.
 *
 * @param database              the database Tally's tables live in (default {@code tally})
 * @param retentionUsageMonths  TTL of hourly usage tables (default 13: year-over-year needs 13)
 * @param retentionCostMonths   TTL of cost and allocation tables (default 25)
 * @param cluster               the ClickHouse cluster (as the server's {@code remote_servers} names it) whose
 *                              replicas share the schema and the rows, or empty for one server (default).
 *                              With a cluster, the database is created on every replica with the
 *                              {@code Replicated} engine, and the tables become Replicated*MergeTree
 *                              ({@link ReplicatedEngines})
 */
public record MigrationSettings(String database, int retentionUsageMonths, int retentionCostMonths, String cluster) {
    public static final String DEFAULT_DATABASE = dev.tally.common.clickhouse.ClickHouseUrl.DEFAULT_DATABASE;
    /** The environment variable naming {@link #cluster()}, read by {@code tally migrate} (the deploy's migrations Job sets it). */
    public static final String CLUSTER_ENV = "TALLY_CLICKHOUSE_CLUSTER";

    public MigrationSettings {
        cluster = cluster == null ? "" : cluster.strip();
    }

    public static MigrationSettings defaults() {
        return new MigrationSettings(DEFAULT_DATABASE, 13, 25, "");
    }

    public MigrationSettings withDatabase(String newDatabase) {
        return new MigrationSettings(newDatabase, retentionUsageMonths, retentionCostMonths, cluster);
    }

    /** Another TTL of the cost and allocation tables: ClickHouse drops a row whose day is older as it is written. */
    public MigrationSettings withRetentionCostMonths(int months) {
        return new MigrationSettings(database, retentionUsageMonths, months, cluster);
    }

    public MigrationSettings withCluster(String newCluster) {
        return new MigrationSettings(database, retentionUsageMonths, retentionCostMonths, newCluster);
    }

    public boolean replicated() {
        return !cluster.isEmpty();
    }

    public Map<String, String> placeholders() {
        return Map.of(
                "database", database,
                "retention_usage_months", Integer.toString(retentionUsageMonths),
                "retention_cost_months", Integer.toString(retentionCostMonths));
    }
}
