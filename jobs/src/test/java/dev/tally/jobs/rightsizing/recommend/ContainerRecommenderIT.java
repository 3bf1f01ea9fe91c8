package dev.tally.jobs.rightsizing.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.rightsizing.RightsizingStatus;
import dev.tally.common.rightsizing.RightsizingStrategy;
import dev.tally.jobs.rightsizing.RightsizingJob;
import dev.tally.jobs.rightsizing.RightsizingSettings;
import dev.tally.jobs.rightsizing.RightsizingTopicRecord;
import dev.tally.jobs.rightsizing.signals.ContainerSignal;
import dev.tally.jobs.rightsizing.signals.SignalKind;
import dev.tally.jobs.testing.CollectingSink;
import dev.tally.jobs.testing.ListSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * {@link ContainerRecommender} on a local Flink: one recommendation per strategy at each hour
 * boundary after new signals; the topic gets the VPA one, and a tombstone once a container has
 * been silent for {@code forgetAfter}, after which it starts again from nothing.
 */
class ContainerRecommenderIT {
    private static final long T0 = Instant.parse("2026-01-06T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;
    private static final ContainerRef GONE = new ContainerRef("c1", "shop", "Deployment", "old-api", "api");
    private static final ContainerRef STAYS = new ContainerRef("c1", "shop", "Deployment", "api", "api");

    /** Scrapes every 30 s of both containers, in time order. */
    private static void usage(List<ContainerSignal> into, long from, long to) {
        for (long t = from; t < to; t += 30_000) {
            for (ContainerRef c : List.of(GONE, STAYS)) {
                into.add(new ContainerSignal(c, c.workloadName() + "-1", t, SignalKind.CPU_CORES, 0.1));
                into.add(new ContainerSignal(c, c.workloadName() + "-1", t, SignalKind.MEMORY_BYTES, 2e8));
            }
        }
    }

    /** Event time moves with every signal, so the timers fire exactly where the data says (not when a periodic watermark happens to be emitted). */
    private static WatermarkStrategy<ContainerSignal> everySignal() {
        return WatermarkStrategy.<ContainerSignal>forGenerator(context -> new WatermarkGenerator<>() {
            @Override
            public void onEvent(ContainerSignal s, long timestamp, WatermarkOutput output) {
                output.emitWatermark(new Watermark(s.timestampMillis() - 1));
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
            }
        }).withTimestampAssigner((s, previous) -> s.timestampMillis());
    }

    @Test
    void recommendationsEachHourThenATombstoneAfterForgetAfterOfSilence() throws Exception {
        List<ContainerSignal> input = new ArrayList<>();
        usage(input, T0, T0 + 2 * HOUR);
        // ten days later only STAYS reports; then GONE comes back once
        input.add(new ContainerSignal(STAYS, "api-1", T0 + 240 * HOUR, SignalKind.CPU_CORES, 0.1));
        input.add(new ContainerSignal(GONE, "old-api-1", T0 + 240 * HOUR + 60_000, SignalKind.MEMORY_BYTES, 2e8));
        RightsizingSettings settings = RightsizingSettings.defaults().withHistory(Duration.ofHours(1), Duration.ofDays(7));

        CollectingSink<RightsizingRecommendation> table = new CollectingSink<>();
        CollectingSink<RightsizingTopicRecord> topic = new CollectingSink<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        DataStream<ContainerSignal> signals = env.fromSource(ListSource.of(input, ContainerSignal.class), everySignal(),
                "signals");
        SingleOutputStreamOperator<RightsizingRecommendation> out = RightsizingJob.recommend(signals,
                RightsizingJob.noAllocatedPrices(signals), settings);
        out.sinkTo(table);
        out.getSideOutput(ContainerRecommender.TOPIC).sinkTo(topic);
        env.execute("container recommender on known input");

        List<RightsizingTopicRecord> gone = topic.collected().stream().filter(r -> r.container().equals(GONE)).toList();
        assertThat(gone).extracting(r -> r.tombstone() ? "tombstone" : r.recommendation().computedAt().toString())
                .containsExactly("2026-01-06T01:00:00Z", "2026-01-06T02:00:00Z", "tombstone",
                        "2026-01-16T01:00:00Z", "tombstone");
        // forgotten means forgotten: back after ten days, it starts from one sample
        RightsizingRecommendation back = gone.get(3).recommendation();
        assertThat(back.status()).isEqualTo(RightsizingStatus.NOT_ENOUGH_DATA);
        assertThat(back.samples()).isEqualTo(1);
        assertThat(gone.get(1).recommendation().samples()).as("two hours of CPU and memory every 30 s").isEqualTo(480);
        assertThat(gone).filteredOn(r -> !r.tombstone())
                .allSatisfy(r -> assertThat(r.recommendation().strategy()).isEqualTo(RightsizingStrategy.VPA));

        List<RightsizingTopicRecord> stays = topic.collected().stream().filter(r -> r.container().equals(STAYS)).toList();
        assertThat(stays).extracting(r -> r.tombstone() ? "tombstone" : r.recommendation().computedAt().toString())
                .containsExactly("2026-01-06T01:00:00Z", "2026-01-06T02:00:00Z", "2026-01-16T01:00:00Z", "tombstone");
        // ClickHouse gets both strategies of every computation, and no tombstones
        assertThat(table.collected()).hasSize(2 * (3 + 3));
    }
}
