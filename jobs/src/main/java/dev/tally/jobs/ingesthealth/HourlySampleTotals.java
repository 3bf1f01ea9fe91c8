package dev.tally.jobs.ingesthealth;

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
 * Keeps the running total of samples per {@link SampleCount#rowKey()} and emits it:
 * early, at most once per {@code earlyResultInterval} of processing time while data flows
 * (so dashboards see the current hour), and finally when the watermark passes the hour
 * (which, for a bounded input, is its end). Every emission carries the whole total, so a
 * repeated emission after a restart is harmless downstream.
 *
 * <p>State for an hour is kept until {@code lateness} after the hour; samples that arrive
 * after that would restart the count from zero, so they become dead letters instead.
 */
public final class HourlySampleTotals extends KeyedProcessFunction<String, SampleCount, IngestSamplesHourly> {

    public static final OutputTag<DeadLetter> TOO_LATE = new OutputTag<>("too-late") { };

    private final Duration earlyResultInterval;
    private final Duration lateness;

    private transient ValueState<IngestSamplesHourly> total;
    private transient ValueState<Long> emittedSamples;
    private transient ValueState<Long> earlyResultTimer;

    public HourlySampleTotals(Duration earlyResultInterval, Duration lateness) {
        this.earlyResultInterval = earlyResultInterval;
        this.lateness = lateness;
    }

    @Override
    public void open(OpenContext openContext) {
        total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", IngestSamplesHourly.class));
        emittedSamples = getRuntimeContext().getState(new ValueStateDescriptor<>("emitted-samples", Long.class));
        earlyResultTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("early-result-timer", Long.class));
    }

    @Override
    public void processElement(SampleCount count, Context ctx, Collector<IngestSamplesHourly> out) throws Exception {
        Instant hourEnd = count.hour().plus(Duration.ofHours(1));
        long closesAt = closesAt(count.hour());
        if (ctx.timerService().currentWatermark() >= closesAt) {
            ctx.output(TOO_LATE, tooLate(count, ctx.timerService().currentProcessingTime()));
            return;
        }
        IngestSamplesHourly current = total.value();
        if (current == null) {
            current = new IngestSamplesHourly(count.hour(), count.cluster(), count.contentType(), 0);
            ctx.timerService().registerEventTimeTimer(hourEnd.toEpochMilli() - 1);
            ctx.timerService().registerEventTimeTimer(closesAt);
        }
        total.update(new IngestSamplesHourly(current.hour(), current.cluster(), current.contentType(),
                current.samples() + count.samples()));
        if (earlyResultTimer.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + earlyResultInterval.toMillis();
            ctx.timerService().registerProcessingTimeTimer(at);
            earlyResultTimer.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<IngestSamplesHourly> out) throws Exception {
        IngestSamplesHourly current = total.value();
        if (current == null) {
            return;
        }
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            earlyResultTimer.clear();
            emitIfChanged(current, out);
        } else if (timestamp == closesAt(current.hour())) {
            emitIfChanged(current, out);
            total.clear();
            emittedSamples.clear();
            earlyResultTimer.clear();
        } else {
            emitIfChanged(current, out);
        }
    }

    private void emitIfChanged(IngestSamplesHourly current, Collector<IngestSamplesHourly> out) throws Exception {
        Long emitted = emittedSamples.value();
        if (emitted == null || emitted != current.samples()) {
            out.collect(current);
            emittedSamples.update(current.samples());
        }
    }

    private long closesAt(Instant hour) {
        return hour.plus(Duration.ofHours(1)).plus(lateness).toEpochMilli();
    }

    private DeadLetter tooLate(SampleCount count, long nowMillis) {
        return DeadLetter.of("samples for hour " + count.hour() + " arrived more than " + lateness
                        + " after that hour ended; its count is closed",
                IngestSamplesJob.STAGE, count.position(), count.cluster(), count.contentType(), null,
                Instant.ofEpochMilli(nowMillis));
    }
}
