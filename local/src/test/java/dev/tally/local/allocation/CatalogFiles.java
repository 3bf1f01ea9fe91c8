package dev.tally.local.allocation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/** A one-component catalog file for tests: {@code checkout}, owned by a group of the test's choosing. */
final class CatalogFiles {
    private static final java.util.concurrent.atomic.AtomicInteger WRITES = new java.util.concurrent.atomic.AtomicInteger();

    private CatalogFiles() {
    }

    /** Writes (or rewrites, with a newer modification time) the catalog with {@code owner} as checkout's owner group. */
    static Path write(Path file, String owner) throws IOException {
        try (InputStream in = CatalogFiles.class.getResourceAsStream("/allocation/catalog-info.yaml")) {
            Files.writeString(file, new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("OWNER", owner));
        }
        // a rewrite within the file system's timestamp resolution must still look changed
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60L * WRITES.incrementAndGet())));
        return file;
    }
}
