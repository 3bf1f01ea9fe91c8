package dev.tally.jobs.logvolume;

import java.time.Instant;

/**
 * A row of {@code log_usage_hourly}: the running totals of log records and body bytes of one
 * workload in one hour. {@code version} equals {@code records}: every record adds one, so the
 * highest version is the newest total and a replayed row replaces itself.
 */
public record LogUsageHourly(Instant hour, String cluster, String namespace, String workloadKind, String workloadName,
                             long records, long bytes) {
    public long version() {
        return records;
    }

    LogUsageHourly plus(LogCount count) {
        return new LogUsageHourly(hour, cluster, namespace, workloadKind, workloadName,
                records + count.records(), bytes + count.bytes());
    }

    static LogUsageHourly empty(LogCount count) {
        return new LogUsageHourly(count.hour(), count.cluster(), count.namespace(), count.workloadKind(),
                count.workloadName(), 0, 0);
    }
}
