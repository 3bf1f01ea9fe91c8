package dev.tally.ingest.costs.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.ingest.costs.run.RunDiscovery;
import dev.tally.ingest.costs.run.RunStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --watch}: each run imported once when complete; uploads in progress wait; bad runs are reported once and survived. */
class CostWatcherTest {
    @TempDir
    Path root;

    private final MemoryCostRunStore store = new MemoryCostRunStore();
    private final List<String> progress = new ArrayList<>();
    private final CountingCostSink sink = new CountingCostSink();
    private final RunDiscovery discovery = new RunDiscovery(CostView.ACTUAL);
    private final CostWatcher watcher = new CostWatcher(() -> discovery.discover(root),
            new CostImporter(store, sink, ReadOptions.of(CostView.ACTUAL), 3, Clock.fixed(Instant.parse("2024-02-10T00:00:00Z"),
                    ZoneOffset.UTC), progress::add), progress::add);

    private static byte[] part(int firstDay, int days, String cost) {
        StringBuilder csv = new StringBuilder(CostImporterTest.HEADER);
        for (int d = firstDay; d < firstDay + days; d++) {
            csv.append("Contoso,sub1,2024-01-").append(String.format("%02d", d))
                    .append(",2024-01-01,2024-01-31,/x/vm1,").append(cost).append(",EUR,Usage,OnDemand\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes a run's manifest and the parts {@code write} says; returns the folder. */
    private Path run(String runId, String submitted, List<byte[]> parts, int write) throws IOException {
        Path folder = Files.createDirectories(root.resolve("monthly/20240101-20240131").resolve(runId));
        StringBuilder blobs = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String name = "part_0_000" + (i + 1) + ".csv";
            if (i < write) {
                Files.write(folder.resolve(name), parts.get(i));
            }
            blobs.append(blobs.isEmpty() ? "" : ",").append("{\"blobName\": \"").append(name).append("\", \"byteCount\": ")
                    .append(parts.get(i).length).append(", \"dataRowCount\": ").append(parts.get(i).length == 0 ? 0
                            : new String(parts.get(i), StandardCharsets.UTF_8).lines().count() - 1).append('}');
        }
        Files.writeString(folder.resolve("manifest.json"), "{\"manifestVersion\": \"2024-04-01\", \"exportConfig\": "
                + "{\"exportName\": \"monthly\", \"type\": \"ActualCost\", \"resourceId\": \"/subscriptions/s1"
                + "/providers/Microsoft.CostManagement/exports/monthly\"}, \"runInfo\": {\"runId\": \"" + runId
                + "\", \"submittedTime\": \"" + submitted + "\"}, \"blobs\": [" + blobs + "]}");
        return folder;
    }

    private BigDecimal currentBilledCost() {
        return store.currentComplete("/subscriptions/s1", "ActualCost", "20240101-20240131")
                .map(r -> r.totals().get("EUR").billedCost()).orElse(BigDecimal.ZERO);
    }

    @Test
    void eachRunIsImportedOnceWhenCompleteAndBadRunsAreReportedOnceWithoutStoppingTheWatch() throws IOException {
        assertThat(watcher.pollOnce()).isEqualTo(new CostWatcher.Poll(0, 0, 0, false));

        run("run-1", "2024-02-01T00:00:00Z", List.of(part(1, 16, "1.00"), part(17, 15, "1.00")), 2);
        assertThat(watcher.pollOnce().imported()).isEqualTo(1);
        assertThat(currentBilledCost()).isEqualByComparingTo("31.00");
        int states = store.states.size();
        assertThat(watcher.pollOnce()).isEqualTo(new CostWatcher.Poll(0, 0, 0, false));
        assertThat(store.states).as("a run imported is not looked at again").hasSize(states);

        // run 2 restates January; its second part is still being uploaded
        List<byte[]> run2 = List.of(part(1, 16, "2.00"), part(17, 15, "2.00"));
        Path folder2 = run("run-2", "2024-02-05T00:00:00Z", run2, 1);
        // a run whose folder holds a file its manifest does not list, and one with a truncated gzip
        Path stray = run("run-stray", "2024-02-06T00:00:00Z", List.of(part(1, 31, "9.00")), 1);
        Files.writeString(stray.resolve("unlisted.csv"), "x\n");
        Path broken = Files.createDirectories(root.resolve("daily/20240101-20240131/run-gz"));
        Files.write(broken.resolve("part_0_0001.csv.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0});
        Files.writeString(broken.resolve("manifest.json"), "{\"exportConfig\": {\"exportName\": \"daily\", \"type\": \"ActualCost\"},"
                + " \"runInfo\": {\"runId\": \"run-gz\"}, \"blobs\": [{\"blobName\": \"part_0_0001.csv.gz\", \"byteCount\": 6}]}");

        progress.clear();
        CostWatcher.Poll poll = watcher.pollOnce();
        assertThat(poll).isEqualTo(new CostWatcher.Poll(0, 1, 2, false));
        assertThat(currentBilledCost()).as("the half-uploaded run is invisible").isEqualByComparingTo("31.00");
        assertThat(store.latest("/subscriptions/s1", "run-2")).isEmpty();
        assertThat(progress).anySatisfy(l -> assertThat(l).startsWith("waiting: " + folder2.resolve("part_0_0002.csv")))
                .anySatisfy(l -> assertThat(l).startsWith("error: " + stray.resolve("unlisted.csv") + ": is in the run folder but not listed"))
                .anySatisfy(l -> assertThat(l).startsWith("error: " + broken.resolve("part_0_0001.csv.gz") + ": truncated or corrupt gzip"));
        assertThat(store.latest("export:daily", "run-gz").orElseThrow().status()).isEqualTo(RunStatus.FAILED);

        progress.clear();
        states = store.states.size();
        assertThat(watcher.pollOnce()).isEqualTo(new CostWatcher.Poll(0, 1, 1, false));
        assertThat(progress).as("nothing new to say").isEmpty();
        assertThat(store.states).as("the failed run is not retried while its files are unchanged").hasSize(states);

        Files.write(folder2.resolve("part_0_0002.csv"), run2.get(1));
        assertThat(watcher.pollOnce().imported()).isEqualTo(1);
        assertThat(currentBilledCost()).isEqualByComparingTo("62.00");
        assertThat(store.latest("/subscriptions/s1", "run-1").orElseThrow().status()).isEqualTo(RunStatus.SUPERSEDED);
    }

    @Test
    void aNewWatchFindsWhatWasImportedBeforeItStartedAndALoopSurvivesAListingFailure() throws IOException {
        run("run-1", "2024-02-01T00:00:00Z", List.of(part(1, 31, "1.00")), 1);
        assertThat(watcher.pollOnce().imported()).isEqualTo(1);
        int states = store.states.size();

        AtomicInteger polls = new AtomicInteger();
        List<Duration> sleeps = new ArrayList<>();
        RunDiscovery fresh = new RunDiscovery(CostView.ACTUAL);
        CostWatcher restarted = new CostWatcher(() -> {
            if (polls.incrementAndGet() == 2) {
                throw new java.io.UncheckedIOException("cannot list " + root, new IOException("share unmounted"));
            }
            return fresh.discover(root);
        }, new CostImporter(store, sink, ReadOptions.of(CostView.ACTUAL), 3, Clock.systemUTC(), progress::add), progress::add);

        restarted.run(Duration.ofMinutes(5), () -> polls.get() < 3, sleeps::add);

        assertThat(polls).hasValue(3);
        assertThat(sleeps).containsExactly(Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5));
        assertThat(store.states).as("already imported before the watch: nothing written").hasSize(states);
        assertThat(progress).anySatisfy(l -> assertThat(l).isEqualTo("error: cannot list " + root + " (trying again at the next poll)"));
    }
}
