package dev.tally.local.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a job of the local stack resumes: the newest completed checkpoint or savepoint in its folder. */
class LocalFlinkRestorePointTest {

    @TempDir
    Path job;

    @Test
    void aSavepointNewerThanTheLastCheckpointIsWhereTheJobResumes() throws IOException {
        Path checkpoint = completed(job.resolve("0a1b/chk-7"), "2026-11-26T10:00:00Z");
        assertThat(LocalFlink.newestRestorePoint(job)).contains(checkpoint);

        Path savepoint = completed(job.resolve(LocalFlink.SAVEPOINTS).resolve("savepoint-3b72fc-1f74f0ea088c"), "2026-11-26T10:05:00Z");
        assertThat(LocalFlink.newestRestorePoint(job)).contains(savepoint);

        // the upgraded job checkpoints on from the savepoint: its checkpoints are newer still
        Path after = completed(job.resolve("9f8e/chk-8"), "2026-11-26T10:06:00Z");
        assertThat(LocalFlink.newestRestorePoint(job)).contains(after);
    }

    @Test
    void aCheckpointAKilledJobLeftWithoutMetadataIsNeverChosen() throws IOException {
        Path complete = completed(job.resolve("0a1b/chk-4"), "2026-11-26T10:00:00Z");
        Path halfWritten = Files.createDirectories(job.resolve("0a1b/chk-5"));
        Files.writeString(halfWritten.resolve("0f3c2d9e-state"), "some operator state");

        assertThat(LocalFlink.newestRestorePoint(job)).contains(complete);
        assertThat(LocalFlink.newestRestorePoint(job.resolve("missing"))).isEmpty();
    }

    private static Path completed(Path dir, String at) throws IOException {
        Files.createDirectories(dir);
        Path metadata = Files.writeString(dir.resolve("_metadata"), "metadata");
        Files.setLastModifiedTime(metadata, FileTime.from(Instant.parse(at)));
        return dir;
    }
}
