package dev.tally.jobs.allocation.stream;

import java.math.BigDecimal;

/**
 * A volume row of {@code tally.usage.v1}: a claim and its Azure disk in one hour (for the
 * estimate before the export arrives; the export's own disk rows name the claim themselves).
 */
public record VolumeHourInput(String id, long hourEpochSecond, String namespace, String claim, String storageClass,
                              String diskResourceId, BigDecimal capacityBytes, BigDecimal secondsPresent, long version) {
}
