package dev.tally.jobs.allocation.stream;

import dev.tally.common.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * On one input (usage rows, or cost rows), right after its clock ({@link DayRetention}): a row of a
 * cluster-day that has expired on this input's clock is a dead letter naming the day, the
 * retention and the clock, with the row's topic position; the others go on. Since the cluster-day
 * operator's clock is the slowest input's, a row that passes here always finds its day's state.
 */
final class RefuseExpiredDays extends ProcessFunction<AllocationInput, AllocationInput> {
    private final DayRetention retention;

    RefuseExpiredDays(DayRetention retention) {
        this.retention = retention;
    }

    @Override
    public void processElement(AllocationInput in, Context ctx, Collector<AllocationInput> out) {
        long clock = ctx.timerService().currentWatermark();
        if (clock >= retention.expiresAtMillis(in.day())) {
            ctx.output(AllocationJob.EXPIRED, DeadLetter.of(retention.expiredReason(in.cluster(), LocalDate.parse(in.day()), clock),
                    AllocationJob.STAGE,
                    in.position(), in.cluster(), "text/plain", in.toString().getBytes(StandardCharsets.UTF_8),
                    Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
            return;
        }
        out.collect(in);
    }
}
