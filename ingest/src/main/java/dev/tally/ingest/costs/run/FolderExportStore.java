package dev.tally.ingest.costs.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Exports in a local folder (or a mounted share). */
public record FolderExportStore(Path root) implements ExportStore {
    public FolderExportStore {
        root = root.toAbsolutePath();
    }

    @Override
    public List<StoredFile> list(String folder) throws IOException {
        Path start = resolve(folder);
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(start)) {
            return walk.filter(Files::isRegularFile).map(this::stored).sorted(java.util.Comparator.comparing(StoredFile::name))
                    .collect(Collectors.toList());
        }
    }

    @Override
    public Optional<StoredFile> find(String name) throws IOException {
        Path file = resolve(name);
        return Files.isRegularFile(file) ? Optional.of(stored(file)) : Optional.empty();
    }

    @Override
    public InputStream open(String name) throws IOException {
        return Files.newInputStream(resolve(name));
    }

    @Override
    public InputStream openAt(String name, long offset) throws IOException {
        java.nio.channels.SeekableByteChannel channel = Files.newByteChannel(resolve(name));
        try {
            channel.position(offset);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return java.nio.channels.Channels.newInputStream(channel);
    }

    @Override
    public String location(String name) {
        return resolve(name).toString();
    }

    public Path path(String name) {
        return resolve(name);
    }

    private Path resolve(String name) {
        return name.isEmpty() ? root : root.resolve(name);
    }

    private StoredFile stored(Path file) {
        String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
        try {
            return new StoredFile(name, Files.size(file), Files.getLastModifiedTime(file).toString());
        } catch (IOException e) {
            return new StoredFile(name, -1, ""); // gone while listing: the size check will name it
        }
    }
}
