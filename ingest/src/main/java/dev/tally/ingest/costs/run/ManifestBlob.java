package dev.tally.ingest.costs.run;

/**
 * One part of an exported run as its manifest lists it.
 *
 * @param blobName     the blob's path in the container, as written
 * @param byteCount    the part's size in bytes as stored (compressed size for {@code .csv.gz})
 * @param dataRowCount data rows in the part, or -1 when the manifest does not say
 */
public record ManifestBlob(String blobName, long byteCount, long dataRowCount) {
    /** The part's file name: parts sit next to their manifest in the run's folder. */
    public String fileName() {
        int slash = blobName.lastIndexOf('/');
        return slash < 0 ? blobName : blobName.substring(slash + 1);
    }
}
