package dev.tally.jobs.allocation.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.jobs.testing.CollectingSink;
import dev.tally.jobs.testing.ListSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * State expiry (DayRetention) through the Flink job, one ordered partition: days are kept until
 * 10 days after their month ends on the job's clock (the rows' days); a row of a later day moves
 * the clock, the expired day's state goes, and a row for it arriving after that is a dead letter.
 */
class AllocationRetentionIT {
    static final LocalDate OLD = LocalDate.parse("2026-01-30");      // kept until 2026-02-11
    static final LocalDate KEPT = LocalDate.parse("2026-02-20");     // kept until 2026-03-11
    static final LocalDate CLOCK = LocalDate.parse("2026-03-01");
    static final String NODE = AllocationJobIT.NODE_A;

    static List<CostAllocationDaily> written;
    static List<DeadLetter> deadLetters;

    @BeforeAll
    static void runTheJob() throws Exception {
        TopicRows in = new TopicRows();
        // two days priced from list prices (no export): a node, half requested by api
        in.node("aks-old", NODE, "Standard_D4s_v5", OLD, 0, 24, 3600)
                .container("aks-old", NODE, "shop", "Deployment", "api", OLD, 0, 24, "2", "1", "8", "4")
                .node("aks-old", NODE, "Standard_D4s_v5", KEPT, 0, 24, 3600)
                .container("aks-old", NODE, "shop", "Deployment", "api", KEPT, 0, 24, "2", "1", "8", "4");
        // another cluster's row of 2026-03-01 moves the job's clock past 2026-02-11
        in.node("aks-clock", NODE, "Standard_D4s_v5", CLOCK, 0, 1, 3600);
        // the cost topic has one row outside clusters on the clock's day (its source must not be empty)
        in.outside("retention/run-1", 1, CLOCK, "Key Vault", "0.10", Map.of());
        // late rows: one for the expired day, one for the day still kept
        in.container("aks-old", NODE, "batch", "Job", "late", OLD, 5, 1, "4", "4", "16", "16")
                .container("aks-old", NODE, "batch", "Job", "late", KEPT, 5, 1, "4", "4", "16", "16");

        CollectingSink<CostAllocationDaily> sink = new CollectingSink<>();
        CollectingSink<DeadLetter> letters = new CollectingSink<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
        new AllocationJob(ListSource.of(in.usage, TopicRecord.class), ListSource.of(in.costs, TopicRecord.class), sink, letters,
                AllocationJobIT.SETTINGS.withKeepAfterMonth(Duration.ofDays(10)), (c, n, k, w) -> Owner.unowned()).addTo(env);
        env.execute("allocation state expiry");
        written = sink.collected();
        deadLetters = letters.collected();
    }

    @Test
    void aLateRowForAnExpiredDayIsADeadLetterSayingWhyAndTheDayKeepsItsLastRows() {
        assertThat(deadLetters).singleElement().satisfies(l -> {
            assertThat(l.stage()).isEqualTo(AllocationJob.STAGE);
            assertThat(l.position().source()).isEqualTo("tally.usage.v1");
            assertThat(l.reason()).isEqualTo("cluster-day aks-old 2026-01-30 has expired: allocation keeps a day until 10 days"
                    + " after its month ends (2026-02-11T00:00:00Z) and its inputs have reached 2026-03-01T00:00:00Z;"
                    + " this row can no longer change the day (raise keepAfterMonth to backfill older months)");
            assertThat(new String(l.payload(), StandardCharsets.UTF_8)).contains("batch", "late", "aks-old");
        });
        // the expired day: its rows as computed before it expired (48 records): half of 0.192 × 24 to api
        Map<String, String> old = AllocationJobIT.current(written.stream().filter(r -> r.day().equals(OLD)).toList());
        assertThat(old).containsOnly(
                Map.entry("aks-old 2026-01-30 shop/Deployment/api COMPUTE", "2.304 / 2.304 USD unowned  estimated"),
                Map.entry("aks-old 2026-01-30 __idle__// IDLE", "2.304 / 2.304 USD unowned  estimated"));
        assertThat(written.stream().filter(r -> r.day().equals(OLD)).mapToLong(CostAllocationDaily::version).max()).hasValue(48);
    }

    @Test
    void aDayStillKeptTakesTheLateRow() {
        // hour 5: the late Job claims 4 of 6 claimed cores and 16 of 24 claimed GiB: 2/3 of 0.192 = 0.128;
        // api 1/3 of hour 5 plus half of the other 23 hours (2.208) = 2.272; idle 23 × 0.096 = 2.208
        Map<String, String> kept = AllocationJobIT.current(written.stream().filter(r -> r.day().equals(KEPT)).toList());
        assertThat(kept).containsOnly(
                Map.entry("aks-old 2026-02-20 batch/Job/late COMPUTE", "0.128 / 0.128 USD unowned  estimated"),
                Map.entry("aks-old 2026-02-20 shop/Deployment/api COMPUTE", "2.272 / 2.272 USD unowned  estimated"),
                Map.entry("aks-old 2026-02-20 __idle__// IDLE", "2.208 / 2.208 USD unowned  estimated"));
        assertThat(written.stream().filter(r -> r.day().equals(KEPT)).mapToLong(CostAllocationDaily::version).max()).hasValue(49);
        assertThat(written).noneMatch(r -> r.billedCost().compareTo(BigDecimal.ZERO) < 0);
    }
}
