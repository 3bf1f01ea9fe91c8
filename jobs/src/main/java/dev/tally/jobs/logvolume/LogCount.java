package dev.tally.jobs.logvolume;

import dev.tally.common.deadletter.SourcePosition;
import java.time.Instant;

/** Log records and their body bytes for one row of {@code log_usage_hourly}, from one Kafka record. */
public record LogCount(String cluster, String namespace, String workloadKind, String workloadName, Instant hour,
                       long records, long bytes, SourcePosition position) {

    /** The key that counts are summed under: one row of {@code log_usage_hourly}. */
    public String rowKey() {
        return cluster + "|" + namespace + "|" + workloadKind + "|" + workloadName + "|" + hour.getEpochSecond();
    }
}
