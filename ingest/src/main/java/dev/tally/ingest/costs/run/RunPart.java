package dev.tally.ingest.costs.run;

import java.nio.file.Path;

/**
 * One file of a run.
 *
 * @param file          where it is
 * @param expectedBytes its size per the manifest, or -1 (a file dropped by hand)
 * @param expectedRows  its data rows per the manifest, or -1 when not given
 */
public record RunPart(Path file, long expectedBytes, long expectedRows) {
    public boolean gzip() {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
    }
}
