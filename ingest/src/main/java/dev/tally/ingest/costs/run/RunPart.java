package dev.tally.ingest.costs.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * One file of a run.
 *
 * @param store         where it is kept
 * @param name          its name in the store
 * @param expectedBytes its size per the manifest, or -1 (a file dropped by hand)
 * @param expectedRows  its data rows per the manifest, or -1 when not given
 */
public record RunPart(ExportStore store, String name, long expectedBytes, long expectedRows) {
    public boolean gzip() {
        return name.toLowerCase(Locale.ROOT).endsWith(".gz");
    }

    public boolean parquet() {
        return name.toLowerCase(Locale.ROOT).endsWith(".parquet");
    }

    /** A path or URL a person finds the file by (never a secret). */
    public String location() {
        return store.location(name);
    }

    public String fileName() {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    public InputStream open() throws IOException {
        return store.open(name);
    }
}
