package dev.tally.ingest.costs.run;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where Cost Management's exports are kept: a local folder ({@link FolderExportStore}) or a Blob
 * Storage container ({@code BlobExportStore}). Names are relative to the store's root and
 * {@code /}-separated, whatever the platform; {@link #location} turns a name into what a person
 * finds it by (a path, or a URL without any SAS token).
 */
public interface ExportStore {
    /** Every file under {@code folder} (a name ending in {@code /}, or {@code ""} for all), at any depth, sorted by name. */
    List<StoredFile> list(String folder) throws IOException;

    /** The file, or empty when there is none of that name. */
    Optional<StoredFile> find(String name) throws IOException;

    /** Its bytes as stored, read as they are consumed (never the whole file in memory). */
    InputStream open(String name) throws IOException;

    /** Its bytes from {@code offset} on (Parquet reads its footer first, then its column chunks). */
    InputStream openAt(String name, long offset) throws IOException;

    String location(String name);

    /**
     * A file of the store.
     *
     * @param name    relative to the store's root
     * @param bytes   its size
     * @param version changes whenever its content may have (last-modified time, ETag)
     */
    record StoredFile(String name, long bytes, String version) {
        public String fileName() {
            return name.substring(name.lastIndexOf('/') + 1);
        }

        /** The folder holding it, ending in {@code /}, or {@code ""} at the root. */
        public String folder() {
            return name.substring(0, name.lastIndexOf('/') + 1);
        }
    }
}
