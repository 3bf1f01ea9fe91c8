package dev.tally.jobs.hourly;

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
 * Keeps the running total of one row per key (one table row: an hour and its dimensions) and
 * emits it: early, at most once per {@code earlyResultInterval} of processing time while data
 * flows (so dashboards see the current hour), and finally when the watermark passes the hour
 * (which, for a bounded input, is its end). Every emission carries the whole total with a version
 * that only grows, so a repeated emission after a restart is harmless downstream
 * (ReplacingMergeTree keeps the highest version).
 *
 * <p>State for an hour is kept until {@code lateness} after the hour; counts that arrive after
 * that would restart the total from zero, so they become dead letters instead.
 *
 * @param <C> one record's contribution to a row
 * @param <T> the row's running total
 */
public abstract class HourlyRunningTotals<C, T> extends KeyedProcessFunction<String, C, T> {

    private final Duration earlyResultInterval;
    private final Duration lateness;
    private final Class<T> totalType;
    private final OutputTag<DeadLetter> tooLate;

    private transient ValueState<T> total;
    private transient ValueState<Long> emittedVersion;
    private transient ValueState<Long> earlyResultTimer;

    protected HourlyRunningTotals(Duration earlyResultInterval, Duration lateness, Class<T> totalType,
                                  OutputTag<DeadLetter> tooLate) {
        this.earlyResultInterval = earlyResultInterval;
        this.lateness = lateness;
        this.totalType = totalType;
        this.tooLate = tooLate;
    }

    /** The UTC hour a contribution belongs to. */
    protected abstract Instant hourOf(C count);

    /** The row of {@code count}'s key before anything was added. */
    protected abstract T emptyTotal(C count);

    protected abstract T add(T total, C count);

    /** Grows with every contribution, so the newest emission wins downstream. */
    protected abstract long versionOf(T total);

    protected abstract Instant hourOfTotal(T total);

    /** The dead letter for a contribution that came after its hour was closed. */
    protected abstract DeadLetter tooLate(C count, Duration lateness, Instant now);

    @Override
    public void open(OpenContext openContext) {
        total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", totalType));
        emittedVersion = getRuntimeContext().getState(new ValueStateDescriptor<>("emitted-version", Long.class));
        earlyResultTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("early-result-timer", Long.class));
    }

    @Override
    public void processElement(C count, Context ctx, Collector<T> out) throws Exception {
        Instant hour = hourOf(count);
        long closesAt = closesAt(hour);
        if (ctx.timerService().currentWatermark() >= closesAt) {
            ctx.output(tooLate, tooLate(count, lateness, Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
            return;
        }
        T current = total.value();
        if (current == null) {
            current = emptyTotal(count);
            ctx.timerService().registerEventTimeTimer(hour.plus(Duration.ofHours(1)).toEpochMilli() - 1);
            ctx.timerService().registerEventTimeTimer(closesAt);
        }
        total.update(add(current, count));
        if (earlyResultTimer.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + earlyResultInterval.toMillis();
            ctx.timerService().registerProcessingTimeTimer(at);
            earlyResultTimer.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<T> out) throws Exception {
        T current = total.value();
        if (current == null) {
            return;
        }
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            earlyResultTimer.clear();
            emitIfChanged(current, out);
        } else if (timestamp == closesAt(hourOfTotal(current))) {
            emitIfChanged(current, out);
            total.clear();
            emittedVersion.clear();
            earlyResultTimer.clear();
        } else {
            emitIfChanged(current, out);
        }
    }

    private void emitIfChanged(T current, Collector<T> out) throws Exception {
        Long emitted = emittedVersion.value();
        if (emitted == null || emitted != versionOf(current)) {
            out.collect(current);
            emittedVersion.update(versionOf(current));
        }
    }

    private long closesAt(Instant hour) {
        return hour.plus(Duration.ofHours(1)).plus(lateness).toEpochMilli();
    }
}
