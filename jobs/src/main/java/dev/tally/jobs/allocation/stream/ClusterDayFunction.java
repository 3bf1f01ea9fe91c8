package dev.tally.jobs.allocation.stream;

import dev.tally.common.prices.AllocatedPrices;
import dev.tally.jobs.allocation.prices.ClusterDayPrices;
import dev.tally.common.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by cluster and day: keeps the day's usage, node, volume and log rows (newest version of each)
 * and its cost rows (of the newest run of each billing period), and recomputes the day
 * ({@link ClusterDayComputation}) a quiet period after its inputs changed, and when the job's clock
 * passes the day's end if it changed since its last computation. Every output row of a
 * computation carries as its version the count of input records the day has received (repeats
 * and stale versions included), so a replay writes the same rows again, even from the beginning
 * in another order, and the newest computation wins in ClickHouse. A day's state is dropped when
 * the job's clock passes its retention ({@link DayRetention}); later rows for it are dead letters.
 *
 * <p>Restatements: of the runs of one (scope, dataset, billing period), the newest wins
 * ({@link CostRunNotice#isNewerThan}): {@link CostRunDirectory} tells the day of every run of its
 * groups before the run's rows; a newer run's notice drops the group's rows the day held (even
 * when that run has no row for the day), and rows of an older run are ignored, in whatever order
 * the topic's partitions deliver them.
 */
final class ClusterDayFunction extends KeyedProcessFunction<String, AllocationInput, CostAllocationDaily> {
    private final AllocationSettings settings;
    private final WorkloadOwnerLookup owners;
    private final boolean allocatedPrices;

    private transient ClusterDayComputation computation;
    private transient ClusterDayPrices prices;
    private transient MapState<String, ContainerHourInput> containers;
    private transient MapState<String, NodeHourInput> nodes;
    private transient MapState<String, VolumeHourInput> volumes;
    private transient MapState<String, CostLineInput> costs;
    private transient MapState<String, LogHourInput> logs;
    private transient MapState<String, CostRunNotice> currentRuns;
    private transient ValueState<Long> received;
    private transient ValueState<Long> written;
    private transient ValueState<Long> timer;

    ClusterDayFunction(AllocationSettings settings, WorkloadOwnerLookup owners) {
        this(settings, owners, false);
    }

    /** @param allocatedPrices also compute each day's prices ({@link ClusterDayPrices}) to {@link AllocatedPricesTopic#PRICES} */
    ClusterDayFunction(AllocationSettings settings, WorkloadOwnerLookup owners, boolean allocatedPrices) {
        this.settings = settings;
        this.owners = owners;
        this.allocatedPrices = allocatedPrices;
    }

    @Override
    public void open(OpenContext context) {
        computation = new ClusterDayComputation(settings, owners);
        prices = new ClusterDayPrices(settings.policy());
        containers = getRuntimeContext().getMapState(new MapStateDescriptor<>("containers", Types.STRING,
                TypeInformation.of(ContainerHourInput.class)));
        nodes = getRuntimeContext().getMapState(new MapStateDescriptor<>("nodes", Types.STRING,
                TypeInformation.of(NodeHourInput.class)));
        volumes = getRuntimeContext().getMapState(new MapStateDescriptor<>("volumes", Types.STRING,
                TypeInformation.of(VolumeHourInput.class)));
        costs = getRuntimeContext().getMapState(new MapStateDescriptor<>("costs", Types.STRING,
                TypeInformation.of(CostLineInput.class)));
        logs = getRuntimeContext().getMapState(new MapStateDescriptor<>("logs", Types.STRING,
                TypeInformation.of(LogHourInput.class)));
        currentRuns = getRuntimeContext().getMapState(new MapStateDescriptor<>("current-runs", Types.STRING,
                TypeInformation.of(CostRunNotice.class)));
        received = getRuntimeContext().getState(new ValueStateDescriptor<>("received", Types.LONG));
        written = getRuntimeContext().getState(new ValueStateDescriptor<>("written", Types.LONG));
        timer = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Types.LONG));
    }

    @Override
    public void processElement(AllocationInput in, Context ctx, Collector<CostAllocationDaily> out) throws Exception {
        long expiry = settings.retention().expiresAtMillis(in.day());
        // RefuseExpiredDays refused rows of expired days on each input already (their own clocks are
        // ahead of this one, the slowest input's); this guards the state, never silently
        long clock = ctx.timerService().currentWatermark();
        if (clock >= expiry) {
            if (in.run() == null) {   // a notice is no input of its own: the row that caused it is dead-lettered where it goes
                ctx.output(AllocationJob.EXPIRED, DeadLetter.of(
                        settings.retention().expiredReason(in.cluster(), LocalDate.parse(in.day()), clock), AllocationJob.STAGE,
                        in.position(), in.cluster(), "text/plain", in.toString().getBytes(StandardCharsets.UTF_8),
                        Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
            }
            return;
        }
        if (received.value() == null) {
            // the day's first record: its expiry; its computation when the job's clock passes the
            // day's end (a backfill computes each day as it goes, not all of them when its input
            // ends, in one step no checkpoint can interrupt); and, since a bounded input ends with
            // the final watermark, the computation of every day changed since when the input ends
            ctx.timerService().registerEventTimeTimer(expiry);
            ctx.timerService().registerEventTimeTimer(DayRetention.endMillis(in.day()));
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
        }
        // every record counts, repeats and stale ones too: the count only depends on which records
        // the day got, not their order, so a replay from the beginning ends at the same version
        // and anything newer goes above every version written before
        received.update(value(received) + 1);
        if (!apply(in)) {
            return;
        }
        if (timer.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + settings.quietPeriod().toMillis();
            ctx.timerService().registerProcessingTimeTimer(at);
            timer.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CostAllocationDaily> out) throws Exception {
        if (timer.value() != null && timestamp == timer.value()) {
            timer.clear();
        }
        String[] key = ctx.getCurrentKey().split("\\|", 2);
        computeIfChanged(key, ctx, out);
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME && timestamp == settings.retention().expiresAtMillis(key[1])) {
            expire(ctx);
        }
    }

    /** The day's retention has passed (its last changes were just written): all its state goes. */
    private void expire(OnTimerContext ctx) throws Exception {
        if (timer.value() != null) {
            ctx.timerService().deleteProcessingTimeTimer(timer.value());
        }
        ctx.timerService().deleteEventTimeTimer(Long.MAX_VALUE);
        containers.clear();
        nodes.clear();
        volumes.clear();
        costs.clear();
        logs.clear();
        currentRuns.clear();
        received.clear();
        written.clear();
        timer.clear();
    }

    private void computeIfChanged(String[] key, OnTimerContext ctx, Collector<CostAllocationDaily> out) throws Exception {
        long version = value(received);
        if (version == value(written)) {
            return;
        }
        for (CostAllocationDaily row : computation.compute(key[0], LocalDate.parse(key[1]), values(containers),
                values(nodes), values(volumes), values(costs), !currentRuns.isEmpty(), values(logs), version)) {
            out.collect(row);
        }
        if (allocatedPrices && !key[0].isEmpty()) {
            // actual cost rows only: an estimate's list prices are not what the cluster is charged
            for (AllocatedPrices p : prices.compute(key[0], LocalDate.parse(key[1]), values(costs), values(nodes),
                    values(containers), version)) {
                ctx.output(AllocatedPricesTopic.PRICES, p);
            }
        }
        written.update(version);
    }

    /** Keeps the input; false when it changes nothing (an older or repeated version, a retired run's row). */
    private boolean apply(AllocationInput in) throws Exception {
        if (in.container() != null) {
            ContainerHourInput old = containers.get(in.container().id());
            return upsert(containers, in.container().id(), in.container(), in.container().version(),
                    old == null ? null : old.version());
        }
        if (in.node() != null) {
            NodeHourInput old = nodes.get(in.node().id());
            return upsert(nodes, in.node().id(), in.node(), in.node().version(), old == null ? null : old.version());
        }
        if (in.volume() != null) {
            VolumeHourInput old = volumes.get(in.volume().id());
            return upsert(volumes, in.volume().id(), in.volume(), in.volume().version(), old == null ? null : old.version());
        }
        if (in.log() != null) {
            LogHourInput old = logs.get(in.log().id());
            return upsert(logs, in.log().id(), in.log(), in.log().version(), old == null ? null : old.version());
        }
        if (in.run() != null) {
            return newRun(in.run());
        }
        CostLineInput c = in.cost();
        CostRunNotice current = currentRuns.get(c.runGroup());
        if (current == null || !current.runId().equals(c.runId())) {
            return false;   // an older run's row, delivered late (the newest run's notice always comes before its rows)
        }
        String id = c.runId() + "|" + c.line();
        if (costs.contains(id)) {
            return false;   // a repeat of a row: the run published again
        }
        costs.put(id, c);
        return true;
    }

    /**
     * A run of one of the day's cost groups: when newest, the group's older rows go. True then, even
     * when the day held none: the export has now spoken for the day (no estimate any more).
     */
    private boolean newRun(CostRunNotice run) throws Exception {
        CostRunNotice current = currentRuns.get(run.runGroup());
        if (current != null && !run.isNewerThan(current)) {
            return false;
        }
        currentRuns.put(run.runGroup(), run);
        for (Iterator<Map.Entry<String, CostLineInput>> it = costs.iterator(); it.hasNext(); ) {
            if (it.next().getValue().runGroup().equals(run.runGroup())) {
                it.remove();
            }
        }
        return true;
    }

    private static <T> boolean upsert(MapState<String, T> state, String id, T row, long version, Long held) throws Exception {
        if (held != null && held >= version) {
            return false;
        }
        state.put(id, row);
        return true;
    }

    private static <T> List<T> values(MapState<String, T> state) throws Exception {
        List<T> out = new ArrayList<>();
        for (T v : state.values()) {
            out.add(v);
        }
        return out;
    }

    private static long value(ValueState<Long> state) throws Exception {
        Long v = state.value();
        return v == null ? 0 : v;
    }
}
