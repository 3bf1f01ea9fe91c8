package dev.tally.local.fleet.truth;

import java.time.Instant;

/**
 * A claim and the Azure disk behind it: what a disk's cost row must be charged to.
 *
 * @param created when the claim was bound and its disk created (the disk is billed from then on)
 */
public record VolumeTruth(String cluster, String namespace, String claim, String volume, String storageClass,
                          String diskSku, String diskResourceId, long sizeBytes, Instant created) {
}
