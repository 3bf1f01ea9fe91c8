package dev.tally.ingest.costs.run;

/** What a folder holds: a run ready to import, or one that cannot be, with the file at fault and why. */
public sealed interface DiscoveredRun {
    record Ready(CostExportRun run) implements DiscoveredRun {
    }

    /** Missing or short part, a file the manifest does not list, a malformed manifest, a Parquet part. */
    record Unusable(String file, String problem) implements DiscoveredRun {
        @Override
        public String toString() {
            return file + ": " + problem;
        }
    }
}
