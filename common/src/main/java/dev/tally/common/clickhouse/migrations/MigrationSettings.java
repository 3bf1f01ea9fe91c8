package dev.tally.common.clickhouse.migrations;

import java.util.Map;

/**
 * What the migration files may refer to as {@code ${name}}.
 *
 * @param database              the database Tally's tables live in (default {@code tally})
 * @param retentionUsageMonths  TTL of hourly usage tables (default 13: year-over-year needs 13)
 * @param retentionCostMonths   TTL of cost and allocation tables (default 25)
 */
public record MigrationSettings(String database, int retentionUsageMonths, int retentionCostMonths) {
    public static final String DEFAULT_DATABASE = dev.tally.common.clickhouse.ClickHouseUrl.DEFAULT_DATABASE;

    public static MigrationSettings defaults() {
        return new MigrationSettings(DEFAULT_DATABASE, 13, 25);
    }

    public MigrationSettings withDatabase(String newDatabase) {
        return new MigrationSettings(newDatabase, retentionUsageMonths, retentionCostMonths);
    }

    public Map<String, String> placeholders() {
        return Map.of(
                "database", database,
                "retention_usage_months", Integer.toString(retentionUsageMonths),
                "retention_cost_months", Integer.toString(retentionCostMonths));
    }
}
