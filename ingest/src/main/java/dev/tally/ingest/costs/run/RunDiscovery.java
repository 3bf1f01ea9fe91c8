package dev.tally.ingest.costs.run;

import dev.tally.ingest.costs.normalize.CostView;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds the runs in a folder or a Blob Storage container ({@link ExportStore}). Cost Management writes
 * {@code <root>/<export name>/<yyyyMMdd-yyyyMMdd>/<run id>/} with a {@code manifest.json} and
 * its parts; a folder with a manifest is one run. Any other {@code .csv} / {@code .csv.gz} /
 * {@code .parquet} file is a file dropped by hand: a run of one part, its id the SHA-256 of its bytes.
 *
 * <p>A run is ready only when every part its manifest lists is present with the manifest's byte
 * count and the folder holds nothing else. A listed part that is absent or shorter than the
 * manifest says is {@link DiscoveredRun.Incomplete} (an upload in progress: the run stays invisible
 * and is looked at again later); anything else wrong is {@link DiscoveredRun.Unusable}, naming the
 * file. Nothing is read here but listings and manifests (and a hand-dropped file's bytes, for its hash).
 */
public final class RunDiscovery {
    public static final String MANIFEST = "manifest.json";
    private static final Pattern PERIOD_FOLDER = Pattern.compile("(\\d{8})-(\\d{8})");
    /** A manifest is a few KB even for thousands of parts; a bigger file is not one. */
    private static final long MAX_MANIFEST_BYTES = 16L * 1024 * 1024;

    private final CostView viewWhenUnsaid;
    /** Hand-dropped files' hashes by location, size and version: a watch does not re-read them every poll. */
    private final Map<String, String> hashes = new java.util.HashMap<>();

    /** @param viewWhenUnsaid how cost-details rows are read when no manifest names the dataset */
    public RunDiscovery(CostView viewWhenUnsaid) {
        this.viewWhenUnsaid = viewWhenUnsaid;
    }

    /** A local folder of exports, a run folder, a manifest, or one file. */
    public List<DiscoveredRun> discover(Path path) {
        if (!Files.exists(path)) {
            return List.of(new DiscoveredRun.Unusable(path.toString(), "no such file or folder"));
        }
        if (Files.isRegularFile(path)) {
            Path absolute = path.toAbsolutePath();
            return discoverFile(new FolderExportStore(absolute.getParent()), absolute.getFileName().toString());
        }
        return discover(new FolderExportStore(path), "");
    }

    /** Every run under {@code folder} of the store ({@code ""}: all of it). */
    public List<DiscoveredRun> discover(ExportStore store, String folder) {
        List<ExportStore.StoredFile> files = list(store, folder);
        Set<String> runFolders = new LinkedHashSet<>();
        for (ExportStore.StoredFile f : files) {
            if (f.fileName().equals(MANIFEST)) {
                runFolders.add(f.folder());
            }
        }
        List<DiscoveredRun> runs = new ArrayList<>();
        for (String runFolder : runFolders) {
            runs.add(fromManifest(store, runFolder, files));
        }
        for (ExportStore.StoredFile f : files) {
            if (!runFolders.contains(f.folder()) && isCostFile(f.name())) {
                runs.add(handDropped(store, f));
            }
        }
        return runs;
    }

    /** One file: a manifest (its run), a part its folder's manifest lists (the whole run), else a file dropped by hand. */
    public List<DiscoveredRun> discoverFile(ExportStore store, String name) {
        String folder = name.substring(0, name.lastIndexOf('/') + 1);
        String fileName = name.substring(folder.length());
        if (fileName.equals(MANIFEST)) {
            return List.of(fromManifest(store, folder, list(store, folder)));
        }
        String siblingManifest = folder + MANIFEST;
        if (listedIn(store, siblingManifest, fileName)) {
            return List.of(fromManifest(store, folder, list(store, folder))); // a part names its whole run, never itself alone
        }
        try {
            Optional<ExportStore.StoredFile> file = store.find(name);
            return List.of(handDropped(store, file.orElse(new ExportStore.StoredFile(name, -1, ""))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + store.location(name) + ": " + e.getMessage(), e);
        }
    }

    private static List<ExportStore.StoredFile> list(ExportStore store, String folder) {
        try {
            return store.list(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + store.location(folder) + ": " + e.getMessage(), e);
        }
    }

    private static boolean listedIn(ExportStore store, String manifest, String fileName) {
        try {
            Optional<ExportStore.StoredFile> found = store.find(manifest);
            return found.isPresent() && readManifest(store, found.get()).blobs().stream()
                    .anyMatch(b -> b.fileName().equals(fileName));
        } catch (CostRunException | IOException e) {
            return false; // not a manifest we can read: the file is judged on its own
        }
    }

    static boolean isCostFile(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".csv") || lower.endsWith(".csv.gz") || lower.endsWith(".parquet");
    }

    private static ExportManifest readManifest(ExportStore store, ExportStore.StoredFile file) {
        String location = store.location(file.name());
        if (file.bytes() > MAX_MANIFEST_BYTES) {
            throw new CostRunException(location, "not a manifest: larger than 16 MiB");
        }
        try (InputStream in = store.open(file.name())) {
            return ManifestParser.parse(location, in.readNBytes((int) MAX_MANIFEST_BYTES + 1));
        } catch (IOException e) {
            throw new CostRunException(location, "cannot read the manifest: " + e.getMessage(), e);
        }
    }

    /** @param listed the store's files under (at least) {@code folder} */
    DiscoveredRun fromManifest(ExportStore store, String folder, List<ExportStore.StoredFile> listed) {
        Map<String, ExportStore.StoredFile> inFolder = listed.stream().filter(f -> f.folder().equals(folder))
                .collect(Collectors.toMap(ExportStore.StoredFile::fileName, Function.identity(), (a, b) -> a,
                        java.util.TreeMap::new));
        String manifestName = folder + MANIFEST;
        String manifestLocation = store.location(manifestName);
        ExportManifest manifest;
        try {
            ExportStore.StoredFile manifestFile = inFolder.get(MANIFEST);
            if (manifestFile == null) {
                return new DiscoveredRun.Unusable(manifestLocation, "no such file");
            }
            manifest = readManifest(store, manifestFile);
        } catch (CostRunException e) {
            return new DiscoveredRun.Unusable(e.file(), e.getMessage().substring(e.file().length() + 2));
        }
        List<RunPart> parts = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (ManifestBlob blob : manifest.blobs()) {
            String name = folder + blob.fileName();
            String location = store.location(name);
            names.add(blob.fileName());
            ExportStore.StoredFile file = inFolder.get(blob.fileName());
            if (file == null) {
                return new DiscoveredRun.Incomplete(location,
                        "part listed in " + manifestLocation + " is missing: the run is incomplete, nothing of it was imported");
            }
            if (file.bytes() != blob.byteCount()) {
                String problem = "is " + file.bytes() + " bytes but " + manifestLocation + " says "
                        + blob.byteCount() + " (upload incomplete or file changed): nothing of the run was imported";
                return file.bytes() < blob.byteCount() ? new DiscoveredRun.Incomplete(location, problem)
                        : new DiscoveredRun.Unusable(location, problem);
            }
            parts.add(new RunPart(store, name, blob.byteCount(), blob.dataRowCount()));
        }
        for (String other : inFolder.keySet()) {
            if (!other.equals(MANIFEST) && !other.startsWith(".") && !names.contains(other)) {
                return new DiscoveredRun.Unusable(store.location(folder + other), "is in the run folder but not listed in "
                        + manifestLocation + ": the manifest does not match its files, nothing of the run was imported");
            }
        }

        List<String> folders = segments(manifestLocation);
        int periodAt = periodFolderIndex(folders);
        String billingPeriod = periodAt >= 0 ? folders.get(periodAt)
                : manifest.startDate() != null && manifest.endDate() != null
                ? manifest.startDate().toString().replace("-", "") + "-" + manifest.endDate().toString().replace("-", "")
                : null;
        String exportName = manifest.exportName() != null ? manifest.exportName()
                : periodAt > 0 ? folders.get(periodAt - 1) : folders.get(folders.size() - 1);
        String scope = manifest.scope() != null ? manifest.scope() : "export:" + exportName;
        String runId = manifest.runId() != null ? manifest.runId().toLowerCase(Locale.ROOT) : folders.get(folders.size() - 1);

        String dataset = null;
        CostView view = viewWhenUnsaid;
        if (manifest.datasetType() != null) {
            switch (manifest.datasetType().toLowerCase(Locale.ROOT)) {
                case "actualcost", "usage" -> { dataset = "ActualCost"; view = CostView.ACTUAL; }
                case "amortizedcost" -> { dataset = "AmortizedCost"; view = CostView.AMORTIZED; }
                case "focuscost" -> dataset = "FocusCost";
                default -> {
                    return new DiscoveredRun.Unusable(manifestLocation, "dataset type '" + manifest.datasetType()
                            + "' is not a cost dataset Tally imports (ActualCost, AmortizedCost, FocusCost)");
                }
            }
        }
        return new DiscoveredRun.Ready(new CostExportRun(scope, dataset, billingPeriod, runId, exportName,
                manifest.datasetVersion(), view, manifest.submittedTime(), manifestLocation, parts));
    }

    DiscoveredRun handDropped(ExportStore store, ExportStore.StoredFile file) {
        String name = file.name();
        String runId = file.bytes() < 0 || file.version().isEmpty() ? sha256(store, name)
                : hashes.computeIfAbsent(store.location(name) + "|" + file.bytes() + "|" + file.version(), k -> sha256(store, name));
        String fileName = name.substring(name.lastIndexOf('/') + 1);
        String baseName = fileName.replaceFirst("(?i)\\.gz$", "");
        String location = store.location(name);
        return new DiscoveredRun.Ready(new CostExportRun("file:" + baseName, null, null, runId, baseName, null,
                viewWhenUnsaid, null, location, List.of(new RunPart(store, name, -1, -1))));
    }

    /** The folders above a manifest, outermost first, without the manifest itself (path or URL path). */
    private static List<String> segments(String manifestLocation) {
        String path = manifestLocation.replace(java.io.File.separatorChar, '/');
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        List<String> parts = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                parts.add(s);
            }
        }
        return parts.subList(0, Math.max(parts.size() - 1, 1));
    }

    private static int periodFolderIndex(List<String> folders) {
        for (int i = folders.size() - 1; i >= 0; i--) {
            if (PERIOD_FOLDER.matcher(folders.get(i)).matches()) {
                return i;
            }
        }
        return -1;
    }

    static String sha256(ExportStore store, String name) {
        try (InputStream in = store.open(name)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + store.location(name) + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
