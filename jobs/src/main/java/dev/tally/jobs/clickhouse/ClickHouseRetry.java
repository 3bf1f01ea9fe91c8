package dev.tally.jobs.clickhouse;

import dev.tally.common.config.ConfigValues;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How long a ClickHouse sink keeps retrying a batch while ClickHouse does not answer. The writer
 * blocks meanwhile, so Flink backpressures and stops reading Kafka: an outage shorter than
 * {@code outageBudget} costs nothing but delay. A longer one fails the job, which restarts from its
 * checkpoint (exponential-delay restarts) and starts a new budget.
 *
 * @param firstBackoff the pause after the first failure, doubled after each further one (default 200 ms)
 * @param maxBackoff   the longest pause between two tries (default 30 s)
 * @param outageBudget how long one batch may keep failing before the job fails (default 10 min)
 */
public record ClickHouseRetry(Duration firstBackoff, Duration maxBackoff, Duration outageBudget) implements Serializable {

    public static final String FIRST_BACKOFF_ENV = "TALLY_CLICKHOUSE_RETRY_FIRST_BACKOFF";
    public static final String MAX_BACKOFF_ENV = "TALLY_CLICKHOUSE_RETRY_MAX_BACKOFF";
    public static final String OUTAGE_BUDGET_ENV = "TALLY_CLICKHOUSE_OUTAGE_BUDGET";

    public ClickHouseRetry {
        if (firstBackoff.isNegative() || firstBackoff.isZero()) {
            throw new IllegalArgumentException("the first ClickHouse retry backoff must be positive, was " + firstBackoff);
        }
        if (maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("the longest ClickHouse retry backoff (" + maxBackoff
                    + ") must be at least the first (" + firstBackoff + ")");
        }
        if (outageBudget.isNegative()) {
            throw new IllegalArgumentException("the ClickHouse outage budget must not be negative, was " + outageBudget);
        }
    }

    public static ClickHouseRetry defaults() {
        return new ClickHouseRetry(Duration.ofMillis(200), Duration.ofSeconds(30), Duration.ofMinutes(10));
    }

    /** The defaults, each overridden by its environment variable ({@code 500ms}, {@code 30s}, {@code 10m}, or ISO-8601). */
    public static ClickHouseRetry fromEnv(Map<String, String> env) {
        ClickHouseRetry d = defaults();
        return new ClickHouseRetry(
                env.containsKey(FIRST_BACKOFF_ENV) ? ConfigValues.duration(env, FIRST_BACKOFF_ENV) : d.firstBackoff,
                env.containsKey(MAX_BACKOFF_ENV) ? ConfigValues.duration(env, MAX_BACKOFF_ENV) : d.maxBackoff,
                env.containsKey(OUTAGE_BUDGET_ENV) ? ConfigValues.duration(env, OUTAGE_BUDGET_ENV) : d.outageBudget);
    }

    /** The pause after the {@code failures}-th failure in a row (1 = the first): doubled each time, capped. */
    public Duration backoff(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures start at 1, was " + failures);
        }
        // 2^30 × any positive backoff is past every sensible cap; stopping there keeps the product in range
        Duration doubled = firstBackoff.multipliedBy(1L << Math.min(failures - 1, 30));
        return doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }

    /**
     * What to do after the {@code failures}-th failure in a row, {@code unavailableFor} after the first:
     * the pause before the next try, never ending past the budget; empty when the budget is spent.
     */
    public Optional<Duration> nextPause(int failures, Duration unavailableFor) {
        Duration left = outageBudget.minus(unavailableFor);
        if (left.isNegative() || left.isZero()) {
            return Optional.empty();
        }
        Duration pause = backoff(failures);
        return Optional.of(pause.compareTo(left) > 0 ? left : pause);
    }
}
