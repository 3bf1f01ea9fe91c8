package dev.tally.local.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import dev.tally.local.azurite.TestAzurite;
import dev.tally.reports.AllocationSource;
import dev.tally.reports.Amounts;
import dev.tally.reports.Basis;
import dev.tally.reports.ChargebackReport;
import dev.tally.reports.ChargebackRow;
import dev.tally.reports.ExportTotals;
import dev.tally.reports.Manifest;
import dev.tally.reports.ReportDestination;
import dev.tally.reports.ReportLog;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The report published to Blob Storage (Azurite), through the URL a user types and the
 * connection-string credential, while another client lists the container as fast as it can and
 * reads it as reports/README.md says readers do: a version is a report when its manifest is
 * listed. Whenever a listing shows a version's manifest, every file the manifest names is in that
 * same listing with the size the manifest says (a manifest never comes before its files, a file
 * never shows part-written). Five versions of a restated month, each of 60,000 rows.
 */
class ChargebackBlobIT {
    static final YearMonth MONTH = YearMonth.of(2026, 3);

    @Test
    void aReaderListingTheContainerNeverSeesAVersionWithoutItsWholeFilesAndManifest() throws Exception {
        String name = "finance-" + UUID.randomUUID().toString().substring(0, 8);
        BlobContainerClient reader = new BlobServiceClientBuilder().connectionString(TestAzurite.connectionString()).buildClient()
                .createBlobContainer(name);
        ReportDestination destination = ReportDestination.of(TestAzurite.blobEndpoint() + "/" + name + "/reports",
                Map.of("AZURE_STORAGE_CONNECTION_STRING", TestAzurite.connectionString()));

        AtomicBoolean publishing = new AtomicBoolean(true);
        List<String> violations = new ArrayList<>();
        long[] listings = {0};
        long[] withManifest = {0};
        long[] inProgress = {0};
        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
            while (publishing.get()) {
                listings[0]++;
                Map<String, Map<String, Long>> byVersion = new TreeMap<>();
                for (BlobItem item : reader.listBlobs(new ListBlobsOptions().setPrefix("reports/chargeback/"), null)) {
                    String n = item.getName();
                    String folder = n.substring(0, n.lastIndexOf('/'));
                    byVersion.computeIfAbsent(folder, f -> new HashMap<>()).put(n.substring(n.lastIndexOf('/') + 1),
                            item.getProperties().getContentLength());
                }
                byVersion.forEach((folder, files) -> {
                    if (!files.containsKey("manifest.json")) {
                        inProgress[0]++;   // an upload under way: not a report until its manifest is there
                        return;
                    }
                    withManifest[0]++;
                    Manifest m = Manifest.parse(reader.getBlobClient(folder + "/manifest.json").downloadContent().toBytes(), folder);
                    for (Manifest.FileEntry f : m.files()) {
                        if (!Long.valueOf(f.bytes()).equals(files.get(f.name()))) {
                            violations.add(folder + ": manifest names " + f.name() + " of " + f.bytes() + " bytes, listed " + files.get(f.name()));
                        }
                    }
                });
            }
        });

        List<ChargebackReport.Outcome> outcomes = new ArrayList<>();
        try {
            for (int restatement = 0; restatement < 5; restatement++) {
                outcomes.add(new ChargebackReport(new RandomMonth(restatement), destination, ReportLog.none(), Clock.systemUTC(), "tally it")
                        .run(MONTH, Basis.BOTH, false));
            }
        } finally {
            publishing.set(false);
            watcher.get(1, TimeUnit.MINUTES);
        }
        System.out.printf("blob report: %d listings, %d version folders seen with their manifest (each complete), "
                + "%d seen during their upload (files committed, manifest not yet: not a report), violations %s%n",
                listings[0], withManifest[0], inProgress[0], violations);
        assertThat(outcomes).extracting(ChargebackReport.Outcome::version).containsExactly(1, 2, 3, 4, 5);
        assertThat(listings[0]).isGreaterThan(5);
        assertThat(violations).isEmpty();
        assertThat(destination.versions(MONTH)).containsExactly(1, 2, 3, 4, 5);
        // a published version is never overwritten
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> destination.publish(MONTH, 3, List.of(), new byte[]{'{', '}'}))
                .hasMessageContaining("v3 exists: a published version is never overwritten");
        Manifest v5 = Manifest.parse(destination.manifest(MONTH, 5).orElseThrow(), "v5");
        assertThat(v5.changes().previousVersion()).isEqualTo(4);
        assertThat(outcomes.get(4).location()).isEqualTo(TestAzurite.blobEndpoint() + "/" + name + "/reports/chargeback/2026-03/v5");
    }

    /** A month of random rows; each restatement moves money between two teams. */
    record RandomMonth(int restatement) implements AllocationSource {
        static final int ROWS = 60_000;

        @Override
        public void forEachRow(YearMonth month, RowSink sink) throws java.io.IOException {
            for (ChargebackRow r : rows()) {
                sink.accept(r);
            }
        }

        @Override
        public ExportTotals exportTotals(YearMonth month) {
            SortedMap<String, Amounts> totals = new TreeMap<>();
            for (ChargebackRow r : rows()) {
                totals.merge(r.currency(), new Amounts(r.billedCost(), r.effectiveCost()), (a, b) -> a.plus(b.billed(), b.effective()));
            }
            return new ExportTotals(totals, List.of());
        }

        private List<ChargebackRow> rows() {
            Random random = new Random(42);
            List<ChargebackRow> rows = new ArrayList<>(ROWS);
            for (int i = 0; i < ROWS; i++) {
                BigDecimal cost = BigDecimal.valueOf(random.nextInt(1_000_000_000), 9);
                String team = i == 0 ? "team-" + restatement : "team-" + random.nextInt(20);
                rows.add(new ChargebackRow(LocalDate.of(2026, 3, 1 + i % 31), LocalDate.of(2026, 3, 1), "aks-" + i % 3, "ns-" + i % 50,
                        "Deployment", "app-" + i, "COMPUTE", "EUR", cost, cost, team, "", "NAMESPACE_LABEL", "m", "idle=none shared=none",
                        false, 1, "/subscriptions/s1/resourcegroups/mc_rg/providers/microsoft.compute/virtualmachinescalesets/aks-"
                                + i % 3 + "-vmss", "/subscriptions/s1", cost));
            }
            return rows;
        }
    }
}
