package dev.tally.ingest.costs;

import dev.tally.ingest.costs.blob.BlobAccess;
import dev.tally.ingest.costs.blob.BlobExportStore;
import dev.tally.ingest.costs.blob.BlobLocation;
import dev.tally.ingest.costs.run.DiscoveredRun;
import dev.tally.ingest.costs.run.RunDiscovery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** What {@code tally costs import} reads: a local path, or a Blob Storage / ADLS Gen2 URL. */
public sealed interface ExportSource {

    /** The runs there now (what is complete, what is still being uploaded, what is unusable). */
    List<DiscoveredRun> discover(RunDiscovery discovery);

    /** A path or URL (never with a secret in it). */
    String describe();

    /** @param env where connection strings, SAS tokens and Entra ID settings come from (see {@link BlobAccess}) */
    static ExportSource of(String pathOrUrl, Map<String, String> env) {
        if (BlobLocation.looksLikeBlobUrl(pathOrUrl)) {
            BlobLocation location = BlobLocation.parse(pathOrUrl);
            return new Blob(location, new BlobExportStore(BlobAccess.container(location, env), ""));
        }
        return new Folder(Path.of(pathOrUrl));
    }

    record Folder(Path path) implements ExportSource {
        @Override
        public List<DiscoveredRun> discover(RunDiscovery discovery) {
            return discovery.discover(path);
        }

        @Override
        public String describe() {
            return path.toString();
        }
    }

    /** A container, a folder in it ({@code …/} or a name no blob has), or one blob. */
    record Blob(BlobLocation location, BlobExportStore store) implements ExportSource {
        @Override
        public List<DiscoveredRun> discover(RunDiscovery discovery) {
            String path = location.path();
            try {
                if (!path.isEmpty() && !path.endsWith("/") && store.find(path).isPresent()) {
                    return discovery.discoverFile(store, path);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + store.location(path) + ": " + e.getMessage(), e);
            }
            return discovery.discover(store, path.isEmpty() || path.endsWith("/") ? path : path + "/");
        }

        @Override
        public String describe() {
            return location.toString();
        }
    }
}
