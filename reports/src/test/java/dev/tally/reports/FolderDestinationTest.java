package dev.tally.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A version folder appears whole (files and manifest) or not at all, whenever the writer stops. */
class FolderDestinationTest {
    static final YearMonth MONTH = YearMonth.of(2026, 1);

    @TempDir
    Path out;
    @TempDir
    Path work;

    @Test
    void aPublishThatStopsMidCopyLeavesNoVersionFolderAndTheNumberIsUsedByTheNextRun() throws Exception {
        Path parquet = Files.writeString(work.resolve("chargeback-2026-01.parquet"), "rows");
        Path missing = work.resolve("team-summary-2026-01.csv"); // the copy fails on the second file
        FolderDestination destination = new FolderDestination(out);

        assertThatThrownBy(() -> destination.publish(MONTH, 1, List.of(parquet, missing), bytes("{}")))
                .isInstanceOf(NoSuchFileException.class);

        assertThat(visible()).as("what a reader listing the month sees").isEmpty();
        assertThat(destination.versions(MONTH)).isEmpty();
        Files.writeString(missing, "team,total");
        destination.publish(MONTH, 1, List.of(parquet, missing), bytes("{\"version\": 1}"));
        assertThat(visible()).containsExactly("v1");
        assertThat(out.resolve("chargeback/2026-01/v1")).isDirectoryContaining(p -> p.getFileName().toString().equals("manifest.json"));
        assertThat(destination.manifest(MONTH, 1)).hasValueSatisfying(m -> assertThat(new String(m, StandardCharsets.UTF_8))
                .isEqualTo("{\"version\": 1}"));
    }

    @Test
    void aKilledWritersStagingFolderIsNoVersionAndAPublishedVersionIsNeverOverwritten() throws Exception {
        Path parquet = Files.writeString(work.resolve("chargeback-2026-01.parquet"), "rows");
        FolderDestination destination = new FolderDestination(out);
        // what a writer killed mid-copy leaves behind
        Path leftover = Files.createDirectories(out.resolve("chargeback/2026-01/.v1-killed" + FolderDestination.STAGING_SUFFIX));
        Files.writeString(leftover.resolve("chargeback-2026-01.parquet"), "ro");

        assertThat(destination.versions(MONTH)).isEmpty();
        assertThat(destination.latestPublished(MONTH)).isEmpty();
        destination.publish(MONTH, 1, List.of(parquet), bytes("first"));

        assertThatThrownBy(() -> destination.publish(MONTH, 1, List.of(parquet), bytes("second")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a published version is never overwritten");
        assertThat(destination.manifest(MONTH, 1)).hasValueSatisfying(m -> assertThat(m).isEqualTo(bytes("first")));
        assertThat(visible()).containsExactly("v1");
    }

    /** The month's entries a reader sees: hidden (dot) entries are not listed by readers of the folder. */
    private List<String> visible() throws Exception {
        Path month = out.resolve("chargeback/2026-01");
        if (!Files.isDirectory(month)) {
            return List.of();
        }
        try (Stream<Path> all = Files.list(month)) {
            return all.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
