package dev.tally.local.fleet.truth;

/** Log records and their body bytes (UTF-8) written in one hour, by record timestamp. */
public record LogVolume(long records, long bytes) {

    public LogVolume plus(LogVolume other) {
        return new LogVolume(records + other.records, bytes + other.bytes);
    }
}
