package dev.tally.local.costs;

import static dev.tally.local.costs.ExportFixture.Row;
import static dev.tally.local.costs.ExportFixture.month;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.ingest.costs.ExportSource;
import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.blob.BlobAccess;
import dev.tally.ingest.costs.importer.ClickHouseCostStore;
import dev.tally.ingest.costs.importer.CostImporter;
import dev.tally.ingest.costs.importer.CostRecordSink;
import dev.tally.ingest.costs.importer.CostWatcher;
import dev.tally.ingest.costs.importer.ImportReport;
import dev.tally.ingest.costs.importer.ImportedLineItem;
import dev.tally.ingest.costs.importer.RunOutcome;
import dev.tally.ingest.costs.importer.RunRecord;
import dev.tally.ingest.costs.normalize.CostRejection;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.ingest.costs.run.DiscoveredRun;
import dev.tally.ingest.costs.run.RunDiscovery;
import dev.tally.ingest.costs.run.RunStatus;
import dev.tally.local.azurite.TestAzurite;
import dev.tally.local.clickhouse.TestClickHouse;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cost exports read from Blob Storage: Azurite (the Azure Storage emulator, started by the test on
 * a free port) holds Cost Management's layout, the importer reads it by URL into a real ClickHouse
 * (TestClickHouse, schema migrated). A multi-part run, a half-uploaded restating run that stays
 * invisible until its last part arrives, then supersedes the first; a SAS URL and a single part's URL;
 * a watch on the container; a Parquet file read by ranges.
 */
class CostBlobImportIT {
    @TempDir
    Path local;

    private ClickHouseUrl url;
    private ClickHouseCostStore store;
    private BlobContainerClient container;
    private final List<String> progress = new ArrayList<>();
    private long itemsSent;

