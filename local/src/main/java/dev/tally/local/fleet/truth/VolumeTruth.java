package dev.tally.local.fleet.truth;

/** A claim and the Azure disk behind it: what a disk's cost row must be charged to. */
public record VolumeTruth(String cluster, String namespace, String claim, String volume, String storageClass,
                          String diskSku, String diskResourceId, long sizeBytes) {
}
