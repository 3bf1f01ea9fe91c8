package dev.tally.ingest.costs.run;

/**
 * What a folder or container holds: a run ready to import, one still being uploaded, or one that
 * cannot be imported, with the file at fault and why.
 */
public sealed interface DiscoveredRun {
    record Ready(CostExportRun run) implements DiscoveredRun {
    }

    /** A part its manifest lists is absent or shorter than listed: the upload may still be going on. */
    record Incomplete(String file, String problem) implements DiscoveredRun {
        @Override
        public String toString() {
            return file + ": " + problem;
        }
    }

    /** A longer part, a file the manifest does not list, a malformed manifest, an unknown dataset. */
    record Unusable(String file, String problem) implements DiscoveredRun {
        @Override
        public String toString() {
            return file + ": " + problem;
        }
    }
}
