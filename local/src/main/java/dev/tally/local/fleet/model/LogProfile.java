package dev.tally.local.fleet.model;

/**
 * How much a container writes to stdout/stderr: {@code recordsPerSecond} at peak traffic
 * (or constantly, if it does not follow traffic), lines of about {@code meanBytes}.
 */
public record LogProfile(double recordsPerSecond, int meanBytes, boolean followsTraffic, Format format) {

    public static final LogProfile NONE = new LogProfile(0, 0, false, Format.TEXT);

    /** Shape of a log line's body. */
    public enum Format { TEXT, JSON }

    public LogProfile {
        if (recordsPerSecond < 0 || meanBytes < 0) {
            throw new IllegalArgumentException("negative log volume");
        }
        if (recordsPerSecond > 0 && meanBytes < 120) {
            throw new IllegalArgumentException("meanBytes must be at least 120 (a log line's fixed prefix)");
        }
    }

    public static LogProfile text(double recordsPerSecond, int meanBytes) {
        return new LogProfile(recordsPerSecond, meanBytes, true, Format.TEXT);
    }

    public static LogProfile json(double recordsPerSecond, int meanBytes) {
        return new LogProfile(recordsPerSecond, meanBytes, true, Format.JSON);
    }

    /** A steady writer (e.g. an agent that logs on a timer). */
    public static LogProfile constant(double recordsPerSecond, int meanBytes) {
        return new LogProfile(recordsPerSecond, meanBytes, false, Format.TEXT);
    }

    public boolean writes() {
        return recordsPerSecond > 0;
    }
}
