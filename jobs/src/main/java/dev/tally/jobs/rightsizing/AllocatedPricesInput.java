package dev.tally.jobs.rightsizing;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.prices.AllocatedPrices;
import dev.tally.common.prices.AllocatedPricesJson;
import dev.tally.jobs.allocation.stream.TopicRecord;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Reads {@code tally.allocated-prices.v1} records for the rightsizing job: an unreadable one is a
 * dead letter with the reason and its position; a tombstone (no value) is skipped.
 */
final class AllocatedPricesInput extends ProcessFunction<TopicRecord, AllocatedPrices> {
    static final OutputTag<DeadLetter> UNUSABLE = new OutputTag<>("unusable-allocated-prices") { };

    private final String stage;

    AllocatedPricesInput(String stage) {
        this.stage = stage;
    }

    @Override
    public void processElement(TopicRecord record, Context ctx, Collector<AllocatedPrices> out) {
        if (record.value().length == 0) {
            return;
        }
        try {
            out.collect(AllocatedPricesJson.read(record.value()));
        } catch (RuntimeException e) {
            ctx.output(UNUSABLE, DeadLetter.of(e.getMessage() == null ? e.toString() : e.getMessage(), stage, record.position(),
                    null, "application/json", record.value(), Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
        }
    }

    /**
     * Prices carry no event time. Bounded: none (the input's end lets event time go, after every
     * price was read); unbounded: always the end of time, so prices never hold the signals' event time back.
     */
    static WatermarkStrategy<TopicRecord> watermarks(boolean bounded) {
        if (bounded) {
            return WatermarkStrategy.noWatermarks();
        }
        return WatermarkStrategy.forGenerator(context -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(TopicRecord event, long timestamp, WatermarkOutput output) {
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
            }
        });
    }
}
