package dev.tally.jobs.clickhouse;

import dev.tally.common.clickhouse.ClickHouseUrl;
import java.io.Serializable;
import java.time.Duration;

/**
 * @param clickHouse   the server and database the tables live in
 * @param batchSize    rows per INSERT before a checkpoint forces one (default 10,000)
 * @param maxAttempts  tries per batch before the job fails and restarts from its checkpoint (default 5)
 * @param retryBackoff the first pause between tries, doubled each time (default 200 ms)
 */
public record ClickHouseSinkSettings(ClickHouseUrl clickHouse, int batchSize, int maxAttempts, Duration retryBackoff)
        implements Serializable {

    public static ClickHouseSinkSettings of(ClickHouseUrl clickHouse) {
        return new ClickHouseSinkSettings(clickHouse, 10_000, 5, Duration.ofMillis(200));
    }

    public String database() {
        return clickHouse.database();
    }
}
