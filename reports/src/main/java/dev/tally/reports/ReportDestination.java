package dev.tally.reports;

import dev.tally.ingest.costs.blob.BlobLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where versions of a month are published: {@code <root>/chargeback/YYYY-MM/vN/}. A version is
 * published when its {@code manifest.json} exists; it is written after every other file, and
 * nothing of a version is ever overwritten.
 */
public sealed interface ReportDestination permits FolderDestination, BlobDestination {
    String MANIFEST = "manifest.json";

    /** A folder path, or a Blob Storage / ADLS URL ({@code azblob://}, {@code abfss://}, {@code https://}). */
    static ReportDestination of(String target, Map<String, String> env) {
        if (BlobLocation.looksLikeBlobUrl(target)) {
            return BlobDestination.of(BlobLocation.parse(target), env);
        }
        return new FolderDestination(Path.of(target));
    }

    /** Every version folder of the month, published or not (an interrupted upload keeps its number). */
    List<Integer> versions(YearMonth month) throws IOException;

    /** The version's manifest, when the version is published. */
    Optional<byte[]> manifest(YearMonth month, int version) throws IOException;

    /**
     * Writes the files, then the manifest, as {@code vN}; fails if anything of {@code vN} exists.
     *
     * @param files local files, published under their file names
     */
    void publish(YearMonth month, int version, List<Path> files, byte[] manifest) throws IOException;

    /** Where the version is, to print and record (no credentials). */
    String location(YearMonth month, int version);

    /** The highest published version, if any. */
    default Optional<Integer> latestPublished(YearMonth month) throws IOException {
        List<Integer> all = versions(month);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (manifest(month, all.get(i)).isPresent()) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    static String folder(YearMonth month, int version) {
        return "chargeback/" + month + "/v" + version;
    }

    /** {@code vN} → N, else -1. */
    static int versionOf(String name) {
        if (name.length() < 2 || name.charAt(0) != 'v') {
            return -1;
        }
        try {
            int v = Integer.parseInt(name.substring(1));
            return v > 0 && name.equals("v" + v) ? v : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
