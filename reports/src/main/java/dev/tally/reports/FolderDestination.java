package dev.tally.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A local (or mounted) folder. A version is assembled in a hidden staging folder beside it
 * ({@code .vN-<random>.partial}: every file, the manifest last), then the staging folder is renamed
 * to {@code vN} in one atomic step: a reader listing the month sees either no {@code vN} or the whole
 * version with its manifest, also when the writer is killed at any point (a killed run leaves only
 * its hidden staging folder, which no listing counts, so the re-run publishes the same number).
 * The rename fails when {@code vN} exists (a published version is never overwritten).
 */
public record FolderDestination(Path root) implements ReportDestination {

    @Override
    public List<Integer> versions(YearMonth month) throws IOException {
        Path dir = root.resolve("chargeback").resolve(month.toString());
        List<Integer> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> children = Files.list(dir)) {
            children.map(p -> ReportDestination.versionOf(p.getFileName().toString())).filter(v -> v > 0).forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    @Override
    public Optional<byte[]> manifest(YearMonth month, int version) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(dir(month, version).resolve(MANIFEST)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void publish(YearMonth month, int version, List<Path> files, byte[] manifest) throws IOException {
        Path dir = dir(month, version);
        Files.createDirectories(dir.getParent());
        if (Files.exists(dir)) {
            throw new IllegalStateException(dir + " exists: a published version is never overwritten");
        }
        Path staging = dir.resolveSibling("." + dir.getFileName() + "-" + UUID.randomUUID() + STAGING_SUFFIX);
        Files.createDirectory(staging);
        try {
            for (Path file : files) {
                Files.copy(file, staging.resolve(file.getFileName().toString()));
            }
            Files.write(staging.resolve(MANIFEST), manifest);
            // rename(2) of a folder: atomic; onto an existing vN (which always holds files) it fails
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            deleteQuietly(staging);
            if (Files.exists(dir)) {
                throw new IllegalStateException(dir + " exists: a published version is never overwritten", e);
            }
            throw e;
        }
    }

    /** Staging folders of runs that did not finish end with this; they are never a version. */
    public static final String STAGING_SUFFIX = ".partial";

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover hidden staging folder is harmless: it is never listed as a version
        }
    }

    @Override
    public String location(YearMonth month, int version) {
        return dir(month, version).toAbsolutePath().toString();
    }

    private Path dir(YearMonth month, int version) {
        return root.resolve(ReportDestination.folder(month, version));
    }
}
