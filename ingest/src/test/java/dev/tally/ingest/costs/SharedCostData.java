package dev.tally.ingest.costs;

import java.nio.file.Files;
import java.nio.file.Path;

/** The real sample data in {@code ../shared/data} (never copied into the repository). */
public final class SharedCostData {
    private SharedCostData() {}

    public static Path root() {
        String home = System.getProperty("tally.home");
        Path project = home != null ? Path.of(home) : Path.of("..");
        return project.resolve("../shared/data").normalize();
    }

    public static Path azureCost() {
        return root().resolve("azure-cost");
    }

    public static Path focus() {
        return root().resolve("focus");
    }

    public static boolean present() {
        return Files.isDirectory(azureCost()) && Files.isDirectory(focus());
    }

    public static final String ABSENT = "shared sample data not found at ../shared/data (see PROVENANCE.md); skipped";
}
