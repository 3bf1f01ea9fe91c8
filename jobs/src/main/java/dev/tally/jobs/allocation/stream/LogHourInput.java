package dev.tally.jobs.allocation.stream;

/**
 * A log row of {@code tally.usage.v1} ({@code row_kind} {@code log}, the log volume job's
 * {@code log_usage_hourly} running totals): one workload's log body bytes in one hour. The newest
 * {@code version} (the running record count) is the hour's total.
 */
public record LogHourInput(String id, long hourEpochSecond, String namespace, String workloadKind, String workloadName,
                           long bytes, long version) {
}
