package dev.tally.jobs.ingesthealth;

import dev.tally.common.deadletter.SourcePosition;
import java.time.Instant;

/** Samples of one content type that one cluster sent for one UTC hour, from one record. */
public record SampleCount(String cluster, String contentType, Instant hour, long samples, SourcePosition position) {

    /** The key that samples are summed under: one row of {@code ingest_samples_hourly}. */
    public String rowKey() {
        return cluster + "|" + contentType + "|" + hour.getEpochSecond();
    }
}
