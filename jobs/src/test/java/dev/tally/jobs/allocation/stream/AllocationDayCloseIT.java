package dev.tally.jobs.allocation.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.jobs.testing.CollectingSink;
import dev.tally.jobs.testing.ListSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * A day is computed when the job's clock passes its end, without waiting for its quiet period or
 * for the input to end: a backfill of a month (or a batch run) computes each day as it goes,
 * instead of every day in one step when its input ends, which no checkpoint can interrupt (the
 * month benchmark's job timed out its checkpoints that way and restarted in a loop).
 */
class AllocationDayCloseIT {
    static final LocalDate DAY = AllocationJobIT.DAY;
    static final String NODE = AllocationJobIT.NODE_A;
    /** The last usage row waits for the day's rows in the sink this long at most. */
    static final Duration WAIT = Duration.ofSeconds(30);
    static final AtomicBoolean DAY_WRITTEN_BEFORE_THE_INPUT_ENDED = new AtomicBoolean();

    @Test
    void aDayIsComputedWhenTheJobsClockPassesItsEndAndAgainWhenALateRowChangesIt() throws Exception {
        TopicRows in = new TopicRows();
        // a node half requested by one pod all day, and the day's VM row of the export
        in.node("aks-close", NODE, "Standard_D4s_v5", DAY, 0, 24, 3600)
                .container("aks-close", NODE, "shop", "Deployment", "api", DAY, 0, 24, "2", "1", "8", "4")
                .vm("run-1", 2, "aks-close", DAY, "aks-user-12345678-vmss_10", "24.00", "24.00");
        // the next day's first node row moves the job's clock past the day
        in.node("aks-close", NODE, "Standard_D4s_v5", DAY.plusDays(1), 0, 1, 3600);
        // then, late, a Job of the day's hour 5 claiming the other half of the node
        in.container("aks-close", NODE, "batch", "Job", "late", DAY, 5, 1, "2", "2", "8", "8");

        CollectingSink<CostAllocationDaily> sink = new CollectingSink<>();
        CollectingSink<DeadLetter> letters = new CollectingSink<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        // a quiet period longer than the test: only the clock (or the input's end) computes a day
        new AllocationJob(lastRowWaitsForTheDay(in.usage, sink), ListSource.of(in.costs, TopicRecord.class), sink, letters,
                AllocationJobIT.SETTINGS.withQuietPeriod(Duration.ofHours(1)), (c, n, k, w) -> Owner.unowned()).addTo(env);
        env.execute("allocation: a day computed when the clock passes it");

        assertThat(DAY_WRITTEN_BEFORE_THE_INPUT_ENDED).as("the day's rows reached the sink before its late row was read").isTrue();
        List<CostAllocationDaily> day = sink.collected().stream().filter(r -> r.day().equals(DAY)).toList();
        // 24 node-hours + 24 container-hours + the run's notice + its row = 50 records, then the late one
        assertThat(day.stream().map(CostAllocationDaily::version).distinct().sorted().toList()).containsExactly(50L, 51L);
        assertThat(AllocationJobIT.current(day.stream().filter(r -> r.version() == 50).toList())).containsOnly(
                Map.entry("aks-close 2026-01-30 shop/Deployment/api COMPUTE", "12 / 12 EUR unowned "),
                Map.entry("aks-close 2026-01-30 __idle__// IDLE", "12 / 12 EUR unowned "));
        // hour 5: the Job takes the other half (0.50 of 1.00); idle keeps the other 23 hours' half
        assertThat(AllocationJobIT.current(day)).containsOnly(
                Map.entry("aks-close 2026-01-30 shop/Deployment/api COMPUTE", "12 / 12 EUR unowned "),
                Map.entry("aks-close 2026-01-30 batch/Job/late COMPUTE", "0.5 / 0.5 EUR unowned "),
                Map.entry("aks-close 2026-01-30 __idle__// IDLE", "11.5 / 11.5 EUR unowned "));
        assertThat(letters.collected()).isEmpty();
    }

    /** The usage rows in order; the last one is read only once the day's rows are in the sink (or after {@link #WAIT}). */
    private static DataGeneratorSource<TopicRecord> lastRowWaitsForTheDay(List<TopicRecord> usage,
                                                                         CollectingSink<CostAllocationDaily> sink) {
        ArrayList<TopicRecord> rows = new ArrayList<>(usage);
        GeneratorFunction<Long, TopicRecord> nth = index -> {
            if (index == rows.size() - 1) {
                Instant deadline = Instant.now().plus(WAIT);
                while (sink.collected().stream().noneMatch(r -> r.day().equals(DAY)) && Instant.now().isBefore(deadline)) {
                    Thread.sleep(50);
                }
                DAY_WRITTEN_BEFORE_THE_INPUT_ENDED.set(sink.collected().stream().anyMatch(r -> r.day().equals(DAY)));
            }
            return rows.get(index.intValue());
        };
        return new DataGeneratorSource<>(nth, rows.size(), TypeInformation.of(TopicRecord.class));
    }
}