    @BeforeEach
    void setUp() throws Exception {
        url = TestClickHouse.migratedDatabase("it_costs_blob");
        store = new ClickHouseCostStore(url);
        container = new BlobServiceClientBuilder().connectionString(TestAzurite.connectionString()).buildClient()
                .createBlobContainer("costs-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterEach
    void tearDown() {
        if (store != null) {
            store.close();
        }
        if (container != null) {
            container.delete();
        }
    }

    private final CostRecordSink sink = new CostRecordSink() {
        @Override public void begin(String scope, String runId) { }
        @Override public void item(ImportedLineItem item) { itemsSent++; }
        @Override public void rejected(String scope, String runId, CostRejection r) { }
        @Override public void commit() { }
        @Override public void abort() { }
        @Override public void close() { }
    };

    private ImportReport importFrom(String urlText, Map<String, String> env) {
        ExportSource source = ExportSource.of(urlText, env);
        List<DiscoveredRun> found = source.discover(new RunDiscovery(CostView.AMORTIZED));
        return new CostImporter(store, sink, ReadOptions.of(CostView.AMORTIZED), 7, Clock.systemUTC(), progress::add)
                .importAll(found);
    }

    private String azblob() {
        return "azblob://" + TestAzurite.ACCOUNT + "/" + container.getBlobContainerName() + "/exports/";
    }

    private static Map<String, String> connectionString() {
        return Map.of(BlobAccess.CONNECTION_STRING, TestAzurite.connectionString());
    }

    /** Uploads a run folder written by ExportFixture under {@code exports/}; only the files {@code upload} accepts. */
    private void upload(Path runFolder, java.util.function.Predicate<String> upload) throws Exception {
        try (Stream<Path> files = Files.list(runFolder)) {
            for (Path f : files.sorted().toList()) {
                if (upload.test(f.getFileName().toString())) {
                    String name = "exports/" + local.relativize(f).toString().replace('\\', '/');
                    container.getBlobClient(name).uploadFromFile(f.toString(), true);
                }
            }
        }
    }

    @Test
    void aMultiPartRunThenAHalfUploadedRestatementThatStaysInvisibleUntilCompleteThenSupersedes() throws Exception {
        String run1 = UUID.randomUUID().toString();
        String run2 = UUID.randomUUID().toString();
        List<Row> run1Rows = new ArrayList<>(month(31, "aks-pool1-123-vmss", "10.00", "EUR"));
        run1Rows.add(Row.of(15, "aks-pool2-456-vmss", "3.333333333333333333333333", "USD"));
        Path folder1 = ExportFixture.run(local, "monthly", run1, Instant.parse("2024-02-01T06:00:00Z"), false,
                List.of(run1Rows.subList(0, 16), run1Rows.subList(16, run1Rows.size())));
        upload(folder1, name -> true);

        ImportReport first = importFrom(azblob(), connectionString());
        assertThat(first.failures()).as(String.join("\n", progress)).isEmpty();
        assertThat(first.runs()).singleElement().satisfies(o -> {
            assertThat(o.status()).isEqualTo(RunStatus.COMPLETE);
            assertThat(o.location()).isEqualTo(TestAzurite.blobEndpoint() + "/" + container.getBlobContainerName()
                    + "/exports/monthly/20240101-20240131/" + run1 + "/manifest.json");
        });
        assertThat(first.rowsImported()).isEqualTo(run1Rows.size());
        assertThat(viewTotals()).isEqualTo(expected(run1Rows));

        // run 2 restates January: three gzipped parts, changed, removed and new rows; the manifest and one part arrive first
        List<Row> run2Rows = new ArrayList<>(month(31, "aks-pool1-123-vmss", "10.00", "EUR"));
        run2Rows.set(4, Row.of(5, "aks-pool1-123-vmss", "12.345678901234567890123456", "EUR"));
        run2Rows.remove(9);
        run2Rows.add(Row.of(20, "aks-pool3-789-vmss", "-1.50", "EUR"));
        run2Rows.add(Row.of(15, "aks-pool2-456-vmss", "4.00", "USD"));
        Path folder2 = ExportFixture.run(local, "monthly", run2, Instant.parse("2024-02-05T06:00:00Z"), true,
                List.of(run2Rows.subList(0, 10), run2Rows.subList(10, 20), run2Rows.subList(20, run2Rows.size())));
        upload(folder2, name -> name.equals("manifest.json") || name.equals("part_0_0001.csv.gz"));

        progress.clear();
        ImportReport half = importFrom(azblob(), connectionString());
        assertThat(half.failures()).singleElement().satisfies(f -> assertThat(f.problem())
                .contains(run2 + "/part_0_0002.csv.gz: part listed in ").contains("is missing: the run is incomplete"));
        assertThat(viewTotals()).as("the half-uploaded run is invisible").isEqualTo(expected(run1Rows));
        assertThat(strings("SELECT toString(count()) FROM cost_line_items WHERE run_id = '" + run2 + "'")).containsExactly("0");
        assertThat(store.runs()).extracting(RunRecord::runId).containsExactly(run1);

        upload(folder2, name -> name.startsWith("part_0_000") && !name.equals("part_0_0001.csv.gz"));
        progress.clear();
        ImportReport complete = importFrom(azblob(), connectionString());
        assertThat(complete.failures()).as(String.join("\n", progress)).isEmpty();
        assertThat(complete.runs()).extracting(RunOutcome::alreadyImported).containsExactlyInAnyOrder(true, false);
        assertThat(viewTotals()).as("every query through the view: run 2's totals").isEqualTo(expected(run2Rows));
        assertThat(strings("SELECT DISTINCT run_id FROM cost_line_items_current")).containsExactly(run2);
        RunRecord old = run(run1);
        assertThat(old.status()).isEqualTo(RunStatus.SUPERSEDED);
        assertThat(old.supersededBy()).isEqualTo(run2);
        assertThat(run(run2).status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(strings("SELECT toString(count()) FROM cost_line_items WHERE run_id = '" + run1 + "'"))
                .as("earlier runs stay queryable").containsExactly(Integer.toString(run1Rows.size()));

        // again, by a SAS URL (path-style, as for the emulator) and by one part's URL: nothing changes
        String sas = container.generateSas(new BlobServiceSasSignatureValues(OffsetDateTime.now().plusHours(1),
                new BlobContainerSasPermission().setReadPermission(true).setListPermission(true)));
        String items = strings("SELECT toString(count()) FROM cost_line_items").get(0);
        ImportReport bySas = importFrom(TestAzurite.blobEndpoint() + "/" + container.getBlobContainerName()
                + "/exports?" + sas, Map.of());
        assertThat(bySas.failures()).isEmpty();
        assertThat(bySas.runs()).extracting(RunOutcome::alreadyImported).containsExactly(true, true);
        assertThat(bySas.runs()).extracting(RunOutcome::location).noneMatch(l -> l.contains("sig="));
        ImportReport byPart = importFrom(azblob() + "monthly/20240101-20240131/" + run2 + "/part_0_0002.csv.gz",
                connectionString());
        assertThat(byPart.runs()).singleElement().satisfies(o -> {
            assertThat(o.alreadyImported()).isTrue();
            assertThat(o.status()).isEqualTo(RunStatus.COMPLETE);
        });
        assertThat(strings("SELECT toString(count()) FROM cost_line_items")).containsExactly(items);
        assertThat(viewTotals()).isEqualTo(expected(run2Rows));
    }

    @Test
    void aFileDroppedByHandInTheContainerIsImportedAndAWrongCredentialIsOneClearError() throws Exception {
        List<Row> rows = month(31, "aks-pool1-123-vmss", "1.25", "EUR");
        container.getBlobClient("dropped/january.csv").upload(com.azure.core.util.BinaryData.fromString(ExportFixture.csv(rows)));

        ImportReport report = importFrom("azblob://" + TestAzurite.ACCOUNT + "/" + container.getBlobContainerName()
                + "/dropped/january.csv", connectionString());
        assertThat(report.failures()).isEmpty();
        assertThat(report.runs()).singleElement().extracting(RunOutcome::status).isEqualTo(RunStatus.COMPLETE);
        assertThat(viewTotals()).isEqualTo(expected(rows));

        String wrongKey = TestAzurite.connectionString().replace(TestAzurite.ACCOUNT_KEY,
                java.util.Base64.getEncoder().encodeToString(new byte[64]));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> importFrom(azblob(), Map.of(BlobAccess.CONNECTION_STRING, wrongKey)))
                .hasMessageContaining("cannot list " + TestAzurite.blobEndpoint() + "/" + container.getBlobContainerName() + "/exports/")
                .hasMessageContaining("403");
    }

    @Test
    void aWatchOnTheContainerImportsEachRunOnceWhenItsLastPartArrivesAndSurvivesABadRun() throws Exception {
        String run1 = UUID.randomUUID().toString();
        List<Row> rows = month(31, "aks-pool1-123-vmss", "2.50", "EUR");
        Path folder = ExportFixture.run(local, "monthly", run1, Instant.parse("2024-02-01T06:00:00Z"), true,
                List.of(rows.subList(0, 10), rows.subList(10, 31)));
        upload(folder, name -> !name.equals("part_0_0002.csv.gz"));
        // a run whose folder holds a blob its manifest does not list
        String bad = UUID.randomUUID().toString();
        Path badFolder = ExportFixture.run(local, "other", bad, Instant.parse("2024-02-01T06:00:00Z"), false, List.of(rows));
        Files.writeString(badFolder.resolve("stray.csv"), "x\n");
        upload(badFolder, name -> true);

        ExportSource source = ExportSource.of(azblob(), connectionString());
        RunDiscovery discovery = new RunDiscovery(CostView.AMORTIZED);
        CostWatcher watcher = new CostWatcher(() -> source.discover(discovery),
                new CostImporter(store, sink, ReadOptions.of(CostView.AMORTIZED), 7, Clock.systemUTC(), progress::add), progress::add);

        assertThat(watcher.pollOnce()).isEqualTo(new CostWatcher.Poll(0, 1, 1, false));
        assertThat(progress).anySatisfy(l -> assertThat(l).startsWith("waiting: ").contains(run1 + "/part_0_0002.csv.gz"))
                .anySatisfy(l -> assertThat(l).startsWith("error: ").contains(bad + "/stray.csv: is in the run folder but not listed"));
        assertThat(viewTotals()).as("nothing visible while the upload goes on").isEmpty();
        progress.clear();
        assertThat(watcher.pollOnce()).isEqualTo(new CostWatcher.Poll(0, 1, 1, false));
        assertThat(progress).as("each problem said once").isEmpty();

        upload(folder, name -> name.equals("part_0_0002.csv.gz"));
        assertThat(watcher.pollOnce()).isEqualTo(new CostWatcher.Poll(1, 0, 1, false));
        assertThat(viewTotals()).isEqualTo(expected(rows));
        long items = itemsSent;
        assertThat(watcher.pollOnce()).isEqualTo(new CostWatcher.Poll(0, 0, 1, false));
        assertThat(itemsSent).as("imported once").isEqualTo(items);
        assertThat(run(run1).status()).isEqualTo(RunStatus.COMPLETE);
    }

    @Test
    void aParquetFileInTheContainerIsReadByRangesAndImportedExactly() throws Exception {
        org.apache.parquet.schema.MessageType schema = org.apache.parquet.schema.MessageTypeParser.parseMessageType("""
                message focus {
                  required int64 BilledCost (DECIMAL(18, 6));
                  required int64 EffectiveCost (DECIMAL(18, 6));
                  required binary BillingCurrency (STRING);
                  required int64 BillingPeriodStart (TIMESTAMP(MILLIS, true));
                  required int64 BillingPeriodEnd (TIMESTAMP(MILLIS, true));
                  required int64 ChargePeriodStart (TIMESTAMP(MILLIS, true));
                  required int64 ChargePeriodEnd (TIMESTAMP(MILLIS, true));
                  required binary ChargeCategory (STRING);
                  optional binary ResourceId (STRING);
                }""");
        Path file = local.resolve("focus.parquet");
        java.util.Random random = new java.util.Random(11);
        BigDecimal billed = BigDecimal.ZERO;
        BigDecimal effective = BigDecimal.ZERO;
        var groups = new org.apache.parquet.example.data.simple.SimpleGroupFactory(schema);
        long month = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        try (var w = org.apache.parquet.hadoop.example.ExampleParquetWriter.builder(new org.apache.parquet.io.LocalOutputFile(file))
                .withConf(new org.apache.parquet.conf.PlainParquetConfiguration()).withType(schema)
                .withRowGroupSize(32L * 1024).withPageSize(4 * 1024).build()) {
            for (int r = 0; r < 5_000; r++) {
                long b = random.nextInt(50_000_000) - 1_000_000;
                long e = random.nextInt(50_000_000);
                billed = billed.add(BigDecimal.valueOf(b, 6));
                effective = effective.add(BigDecimal.valueOf(e, 6));
                long day = month + 86_400_000L * random.nextInt(31);
                w.write(groups.newGroup().append("BilledCost", b).append("EffectiveCost", e).append("BillingCurrency", "EUR")
                        .append("BillingPeriodStart", month).append("BillingPeriodEnd", Instant.parse("2024-02-01T00:00:00Z").toEpochMilli())
                        .append("ChargePeriodStart", day).append("ChargePeriodEnd", day + 86_400_000L)
                        .append("ChargeCategory", "Usage").append("ResourceId", "/subscriptions/s1/vm" + (r % 10)));
            }
        }
        container.getBlobClient("focus/january.parquet").uploadFromFile(file.toString());

        ImportReport report = importFrom("azblob://" + TestAzurite.ACCOUNT + "/" + container.getBlobContainerName()
                + "/focus/january.parquet", connectionString());

        assertThat(report.failures()).as(String.join("\n", progress)).isEmpty();
        assertThat(report.rowsImported()).isEqualTo(5_000);
        assertThat(viewTotals()).containsExactly(Map.entry("EUR", plain(billed) + " / " + plain(effective)));
    }

    private Map<String, String> viewTotals() throws Exception {
        Map<String, String> totals = new TreeMap<>();
        for (String line : strings("SELECT concat(billing_currency, ' ', toString(sum(billed_cost)), ' ', "
                + "toString(sum(effective_cost))) FROM cost_line_items_current GROUP BY billing_currency")) {
            String[] p = line.split(" ");
            totals.put(p[0], plain(new BigDecimal(p[1])) + " / " + plain(new BigDecimal(p[2])));
        }
        return totals;
    }

    private static Map<String, String> expected(List<Row> rows) {
        Map<String, BigDecimal> sums = new TreeMap<>();
        rows.forEach(r -> sums.merge(r.currency(), r.cost(), BigDecimal::add));
        Map<String, String> totals = new TreeMap<>();
        sums.forEach((currency, sum) -> totals.put(currency, plain(sum) + " / " + plain(sum)));
        return totals;
    }

    private static String plain(BigDecimal v) {
        return v.stripTrailingZeros().toPlainString();
    }

    private RunRecord run(String runId) {
        return store.runs().stream().filter(r -> r.runId().equals(runId)).findFirst().orElseThrow();
    }

    private List<String> strings(String query) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = url.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
