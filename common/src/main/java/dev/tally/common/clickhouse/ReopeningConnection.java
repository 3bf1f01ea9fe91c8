package dev.tally.common.clickhouse;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A JDBC connection to ClickHouse opened on first use and dropped after a failure, so the next
 * attempt (a retry, the next batch) starts on a fresh one. Not thread-safe: one per writer.
 */
public final class ReopeningConnection implements AutoCloseable {
    private final ClickHouseUrl url;
    private Connection connection;

    public ReopeningConnection(ClickHouseUrl url) {
        this.url = url;
    }

    public Connection get() throws SQLException {
        if (connection == null) {
            connection = url.open();
        }
        return connection;
    }

    /** Drops the connection after a failure; the next {@link #get()} opens a new one. */
    public void reset() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the connection is being replaced because it failed; its close error adds nothing
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        reset();
    }
}
