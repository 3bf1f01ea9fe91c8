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
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the runs under a folder. Cost Management writes
 * {@code <root>/<export name>/<yyyyMMdd-yyyyMMdd>/<run id>/} with a {@code manifest.json} and
 * its parts; a folder with a manifest is one run. Any other {@code .csv} / {@code .csv.gz} file is a
 * file dropped by hand: a run of one part, its id the SHA-256 of its bytes.
 *
 * <p>A run is ready only when every part its manifest lists is present with the manifest's byte
 * count and the folder holds nothing else; otherwise it is {@link DiscoveredRun.Unusable}, naming
 * the file. Nothing is read here but sizes and manifests (and a hand-dropped file's bytes, for its hash).
 */
public final class RunDiscovery {
    public static final String MANIFEST = "manifest.json";
    private static final Pattern PERIOD_FOLDER = Pattern.compile("(\\d{8})-(\\d{8})");

    private final CostView viewWhenUnsaid;

    /** @param viewWhenUnsaid how cost-details rows are read when no manifest names the dataset */
    public RunDiscovery(CostView viewWhenUnsaid) {
        this.viewWhenUnsaid = viewWhenUnsaid;
    }

    public List<DiscoveredRun> discover(Path path) {
        if (!Files.exists(path)) {
            return List.of(new DiscoveredRun.Unusable(path.toString(), "no such file or folder"));
        }
        if (Files.isRegularFile(path)) {
            if (path.getFileName().toString().equals(MANIFEST)) {
                return List.of(fromManifest(path));
            }
            Path siblingManifest = path.toAbsolutePath().resolveSibling(MANIFEST);
            if (Files.isRegularFile(siblingManifest) && listedIn(siblingManifest, path.getFileName().toString())) {
                return List.of(fromManifest(siblingManifest)); // a part names its whole run, never itself alone
            }
            return List.of(handDropped(path));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
        }
        Set<Path> runFolders = new LinkedHashSet<>();
        for (Path f : files) {
            if (f.getFileName().toString().equals(MANIFEST)) {
                runFolders.add(f.getParent());
            }
        }
        List<DiscoveredRun> runs = new ArrayList<>();
        for (Path folder : runFolders) {
            runs.add(fromManifest(folder.resolve(MANIFEST)));
        }
        for (Path f : files) {
            if (!runFolders.contains(f.getParent()) && isCostFile(f)) {
                runs.add(handDropped(f));
            }
        }
        return runs;
    }

    private static boolean listedIn(Path manifest, String fileName) {
        try {
            return ManifestParser.read(manifest).blobs().stream().anyMatch(b -> b.fileName().equals(fileName));
        } catch (CostRunException e) {
            return false; // not a manifest we can read: the file is judged on its own
        }
    }

    static boolean isCostFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".csv.gz") || name.endsWith(".parquet");
    }

    DiscoveredRun fromManifest(Path manifestFile) {
        ExportManifest manifest;
        try {
            manifest = ManifestParser.read(manifestFile);
        } catch (CostRunException e) {
            return new DiscoveredRun.Unusable(e.file(), e.getMessage().substring(e.file().length() + 2));
        }
        Path folder = manifestFile.toAbsolutePath().getParent();
        List<RunPart> parts = new ArrayList<>();
        Set<String> listed = new LinkedHashSet<>();
        for (ManifestBlob blob : manifest.blobs()) {
            Path file = folder.resolve(blob.fileName());
            listed.add(blob.fileName());
            if (blob.fileName().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
                return new DiscoveredRun.Unusable(file.toString(), "Parquet parts are not supported yet (export as CSV or gzipped CSV)");
            }
            if (!Files.isRegularFile(file)) {
                return new DiscoveredRun.Unusable(file.toString(),
                        "part listed in " + manifestFile + " is missing: the run is incomplete, nothing of it was imported");
            }
            long size = sizeOf(file);
            if (size != blob.byteCount()) {
                return new DiscoveredRun.Unusable(file.toString(), "is " + size + " bytes but " + manifestFile + " says "
                        + blob.byteCount() + " (upload incomplete or file changed): nothing of the run was imported");
            }
            parts.add(new RunPart(file, blob.byteCount(), blob.dataRowCount()));
        }
        try (Stream<Path> inFolder = Files.list(folder)) {
            for (Path other : inFolder.filter(Files::isRegularFile).sorted().toList()) {
                String name = other.getFileName().toString();
                if (!name.equals(MANIFEST) && !name.startsWith(".") && !listed.contains(name)) {
                    return new DiscoveredRun.Unusable(other.toString(), "is in the run folder but not listed in "
                            + manifestFile + ": the manifest does not match its files, nothing of the run was imported");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
        }

        String periodFolder = periodFolderAbove(folder);
        String billingPeriod = periodFolder != null ? periodFolder
                : manifest.startDate() != null && manifest.endDate() != null
                ? manifest.startDate().toString().replace("-", "") + "-" + manifest.endDate().toString().replace("-", "")
                : null;
        String exportName = manifest.exportName() != null ? manifest.exportName() : exportNameFromFolders(folder);
        String scope = manifest.scope() != null ? manifest.scope() : "export:" + exportName;
        String runId = manifest.runId() != null ? manifest.runId().toLowerCase(Locale.ROOT) : folder.getFileName().toString();

        String dataset = null;
        CostView view = viewWhenUnsaid;
        if (manifest.datasetType() != null) {
            switch (manifest.datasetType().toLowerCase(Locale.ROOT)) {
                case "actualcost", "usage" -> { dataset = "ActualCost"; view = CostView.ACTUAL; }
                case "amortizedcost" -> { dataset = "AmortizedCost"; view = CostView.AMORTIZED; }
                case "focuscost" -> dataset = "FocusCost";
                default -> {
                    return new DiscoveredRun.Unusable(manifestFile.toString(), "dataset type '" + manifest.datasetType()
                            + "' is not a cost dataset Tally imports (ActualCost, AmortizedCost, FocusCost)");
                }
            }
        }
        return new DiscoveredRun.Ready(new CostExportRun(scope, dataset, billingPeriod, runId, exportName,
                manifest.datasetVersion(), view, manifest.submittedTime(), manifestFile.toAbsolutePath(), parts));
    }

    DiscoveredRun handDropped(Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
            return new DiscoveredRun.Unusable(file.toString(), "Parquet files are not supported yet (export as CSV or gzipped CSV)");
        }
        String name = file.getFileName().toString();
        String baseName = name.replaceFirst("(?i)\\.gz$", "");
        return new DiscoveredRun.Ready(new CostExportRun("file:" + baseName, null, null, sha256(file), baseName, null,
                viewWhenUnsaid, null, file.toAbsolutePath(), List.of(new RunPart(file.toAbsolutePath(), -1, -1))));
    }

    private static String periodFolderAbove(Path folder) {
        for (Path p = folder; p != null && p.getFileName() != null; p = p.getParent()) {
            if (PERIOD_FOLDER.matcher(p.getFileName().toString()).matches()) {
                return p.getFileName().toString();
            }
        }
        return null;
    }

    private static String exportNameFromFolders(Path folder) {
        for (Path p = folder; p != null && p.getFileName() != null; p = p.getParent()) {
            if (PERIOD_FOLDER.matcher(p.getFileName().toString()).matches() && p.getParent() != null
                    && p.getParent().getFileName() != null) {
                return p.getParent().getFileName().toString();
            }
        }
        return folder.getFileName().toString();
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
