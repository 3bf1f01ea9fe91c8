package dev.tally.ingest.costs.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.ingest.costs.normalize.CostView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDiscoveryTest {
    @TempDir
    Path root;

    private Path runFolder(String runId, String... parts) throws IOException {
        Path folder = Files.createDirectories(root.resolve("costs-daily/20240201-20240229").resolve(runId));
        String manifest = ManifestParserTest.CURRENT.replace("11111111-2222-3333-4444-555555555555", runId);
        StringBuilder blobs = new StringBuilder();
        for (String p : parts) {
            byte[] content = ("header\n" + p + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(folder.resolve(p), content);
            blobs.append(blobs.isEmpty() ? "" : ",").append("{\"blobName\": \"x/").append(p)
                    .append("\", \"byteCount\": ").append(content.length).append(", \"dataRowCount\": 1}");
        }
        manifest = manifest.replaceAll("(?s)\"blobs\": \\[.*\\]", "\"blobs\": [" + blobs + "]");
        Files.writeString(folder.resolve("manifest.json"), manifest);
        return folder;
    }

    private List<DiscoveredRun> discover() {
        return new RunDiscovery(CostView.AMORTIZED).discover(root);
    }

    @Test
    void aCompleteRunFolderIsOneRunWithItsIdentityFromTheManifestAndFolders() throws IOException {
        Path folder = runFolder("AAAA-1", "part_0_0001.csv.gz", "part_1_0001.csv.gz");

        assertThat(discover()).singleElement().isInstanceOfSatisfying(DiscoveredRun.Ready.class, ready -> {
            CostExportRun run = ready.run();
            assertThat(run.scope()).isEqualTo("/providers/microsoft.billing/billingaccounts/1234");
            assertThat(run.dataset()).isEqualTo("FocusCost");
            assertThat(run.billingPeriod()).isEqualTo("20240201-20240229");
            assertThat(run.runId()).isEqualTo("aaaa-1");
            assertThat(run.exportName()).isEqualTo("daily-focus");
            assertThat(run.producedAt()).isEqualTo(Instant.parse("2024-02-03T01:23:45.1234567Z"));
            assertThat(run.parts()).extracting(RunPart::location)
                    .containsExactly(folder.resolve("part_0_0001.csv.gz").toString(), folder.resolve("part_1_0001.csv.gz").toString());
            assertThat(run.location()).isEqualTo(folder.resolve("manifest.json").toString());
            assertThat(run.parts()).allMatch(RunPart::gzip);
        });
    }

    @Test
    void aMissingPartAShortPartAndAnUnlistedFileEachNameTheFile() throws IOException {
        Path missing = runFolder("run-missing", "a.csv", "b.csv");
        Files.delete(missing.resolve("b.csv"));
        Path shortPart = runFolder("run-short", "a.csv");
        Files.writeString(shortPart.resolve("a.csv"), "head");
        Path extra = runFolder("run-extra", "a.csv");
        Files.writeString(extra.resolve("z.csv"), "stray");
        Path longer = runFolder("run-longer", "a.csv");
        Files.writeString(longer.resolve("a.csv"), "header\na.csv\nmore\n");

        List<DiscoveredRun> runs = discover();
        assertThat(runs).hasSize(4).extracting(r -> r.getClass().getSimpleName())
                .containsExactlyInAnyOrder("Incomplete", "Incomplete", "Unusable", "Unusable");
        assertThat(runs).extracting(Object::toString).containsExactlyInAnyOrder(
                        missing.resolve("b.csv") + ": part listed in " + missing.resolve("manifest.json")
                                + " is missing: the run is incomplete, nothing of it was imported",
                        shortPart.resolve("a.csv") + ": is 4 bytes but " + shortPart.resolve("manifest.json")
                                + " says 13 (upload incomplete or file changed): nothing of the run was imported",
                        extra.resolve("z.csv") + ": is in the run folder but not listed in " + extra.resolve("manifest.json")
                                + ": the manifest does not match its files, nothing of the run was imported",
                        longer.resolve("a.csv") + ": is 18 bytes but " + longer.resolve("manifest.json")
                                + " says 13 (upload incomplete or file changed): nothing of the run was imported");
    }

    @Test
    void aFileDroppedByHandIsARunOfOnePartIdentifiedByItsContent() throws IOException {
        Path a = Files.writeString(Files.createDirectories(root.resolve("dropped")).resolve("January.csv"), "x,y\n1,2\n");
        Path b = Files.writeString(root.resolve("dropped/copy.csv.gz"), "x,y\n1,2\n");
        Files.writeString(root.resolve("dropped/notes.txt"), "not a cost file");

        List<DiscoveredRun> runs = discover();

        assertThat(runs).hasSize(2).allMatch(r -> r instanceof DiscoveredRun.Ready);
        CostExportRun first = ((DiscoveredRun.Ready) runs.get(0)).run();
        CostExportRun second = ((DiscoveredRun.Ready) runs.get(1)).run();
        assertThat(first.scope()).isEqualTo("file:January.csv");
        assertThat(second.scope()).isEqualTo("file:copy.csv");
        assertThat(first.runId()).hasSize(64).isEqualTo(second.runId()); // same bytes, same id
        assertThat(first.dataset()).isNull();
        assertThat(first.billingPeriod()).isNull();
        assertThat(first.view()).isEqualTo(CostView.AMORTIZED);
        assertThat(first.parts()).singleElement().satisfies(p -> assertThat(p.expectedBytes()).isEqualTo(-1));
        Files.writeString(a, "x,y\n1,3\n");
        assertThat(((DiscoveredRun.Ready) new RunDiscovery(CostView.ACTUAL).discover(a).get(0)).run().runId())
                .isNotEqualTo(first.runId());
        assertThat(b).exists();
    }

    @Test
    void anUnknownDatasetTypeIsRefusedNamingTheManifest() throws IOException {
        Path folder = runFolder("run-prices", "a.csv");
        Path manifest = folder.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"FocusCost\"", "\"PriceSheet\""));

        assertThat(discover()).singleElement().hasToString(manifest
                + ": dataset type 'PriceSheet' is not a cost dataset Tally imports (ActualCost, AmortizedCost, FocusCost)");
    }

    @Test
    void aPartGivenAloneImportsItsWholeRunNeverThePartByItself() throws IOException {
        Path folder = runFolder("run-part", "part_0_0001.csv", "part_0_0002.csv");

        List<DiscoveredRun> runs = new RunDiscovery(CostView.AMORTIZED).discover(folder.resolve("part_0_0002.csv"));

        assertThat(runs).singleElement().isInstanceOfSatisfying(DiscoveredRun.Ready.class, r -> {
            assertThat(r.run().runId()).isEqualTo("run-part");
            assertThat(r.run().parts()).hasSize(2);
        });
        // a file beside a manifest that does not list it is a file of its own (koku keeps fixtures next to one)
        Path stray = Files.writeString(folder.getParent().resolve("stray.csv"), "x\n");
        Files.copy(folder.resolve("manifest.json"), folder.getParent().resolve("manifest.json"));
        assertThat(new RunDiscovery(CostView.AMORTIZED).discover(stray)).singleElement()
                .isInstanceOfSatisfying(DiscoveredRun.Ready.class, r -> assertThat(r.run().scope()).isEqualTo("file:stray.csv"));
    }
}
