package dev.tally.jobs.clickhouse;

import dev.tally.common.clickhouse.ClickHouseUrl;
import java.io.Serializable;

/**
 * @param clickHouse the server and database the tables live in
 * @param batchSize  rows per INSERT before a checkpoint forces one (default 10,000)
 * @param retry      how long a failing batch is retried before the job fails (see {@link ClickHouseRetry})
 */
public record ClickHouseSinkSettings(ClickHouseUrl clickHouse, int batchSize, ClickHouseRetry retry)
        implements Serializable {

    public static ClickHouseSinkSettings of(ClickHouseUrl clickHouse) {
        return new ClickHouseSinkSettings(clickHouse, 10_000, ClickHouseRetry.defaults());
    }

    public ClickHouseSinkSettings withRetry(ClickHouseRetry otherRetry) {
        return new ClickHouseSinkSettings(clickHouse, batchSize, otherRetry);
    }

    public String database() {
        return clickHouse.database();
    }
}
