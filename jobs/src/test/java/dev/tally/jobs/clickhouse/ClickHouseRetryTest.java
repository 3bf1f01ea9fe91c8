package dev.tally.jobs.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClickHouseRetryTest {

    @Test
    void theDefaultPausesDoubleFrom200MillisecondsUpTo30Seconds() {
        ClickHouseRetry retry = ClickHouseRetry.defaults();
        List<Long> pausesMs = new ArrayList<>();
        for (int failures = 1; failures <= 12; failures++) {
            pausesMs.add(retry.backoff(failures).toMillis());
        }
        assertThat(pausesMs).containsExactly(200L, 400L, 800L, 1_600L, 3_200L, 6_400L, 12_800L, 25_600L,
                30_000L, 30_000L, 30_000L, 30_000L);
        assertThat(retry.backoff(10_000)).as("far past the cap, no overflow").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aTenMinuteOutageIsRetriedUntilTheBudgetIsSpentThenTheJobFails() {
        ClickHouseRetry retry = ClickHouseRetry.defaults();
        // ClickHouse never answers and each try fails at once: walk the schedule as the writer does
        Duration unavailable = Duration.ZERO;
        int failures = 1;
        Optional<Duration> pause;
        while ((pause = retry.nextPause(failures, unavailable)).isPresent()) {
            assertThat(pause.get()).as("after %d failures", failures).isPositive();
            unavailable = unavailable.plus(pause.get());
            failures++;
        }
        // 51.0 s in the first 8 pauses, then 18 pauses of 30 s (to 591 s) and one of 9 s that ends on the budget
        assertThat(unavailable).isEqualTo(Duration.ofMinutes(10));
        assertThat(failures - 1).as("pauses taken").isEqualTo(8 + 18 + 1);
        assertThat(retry.nextPause(27, Duration.ofSeconds(591))).contains(Duration.ofSeconds(9));
    }

    @Test
    void aZeroBudgetFailsOnTheFirstFailureAndAPauseNeverRunsPastTheBudget() {
        ClickHouseRetry none = new ClickHouseRetry(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ZERO);
        assertThat(none.nextPause(1, Duration.ZERO)).isEmpty();
        ClickHouseRetry fiveSeconds = new ClickHouseRetry(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5));
        assertThat(fiveSeconds.nextPause(3, Duration.ofSeconds(3))).contains(Duration.ofSeconds(2));
        assertThat(fiveSeconds.nextPause(4, Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void theEnvironmentOverridesEachSettingAndAMistakeNamesTheVariable() {
        assertThat(ClickHouseRetry.fromEnv(Map.of())).isEqualTo(ClickHouseRetry.defaults());
        ClickHouseRetry configured = ClickHouseRetry.fromEnv(Map.of(
                ClickHouseRetry.FIRST_BACKOFF_ENV, "500ms",
                ClickHouseRetry.MAX_BACKOFF_ENV, "1m",
                ClickHouseRetry.OUTAGE_BUDGET_ENV, "PT30M"));
        assertThat(configured).isEqualTo(new ClickHouseRetry(Duration.ofMillis(500), Duration.ofMinutes(1), Duration.ofMinutes(30)));
        assertThatThrownBy(() -> ClickHouseRetry.fromEnv(Map.of(ClickHouseRetry.OUTAGE_BUDGET_ENV, "ten minutes")))
                .hasMessageContaining(ClickHouseRetry.OUTAGE_BUDGET_ENV);
        assertThatThrownBy(() -> ClickHouseRetry.fromEnv(Map.of(ClickHouseRetry.MAX_BACKOFF_ENV, "100ms")))
                .hasMessageContaining("at least the first");
    }
}
