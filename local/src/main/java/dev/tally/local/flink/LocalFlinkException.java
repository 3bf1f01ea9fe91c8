package dev.tally.local.flink;

/** The local Flink cluster could not start; the message is one line naming cause and fix. */
public class LocalFlinkException extends RuntimeException {
    public LocalFlinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
