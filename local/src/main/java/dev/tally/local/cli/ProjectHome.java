package dev.tally.local.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project folder: where {@code ./tally} lives, set by the launcher as {@code tally.home}. */
final class ProjectHome {
    private ProjectHome() {
    }

    static Path find() {
        String fromLauncher = System.getProperty("tally.home", System.getenv("TALLY_HOME"));
        if (fromLauncher != null && !fromLauncher.isBlank()) {
            return Path.of(fromLauncher).toAbsolutePath().normalize();
        }
        // run outside the launcher (an IDE, a test): walk up to the folder holding the parent pom and ./tally
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve("tally")) && Files.exists(d.resolve("pom.xml"))) {
                return d;
            }
        }
        return dir;
    }
}
