package dev.tally.jobs.clickhouse;

import java.io.Serializable;
import java.time.Duration;

/**
 * @param jdbcUrl      the driver's URL, e.g. {@code jdbc:clickhouse:http://127.0.0.1:8123/tally?compress=false}
 * @param database     the database the tables live in (default {@code tally})
 * @param batchSize    rows per INSERT before a checkpoint forces one (default 10,000)
 * @param maxAttempts  tries per batch before the job fails and restarts from its checkpoint (default 5)
 * @param retryBackoff the first pause between tries, doubled each time (default 200 ms)
 */
public record ClickHouseSinkSettings(String jdbcUrl, String database, int batchSize, int maxAttempts,
                                     Duration retryBackoff) implements Serializable {

    public static ClickHouseSinkSettings of(String jdbcUrl, String database) {
        return new ClickHouseSinkSettings(jdbcUrl, database, 10_000, 5, Duration.ofMillis(200));
    }
}
