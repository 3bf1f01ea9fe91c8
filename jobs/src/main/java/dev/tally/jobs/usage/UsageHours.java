package dev.tally.jobs.usage;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.usage.decode.ClusterSamples;
import dev.tally.jobs.usage.hour.HourUsage;
import dev.tally.jobs.usage.rows.NodeHourly;
import dev.tally.jobs.usage.rows.UsageHourly;
import dev.tally.jobs.usage.rows.VolumeHourly;
import dev.tally.jobs.usage.series.HourBucket;
import dev.tally.jobs.usage.series.Labels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per cluster: keeps each hour's samples (de-duplicated) and computes the hour with
 * {@link HourUsage} once event time is {@code closeDelay} past its end; recomputes it when
 * samples for it (or a series' earliest sample of the next hour) arrive later, within
 * {@code lateness}, emitting every row again with a higher version; rows are only emitted when
 * the version changed. Samples later than {@code lateness} are dead letters.
 */
public final class UsageHours extends KeyedProcessFunction<String, ClusterSamples, UsageHourly> {
    public static final OutputTag<NodeHourly> NODES = new OutputTag<>("node-hourly") { };
    public static final OutputTag<VolumeHourly> VOLUMES = new OutputTag<>("volume-hourly") { };
    public static final OutputTag<DeadLetter> TOO_LATE = new OutputTag<>("too-late") { };
    private static final long HOUR = 3_600_000L;

    private final UsageSettings settings;

    private transient MapState<Long, HourBucket> buckets;
    private transient MapState<Long, Long> emittedVersion;
    private transient MapState<Long, Boolean> dirty;

    public UsageHours(UsageSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        buckets = getRuntimeContext().getMapState(new MapStateDescriptor<>("hour-buckets", Types.LONG,
                TypeInformation.of(HourBucket.class)));
        emittedVersion = getRuntimeContext().getMapState(new MapStateDescriptor<>("emitted-version", Types.LONG, Types.LONG));
        dirty = getRuntimeContext().getMapState(new MapStateDescriptor<>("dirty-hours", Types.LONG, Types.BOOLEAN));
    }

    private long closesAt(long hour) {
        return hour + HOUR + settings.closeDelay().toMillis();
    }

    private long acceptsUntil(long hour) {
        return hour + HOUR + settings.lateness().toMillis();
    }

    @Override
    public void processElement(ClusterSamples samples, Context ctx, Collector<UsageHourly> out) throws Exception {
        long hour = samples.hourStartMillis();
        long watermark = ctx.timerService().currentWatermark();
        if (watermark >= acceptsUntil(hour)) {
            ctx.output(TOO_LATE, DeadLetter.of(samples.size() + " samples for hour " + Instant.ofEpochMilli(hour)
                            + " arrived more than " + settings.lateness() + " after that hour ended; its usage is closed",
                    UsageJob.STAGE, samples.position(), samples.cluster(), RecordHeaders.REMOTE_WRITE_PROTOBUF, null,
                    Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
            return;
        }
        HourBucket bucket = buckets.get(hour);
        boolean fresh = bucket == null;
        if (fresh) {
            bucket = new HourBucket(hour);
        }
        boolean added = false;
        boolean earliest = false;
        Labels[] series = samples.allSeriesLabels();
        int[] sampleSeries = samples.sampleSeries();
        for (int i = 0; i < samples.size(); i++) {
            HourBucket.Added a = bucket.add(series[sampleSeries[i]], samples.timestamps()[i], samples.values()[i]);
            added |= a != HourBucket.Added.DUPLICATE;
            earliest |= a == HourBucket.Added.EARLIEST_OF_SERIES;
        }
        buckets.put(hour, bucket);
        if (fresh) {
            ctx.timerService().registerEventTimeTimer(closesAt(hour));
            ctx.timerService().registerEventTimeTimer(hour + 2 * HOUR + settings.lateness().toMillis());
        }
        if (added) {
            markDirty(hour, watermark, ctx);
        }
        // a series' earliest sample in this hour closes its last interval of the previous hour (or
        // starts a run that began there): once the previous hour was written, it is computed again
        if (earliest && emittedVersion.contains(hour - HOUR)) {
            markDirty(hour - HOUR, watermark, ctx);
        }
        // and a late sample here may be a series' value when the next hour starts
        if (added && emittedVersion.contains(hour + HOUR)) {
            markDirty(hour + HOUR, watermark, ctx);
        }
    }

    /**
     * Marks an hour for (re)computation. An hour not closed yet is computed by its event-time
     * timer; a closed one (late data) by a processing-time timer shortly after, since event time
     * may not move again for a while (the late samples may be the last thing that came).
     */
    private void markDirty(long hour, long watermark, Context ctx) throws Exception {
        dirty.put(hour, true);
        if (watermark >= closesAt(hour)) {
            long now = ctx.timerService().currentProcessingTime();
            ctx.timerService().registerProcessingTimeTimer(now - now % 1000 + settings.lateRecomputeDelay().toMillis());
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<UsageHourly> out) throws Exception {
        boolean eventTime = ctx.timeDomain() == TimeDomain.EVENT_TIME;
        long closedUntil = eventTime ? timestamp : ctx.timerService().currentWatermark();
        List<Long> due = new ArrayList<>();
        for (Long hour : dirty.keys()) {
            if (closedUntil >= closesAt(hour)) {
                due.add(hour);
            }
        }
        due.sort(null);
        for (long hour : due) {
            dirty.remove(hour);
            HourBucket current = buckets.get(hour);
            if (current == null) {
                continue;
            }
            HourUsage.Result result = HourUsage.compute(ctx.getCurrentKey(), hour, buckets.get(hour - HOUR), current,
                    buckets.get(hour + HOUR), settings.rules());
            Long emitted = emittedVersion.get(hour);
            if (emitted != null && emitted >= result.version()) {
                continue;
            }
            result.usage().forEach(out::collect);
            result.nodes().forEach(n -> ctx.output(NODES, n));
            result.volumes().forEach(v -> ctx.output(VOLUMES, v));
            emittedVersion.put(hour, result.version());
        }
        if (!eventTime) {
            return;
        }
        Map<Long, Boolean> expired = new TreeMap<>();
        for (Long hour : buckets.keys()) {
            if (timestamp >= hour + 2 * HOUR + settings.lateness().toMillis()) {
                expired.put(hour, true);
            }
        }
        for (Long hour : expired.keySet()) {
            buckets.remove(hour);
            emittedVersion.remove(hour);
            dirty.remove(hour);
        }
    }

    static Duration hour() {
        return Duration.ofMillis(HOUR);
    }
}
