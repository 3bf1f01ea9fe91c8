package dev.tally.common.clickhouse.migrations;

/** A migration could not be read or applied; the message names the file and the cause. */
public class MigrationException extends RuntimeException {
    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
