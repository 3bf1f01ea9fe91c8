package dev.tally.jobs.rightsizing.recommend;

import dev.tally.common.prices.AllocatedPrices;
import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.rightsizing.RightsizingStrategy;
import dev.tally.jobs.rightsizing.RightsizingSettings;
import dev.tally.jobs.rightsizing.RightsizingTopicRecord;
import dev.tally.jobs.rightsizing.prices.AllocatedPriceBook;
import dev.tally.jobs.rightsizing.prices.ContainerPrices;
import dev.tally.jobs.rightsizing.signals.ContainerSignal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per container of a workload: its {@link ContainerState}; at the first {@code emitEvery}
 * boundary (event time) after new signals, one recommendation per strategy
 * ({@link RecommendationRules}), and the {@code topicStrategy}'s also to {@link #TOPIC}. A
 * container with no signal for {@code forgetAfter} is forgotten: a tombstone goes to
 * {@link #TOPIC}, after its last recommendation (one output, so their order holds per key).
 * The money is at the prices {@link AllocatedPriceBook} picks from the broadcast allocated prices.
 */
public final class ContainerRecommender
        extends KeyedBroadcastProcessFunction<ContainerRef, ContainerSignal, AllocatedPrices, RightsizingRecommendation> {
    /** What goes to the compacted topic, in order: recommendations of the topic strategy and tombstones. */
    public static final OutputTag<RightsizingTopicRecord> TOPIC = new OutputTag<>("rightsizing-topic") { };
    /** The allocation job's newest prices per workload and per cluster ({@link AllocatedPriceBook#key}), on every subtask. */
    public static final MapStateDescriptor<String, AllocatedPrices> ALLOCATED_PRICES = new MapStateDescriptor<>(
            "allocated-prices", Types.STRING, TypeInformation.of(AllocatedPrices.class));

    private final RightsizingSettings settings;
    private transient ValueState<ContainerState> state;
    private transient ValueState<Long> forgetTimer;

    public ContainerRecommender(RightsizingSettings settings) {
        this.settings = settings;
    }

    /** The state's type, as checkpoints store it (the benchmark measures its bytes). */
    public static TypeInformation<ContainerState> stateType() {
        return TypeInformation.of(ContainerState.class);
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("container-state", stateType()));
        forgetTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("forget-timer", Types.LONG));
    }

    @Override
    public void processBroadcastElement(AllocatedPrices prices, Context ctx, Collector<RightsizingRecommendation> out)
            throws Exception {
        BroadcastState<String, AllocatedPrices> book = ctx.getBroadcastState(ALLOCATED_PRICES);
        String key = AllocatedPriceBook.key(prices);
        if (AllocatedPriceBook.replaces(prices, book.get(key))) {
            book.put(key, prices);
        }
    }

    @Override
    public void processElement(ContainerSignal signal, ReadOnlyContext ctx, Collector<RightsizingRecommendation> out)
            throws Exception {
        ContainerState st = state.value();
        if (st == null) {
            st = new ContainerState(settings);
        }
        st.apply(signal, settings);
        if (st.nextEmitMillis() == Long.MIN_VALUE) {
            long every = settings.emitEvery().toMillis();
            long next = (Math.floorDiv(signal.timestampMillis(), every) + 1) * every;
            st.nextEmitMillis(next);
            ctx.timerService().registerEventTimeTimer(next);
        }
        state.update(st);
        Long forget = forgetTimer.value();
        long forgetAt = st.lastSignalMillis() + settings.forgetAfter().toMillis();
        if (forget == null || forget < forgetAt) {
            if (forget != null) {
                ctx.timerService().deleteEventTimeTimer(forget);
            }
            ctx.timerService().registerEventTimeTimer(forgetAt);
            forgetTimer.update(forgetAt);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RightsizingRecommendation> out) throws Exception {
        ContainerState st = state.value();
        if (st == null) {
            return;
        }
        Long forget = forgetTimer.value();
        if (forget != null && timestamp >= forget) {
            state.clear();
            forgetTimer.clear();
            ctx.output(TOPIC, RightsizingTopicRecord.forgotten(ctx.getCurrentKey()));
            return;
        }
        if (timestamp != st.nextEmitMillis()) {
            return;
        }
        ReadOnlyBroadcastState<String, AllocatedPrices> book = ctx.getBroadcastState(ALLOCATED_PRICES);
        ContainerPrices prices = AllocatedPriceBook.pricesFor(ctx.getCurrentKey(), k -> {
            try {
                return book.get(k);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the allocated prices", e);
            }
        }, settings.prices());
        for (RightsizingStrategy strategy : RightsizingStrategy.values()) {
            RightsizingRecommendation r = RecommendationRules.recommend(ctx.getCurrentKey(), timestamp, st, strategy, settings,
                    prices);
            out.collect(r);
            if (strategy == settings.topicStrategy()) {
                ctx.output(TOPIC, RightsizingTopicRecord.latest(r));
            }
        }
        st.nextEmitMillis(Long.MIN_VALUE);
        long every = settings.emitEvery().toMillis();
        if (st.lastSignalMillis() >= timestamp) {
            // signals newer than this boundary arrived before event time reached it (a partition
            // ahead of the others): the next boundary after them recomputes with all of them
            long next = (Math.floorDiv(st.lastSignalMillis(), every) + 1) * every;
            st.nextEmitMillis(next);
            ctx.timerService().registerEventTimeTimer(next);
        }
        st.forgetReplicasBefore(timestamp - 2 * every);
        state.update(st);
    }
}
