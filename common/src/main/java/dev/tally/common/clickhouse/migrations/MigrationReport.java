package dev.tally.common.clickhouse.migrations;

import java.util.List;

/** What one run of the migrations did: the files it applied and those already in place. */
public record MigrationReport(String database, List<Migration> applied, List<Migration> alreadyApplied) {
    public MigrationReport {
        applied = List.copyOf(applied);
        alreadyApplied = List.copyOf(alreadyApplied);
    }

    public int schemaVersion() {
        int newestApplied = applied.isEmpty() ? 0 : applied.get(applied.size() - 1).version();
        int newestBefore = alreadyApplied.isEmpty() ? 0 : alreadyApplied.get(alreadyApplied.size() - 1).version();
        return Math.max(newestApplied, newestBefore);
    }
}
