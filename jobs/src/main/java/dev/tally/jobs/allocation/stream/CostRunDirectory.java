package dev.tally.jobs.allocation.stream;

import java.time.LocalDate;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by cost group (scope, dataset, billing period): knows the group's export runs and the
 * cluster-days its rows fell on, and tells every such day of every run, exactly once per (day,
 * run), before forwarding the run's first row for the day. So a newer run retires an older run's
 * rows on a day even when it has no row for that day (a restatement that removed the day's cost),
 * and, since each day gets one notice per run of its groups whatever the arrival order, the day's
 * record count (its version) stays independent of the order (docs/allocation.md, restatements).
 */
final class CostRunDirectory extends KeyedProcessFunction<String, AllocationInput, AllocationInput> {
    private final DayRetention retention;
    private transient MapState<String, Long> runs;
    private transient MapState<String, Boolean> days;

    /** @param retention the group is forgotten when its billing period's last day expires */
    CostRunDirectory(DayRetention retention) {
        this.retention = retention;
    }

    @Override
    public void open(OpenContext context) {
        runs = getRuntimeContext().getMapState(new MapStateDescriptor<>("runs", Types.STRING, Types.LONG));
        days = getRuntimeContext().getMapState(new MapStateDescriptor<>("cluster-days", Types.STRING, Types.BOOLEAN));
    }

    @Override
    public void processElement(AllocationInput in, Context ctx, Collector<AllocationInput> out) throws Exception {
        CostLineInput row = in.cost();
        String day = in.clusterDay();
        long expiry = retention.expiresAtMillis(LocalDate.parse(row.billingPeriod()));
        if (ctx.timerService().currentWatermark() >= expiry) {
            out.collect(in);   // the period has expired: the cluster-day makes the row a dead letter
            return;
        }
        ctx.timerService().registerEventTimeTimer(expiry);
        if (!runs.contains(row.runId())) {
            runs.put(row.runId(), row.runOrder());
            for (String known : days.keys()) {
                out.collect(notice(known, CostRunNotice.of(row)));
            }
        }
        if (!days.contains(day)) {
            days.put(day, true);
            for (Map.Entry<String, Long> run : runs.entries()) {
                out.collect(notice(day, new CostRunNotice(row.runGroup(), run.getKey(), run.getValue())));
            }
        }
        out.collect(in);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AllocationInput> out) throws Exception {
        runs.clear();
        days.clear();
    }

    private static AllocationInput notice(String clusterDay, CostRunNotice run) {
        String[] key = clusterDay.split("\\|", 2);
        return AllocationInput.of(key[0], key[1], run);
    }
}
