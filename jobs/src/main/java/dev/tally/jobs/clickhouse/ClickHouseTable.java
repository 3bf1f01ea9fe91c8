package dev.tally.jobs.clickhouse;

import java.io.Serializable;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * How rows of type {@code T} go into one ClickHouse table: the INSERT statement and how one
 * row binds to its parameters. Tables written by jobs must be idempotent under replay
 * (ReplacingMergeTree with a deterministic version), since the sink is at-least-once.
 */
public interface ClickHouseTable<T> extends Serializable {

    /** The table's name, unqualified; the sink qualifies it with the configured database. */
    String name();

    /** Column names in the order {@link #bind} sets them. */
    java.util.List<String> columns();

    void bind(PreparedStatement statement, T row) throws SQLException;

    default String insertSql(String database) {
        String columnList = String.join(", ", columns());
        String params = String.join(", ", java.util.Collections.nCopies(columns().size(), "?"));
        return "INSERT INTO " + database + "." + name() + " (" + columnList + ") VALUES (" + params + ")";
    }
}
