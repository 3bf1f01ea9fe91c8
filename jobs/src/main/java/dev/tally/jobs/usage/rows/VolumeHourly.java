package dev.tally.jobs.usage.rows;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;

/** A row of {@code volume_hourly}: one claim and the volume and disk behind it, in one UTC hour. */
public record VolumeHourly(Instant hour, String cluster, String namespace, String claim, String volume,
                           String storageClass, String csiDriver, String diskResourceId,
                           double requestedBytes, double capacityBytes, BigDecimal secondsPresent,
                           long version) implements Serializable {
}
