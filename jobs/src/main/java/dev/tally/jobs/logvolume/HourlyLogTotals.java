package dev.tally.jobs.logvolume;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.hourly.HourlyRunningTotals;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.util.OutputTag;

/** The running totals of log records and bytes per {@link LogCount#rowKey()}: a row of {@code log_usage_hourly}. */
public final class HourlyLogTotals extends HourlyRunningTotals<LogCount, LogUsageHourly> {

    public static final OutputTag<DeadLetter> TOO_LATE = new OutputTag<>("logs-too-late") { };

    public HourlyLogTotals(Duration earlyResultInterval, Duration lateness) {
        super(earlyResultInterval, lateness, LogUsageHourly.class, TOO_LATE);
    }

    @Override
    protected Instant hourOf(LogCount count) {
        return count.hour();
    }

    @Override
    protected LogUsageHourly emptyTotal(LogCount count) {
        return LogUsageHourly.empty(count);
    }

    @Override
    protected LogUsageHourly add(LogUsageHourly total, LogCount count) {
        return total.plus(count);
    }

    @Override
    protected long versionOf(LogUsageHourly total) {
        return total.version();
    }

    @Override
    protected Instant hourOfTotal(LogUsageHourly total) {
        return total.hour();
    }

    @Override
    protected DeadLetter tooLate(LogCount count, Duration lateness, Instant now) {
        return DeadLetter.of(count.records() + " log records (" + count.bytes() + " bytes) of " + count.namespace() + "/"
                        + count.workloadKind() + "/" + count.workloadName() + " for hour " + count.hour()
                        + " arrived more than " + lateness + " after that hour ended; its totals are closed",
                LogVolumeJob.STAGE, count.position(), count.cluster(), RecordHeaders.OTLP_LOGS_PROTOBUF, null, now);
    }
}
