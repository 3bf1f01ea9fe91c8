package dev.tally.local.clickhouse;

/**
 * The local ClickHouse endpoint could not be started. The message is the one line that says why
 * (as the server printed it, e.g. "port 8123 is already in use: …"), fit to show a user as is.
 */
public class LocalClickHouseException extends RuntimeException {

    public LocalClickHouseException(String message) {
        super(message);
    }

    public LocalClickHouseException(String message, Throwable cause) {
        super(message, cause);
    }
}
