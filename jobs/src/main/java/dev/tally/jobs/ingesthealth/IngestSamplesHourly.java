package dev.tally.jobs.ingesthealth;

import java.time.Instant;

/**
 * A row of {@code ingest_samples_hourly}: the running total of samples for one cluster,
 * content type and hour. {@code version} equals {@code samples}: totals only grow, so the
 * highest version is the newest and a replayed row replaces itself.
 */
public record IngestSamplesHourly(Instant hour, String cluster, String contentType, long samples) {
    public long version() {
        return samples;
    }
}
