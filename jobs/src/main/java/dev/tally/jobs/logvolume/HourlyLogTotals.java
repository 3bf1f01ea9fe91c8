package dev.tally.jobs.logvolume;

import dev.tally.common.deadletter.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keeps the running totals of log records and bytes per {@link LogCount#rowKey()} and emits
 * them as the ingest-samples job's totals are emitted: early, at most once per
 * {@code earlyResultInterval} while data flows, and finally when the watermark passes the hour.
 * Every emission carries the whole total, so a repeated emission after a restart is harmless.
 *
 * <p>State for an hour is kept until {@code lateness} after the hour; records arriving later
 * would restart the totals from zero, so they become dead letters instead.
 */
public final class HourlyLogTotals extends KeyedProcessFunction<String, LogCount, LogUsageHourly> {

    public static final OutputTag<DeadLetter> TOO_LATE = new OutputTag<>("logs-too-late") { };

    private final Duration earlyResultInterval;
    private final Duration lateness;

    private transient ValueState<LogUsageHourly> total;
    private transient ValueState<Long> emittedRecords;
    private transient ValueState<Long> earlyResultTimer;

    public HourlyLogTotals(Duration earlyResultInterval, Duration lateness) {
        this.earlyResultInterval = earlyResultInterval;
        this.lateness = lateness;
    }

    @Override
    public void open(OpenContext openContext) {
        total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", LogUsageHourly.class));
        emittedRecords = getRuntimeContext().getState(new ValueStateDescriptor<>("emitted-records", Long.class));
        earlyResultTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("early-result-timer", Long.class));
    }

    @Override
    public void processElement(LogCount count, Context ctx, Collector<LogUsageHourly> out) throws Exception {
        long closesAt = closesAt(count.hour());
        if (ctx.timerService().currentWatermark() >= closesAt) {
            ctx.output(TOO_LATE, tooLate(count, ctx.timerService().currentProcessingTime()));
            return;
        }
        LogUsageHourly current = total.value();
        if (current == null) {
            current = LogUsageHourly.empty(count);
            ctx.timerService().registerEventTimeTimer(count.hour().plus(Duration.ofHours(1)).toEpochMilli() - 1);
            ctx.timerService().registerEventTimeTimer(closesAt);
        }
        total.update(current.plus(count));
        if (earlyResultTimer.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + earlyResultInterval.toMillis();
            ctx.timerService().registerProcessingTimeTimer(at);
            earlyResultTimer.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<LogUsageHourly> out) throws Exception {
        LogUsageHourly current = total.value();
        if (current == null) {
            return;
        }
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            earlyResultTimer.clear();
            emitIfChanged(current, out);
        } else if (timestamp == closesAt(current.hour())) {
            emitIfChanged(current, out);
            total.clear();
            emittedRecords.clear();
            earlyResultTimer.clear();
        } else {
            emitIfChanged(current, out);
        }
    }

    private void emitIfChanged(LogUsageHourly current, Collector<LogUsageHourly> out) throws Exception {
        Long emitted = emittedRecords.value();
        if (emitted == null || emitted != current.records()) {
            out.collect(current);
            emittedRecords.update(current.records());
        }
    }

    private long closesAt(Instant hour) {
        return hour.plus(Duration.ofHours(1)).plus(lateness).toEpochMilli();
    }

    private DeadLetter tooLate(LogCount count, long nowMillis) {
        return DeadLetter.of(count.records() + " log records (" + count.bytes() + " bytes) of " + count.namespace() + "/"
                        + count.workloadKind() + "/" + count.workloadName() + " for hour " + count.hour()
                        + " arrived more than " + lateness + " after that hour ended; its totals are closed",
                LogVolumeJob.STAGE, count.position(), count.cluster(),
                dev.tally.common.topics.RecordHeaders.OTLP_LOGS_PROTOBUF, null, Instant.ofEpochMilli(nowMillis));
    }
}
