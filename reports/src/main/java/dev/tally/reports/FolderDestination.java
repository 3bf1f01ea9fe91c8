package dev.tally.reports;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A local (or mounted) folder. The version folder is created exclusively (two writers never share
 * a number), the files are copied in, and the manifest is written beside them under a temporary
 * name and renamed atomically: a reader sees either no manifest or the whole one.
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
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException(dir + " exists: a published version is never overwritten", e);
        }
        for (Path file : files) {
            Files.copy(file, dir.resolve(file.getFileName().toString()));
        }
        Path temporary = dir.resolve("." + MANIFEST + ".partial");
        Files.write(temporary, manifest);
        Files.move(temporary, dir.resolve(MANIFEST), StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String location(YearMonth month, int version) {
        return dir(month, version).toAbsolutePath().toString();
    }

    private Path dir(YearMonth month, int version) {
        return root.resolve(ReportDestination.folder(month, version));
    }
}
