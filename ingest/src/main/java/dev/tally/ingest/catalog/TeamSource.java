package dev.tally.ingest.catalog;

/** Where a workload's team came from, in the order they are tried. */
public enum TeamSource {
    /** The owner group of the matched component. */
    CATALOG_OWNER,
    /** The namespace's team label. */
    NAMESPACE_LABEL,
    /** The configured namespace → team map. */
    NAMESPACE_MAP,
    /** Nothing: the {@code unowned} bucket, kept visible. */
    UNOWNED
}
