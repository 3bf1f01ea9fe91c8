package dev.tally.jobs.telemetry;

/** A telemetry record that cannot be used; the message is the dead letter's reason. */
public class UnusableTelemetryException extends Exception {
    public UnusableTelemetryException(String message) {
        super(message);
    }

    public UnusableTelemetryException(String message, Throwable cause) {
        super(message, cause);
    }
}
