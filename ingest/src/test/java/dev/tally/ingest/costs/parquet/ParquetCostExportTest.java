package dev.tally.ingest.costs.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.importer.CostImporter;
import dev.tally.ingest.costs.importer.CountingCostSink;
import dev.tally.ingest.costs.importer.MemoryCostRunStore;
import dev.tally.ingest.costs.importer.ImportReport;
import dev.tally.ingest.costs.importer.ImportedLineItem;
import dev.tally.ingest.costs.importer.RunOutcome;
import dev.tally.ingest.costs.normalize.CostLineItem;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.ingest.costs.run.RunStatus;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet parts as Cost Management writes them (FOCUS, and cost details), written here with
 * seeded-random rows in several row groups; the importer's totals per currency equal DuckDB's
 * {@code read_parquet} sums of the same files: exactly for DECIMAL columns, to the cent for DOUBLE ones.
 */
class ParquetCostExportTest {
    @TempDir
    Path root;

    static final MessageType FOCUS = MessageTypeParser.parseMessageType("""
            message focus {
              required fixed_len_byte_array(16) BilledCost (DECIMAL(38, 24));
              required int64 EffectiveCost (DECIMAL(18, 6));
              optional double ListCost;
              required binary BillingCurrency (STRING);
              required int64 BillingPeriodStart (TIMESTAMP(MICROS, true));
              required int64 BillingPeriodEnd (TIMESTAMP(MICROS, true));
              required int64 ChargePeriodStart (TIMESTAMP(MICROS, true));
              required int64 ChargePeriodEnd (TIMESTAMP(MICROS, true));
              required binary ChargeCategory (STRING);
              optional binary PricingCategory (STRING);
              optional binary CommitmentDiscountId (STRING);
              required binary ProviderName (STRING);
              optional binary RegionId (STRING);
              optional binary ResourceId (STRING);
              optional binary ResourceName (STRING);
              optional binary ServiceName (STRING);
              optional binary SubAccountId (STRING);
              optional group Tags (MAP) {
                repeated group key_value {
                  required binary key (STRING);
                  optional binary value (STRING);
                }
              }
            }""");

    static final MessageType COST_DETAILS = MessageTypeParser.parseMessageType("""
            message costdetails {
              optional binary AccountName (STRING);
              optional binary SubscriptionId (STRING);
              required int32 Date (DATE);
              required int32 BillingPeriodStartDate (DATE);
              required int32 BillingPeriodEndDate (DATE);
              optional binary ResourceId (STRING);
              optional binary MeterCategory (STRING);
              optional binary ResourceLocation (STRING);
              optional double Quantity;
              required double CostInBillingCurrency;
              required binary BillingCurrency (STRING);
              optional binary ChargeType (STRING);
              optional binary PricingModel (STRING);
              optional binary Tags (STRING);
            }""");

    private static ParquetWriter<Group> writer(Path file, MessageType schema) throws IOException {
        return ExampleParquetWriter.builder(new LocalOutputFile(file)).withConf(new PlainParquetConfiguration())
                .withType(schema).withCompressionCodec(CompressionCodecName.SNAPPY)
                .withRowGroupSize(64L * 1024).withPageSize(8 * 1024).build();
    }

    private static Binary decimal16(BigDecimal value, int scale) {
        byte[] unscaled = value.setScale(scale).unscaledValue().toByteArray();
        byte[] out = new byte[16];
        byte pad = (byte) (unscaled[0] < 0 ? 0xff : 0);
        java.util.Arrays.fill(out, 0, 16 - unscaled.length, pad);
        System.arraycopy(unscaled, 0, out, 16 - unscaled.length, unscaled.length);
        return Binary.fromConstantByteArray(out);
    }

    private static long micros(Instant i) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, i);
    }

    /** Seeded-random FOCUS rows for January 2024: refunds, purchases, awkward decimals, tags or none. */
    private static void writeFocus(Path file, int rows, long seed) throws IOException {
        Random random = new Random(seed);
        SimpleGroupFactory groups = new SimpleGroupFactory(FOCUS);
        Instant month = Instant.parse("2024-01-01T00:00:00Z");
        try (ParquetWriter<Group> w = writer(file, FOCUS)) {
            for (int r = 0; r < rows; r++) {
                Group g = groups.newGroup();
                BigDecimal billed = new BigDecimal(BigInteger.valueOf(random.nextLong() % 1_000_000_000_000L), 12 + random.nextInt(13));
                if (random.nextInt(20) == 0) {
                    billed = billed.negate(); // a refund
                }
                BigDecimal effective = BigDecimal.valueOf(random.nextInt(100_000_000) - 1_000_000, 6);
                Instant day = month.plus(random.nextInt(31), ChronoUnit.DAYS);
                g.append("BilledCost", decimal16(billed, 24));
                g.append("EffectiveCost", effective.unscaledValue().longValueExact());
                if (random.nextInt(4) > 0) {
                    g.append("ListCost", random.nextInt(10_000_000) / 100.0);
                }
                g.append("BillingCurrency", random.nextInt(3) == 0 ? "USD" : "EUR");
                g.append("BillingPeriodStart", micros(month));
                g.append("BillingPeriodEnd", micros(Instant.parse("2024-02-01T00:00:00Z")));
                g.append("ChargePeriodStart", micros(day));
                g.append("ChargePeriodEnd", micros(day.plus(1, ChronoUnit.DAYS)));
                g.append("ChargeCategory", random.nextInt(10) == 0 ? "Purchase" : "Usage");
                g.append("PricingCategory", random.nextInt(5) == 0 ? "Committed" : "Standard");
                g.append("ProviderName", "Microsoft");
                g.append("RegionId", "westeurope");
                g.append("ResourceId", "/subscriptions/S1/resourceGroups/MC_rg_AKS" + (r % 3) + "_westeurope/providers/"
                        + "Microsoft.Compute/virtualMachineScaleSets/aks-pool-" + (r % 7) + "-vmss");
                g.append("ServiceName", "Virtual Machines");
                g.append("SubAccountId", "/subscriptions/s1");
                if (random.nextBoolean()) {
                    Group tags = g.addGroup("Tags");
                    tags.addGroup("key_value").append("key", "team").append("value", "t" + (r % 5));
                    tags.addGroup("key_value").append("key", "note").append("value", "a, \"quoted\"\nvalue");
                }
                w.write(g);
            }
        }
    }

    private static void writeCostDetails(Path file, int rows, long seed) throws IOException {
        Random random = new Random(seed);
        SimpleGroupFactory groups = new SimpleGroupFactory(COST_DETAILS);
        try (ParquetWriter<Group> w = writer(file, COST_DETAILS)) {
            for (int r = 0; r < rows; r++) {
                Group g = groups.newGroup();
                g.append("AccountName", "Contoso");
                g.append("SubscriptionId", "00000000-0000-0000-0000-0000000000aa");
                g.append("Date", (int) LocalDate.of(2024, 1, 1 + random.nextInt(31)).toEpochDay());
                g.append("BillingPeriodStartDate", (int) LocalDate.of(2024, 1, 1).toEpochDay());
                g.append("BillingPeriodEndDate", (int) LocalDate.of(2024, 1, 31).toEpochDay());
                g.append("ResourceId", "/subscriptions/00000000-0000-0000-0000-0000000000AA/resourceGroups/MC_rg_aks1_westeurope"
                        + "/providers/Microsoft.Compute/virtualMachineScaleSets/aks-pool1-" + (r % 4) + "-vmss");
                g.append("MeterCategory", "Virtual Machines");
                g.append("ResourceLocation", "EU West");
                g.append("Quantity", 24.0);
                // how the service writes cost details: binary doubles, up to 10 decimals
                g.append("CostInBillingCurrency", (random.nextLong() % 10_000_000_000_000L) / 1e10);
                g.append("BillingCurrency", "EUR");
                g.append("ChargeType", random.nextInt(30) == 0 ? "Refund" : "Usage");
                g.append("PricingModel", "OnDemand");
                g.append("Tags", "\"aks-managed-poolName\": \"pool1\",\"env\": \"prod\"");
                w.write(g);
            }
        }
    }

    private final MemoryCostRunStore store = new MemoryCostRunStore();
    private final CountingCostSink sink = new CountingCostSink();

    private ImportReport importPath(Path path) {
        return new CostImporter(store, sink, ReadOptions.of(CostView.AMORTIZED), 500, Clock.systemUTC(),
                line -> { }).importPath(path);
    }

    /** currency → {rows, billed, effective, list} by DuckDB over the files. */
    private static Map<String, List<BigDecimal>> duckDb(String query) throws Exception {
        Map<String, List<BigDecimal>> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                out.put(rs.getString(1), List.of(rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4),
                        rs.getBigDecimal(5) == null ? BigDecimal.ZERO : rs.getBigDecimal(5)));
            }
        }
        return out;
    }

    private Map<String, List<BigDecimal>> imported(int listScale) {
        Map<String, List<BigDecimal>> out = new TreeMap<>();
        for (ImportedLineItem row : store.items) {
            CostLineItem i = row.item();
            out.merge(i.billingCurrency(), List.of(BigDecimal.ONE, i.billedCost(), i.effectiveCost(),
                            i.listCost() == null ? BigDecimal.ZERO : i.listCost()),
                    (a, b) -> List.of(a.get(0).add(b.get(0)), a.get(1).add(b.get(1)), a.get(2).add(b.get(2)), a.get(3).add(b.get(3))));
        }
        out.replaceAll((k, v) -> List.of(v.get(0), v.get(1), v.get(2), v.get(3).setScale(listScale, RoundingMode.HALF_EVEN)));
        return out;
    }

    private static Map<String, List<BigDecimal>> stripped(Map<String, List<BigDecimal>> m) {
        Map<String, List<BigDecimal>> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.stream().map(BigDecimal::stripTrailingZeros).toList()));
        return out;
    }

    @Test
    void aFocusParquetFileImportsEveryRowWithDecimalTotalsEqualToDuckDbExactly() throws Exception {
        Path file = root.resolve("focus-january.parquet");
        writeFocus(file, 6_000, 20_261_126L);

        ImportReport report = importPath(file);

        assertThat(report.failures()).isEmpty();
        RunOutcome run = report.runs().get(0);
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETE);
        assertThat(run.run().dataset()).isEqualTo("FocusCost");
        assertThat(run.run().billingPeriod()).isEqualTo("20240101-20240131");
        assertThat(report.rowsRead()).isEqualTo(6_000);
        assertThat(report.rowsRejected()).isZero();
        Map<String, List<BigDecimal>> oracle = duckDb("SELECT BillingCurrency, count(*), sum(BilledCost), sum(EffectiveCost),"
                + " round(sum(ListCost), 2) FROM read_parquet('" + file + "') GROUP BY 1");
        assertThat(stripped(imported(2))).isEqualTo(stripped(oracle));
        assertThat(run.run().totals().get("EUR").billedCost()).isEqualByComparingTo(oracle.get("EUR").get(1));

        // one row in full: timestamps, the map of tags, the lower-cased resource id, the cluster hint
        CostLineItem first = store.items.get(0).item();
        assertThat(first.sourceLine()).isEqualTo(1);
        assertThat(first.billingPeriodStart()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(first.resourceId()).isEqualTo("/subscriptions/s1/resourcegroups/mc_rg_aks0_westeurope/providers/"
                + "microsoft.compute/virtualmachinescalesets/aks-pool-0-vmss");
        CostLineItem tagged = store.items.stream().map(ImportedLineItem::item)
                .filter(i -> !i.tags().isEmpty()).findFirst().orElseThrow();
        assertThat(tagged.tags()).containsEntry("note", "a, \"quoted\"\nvalue").containsKey("team");
    }

    @Test
    void costDetailsParquetPartsOfAManifestRunImportAsOneRunToTheCentOfDuckDb() throws Exception {
        Path folder = Files.createDirectories(root.resolve("monthly/20240101-20240131/run-1"));
        Path a = folder.resolve("part_0_0001.parquet");
        Path b = folder.resolve("part_0_0002.parquet");
        writeCostDetails(a, 3_000, 1L);
        writeCostDetails(b, 2_500, 2L);
        Files.writeString(folder.resolve("manifest.json"), "{\"manifestVersion\": \"2024-04-01\", \"exportConfig\": "
                + "{\"exportName\": \"monthly\", \"type\": \"AmortizedCost\", \"resourceId\": \"/subscriptions/s1"
                + "/providers/Microsoft.CostManagement/exports/monthly\"}, \"deliveryConfig\": {\"fileFormat\": \"Parquet\"},"
                + " \"runInfo\": {\"runId\": \"run-1\", \"submittedTime\": \"2024-02-01T00:00:00Z\"}, \"blobs\": ["
                + "{\"blobName\": \"part_0_0001.parquet\", \"byteCount\": " + Files.size(a) + ", \"dataRowCount\": 3000},"
                + "{\"blobName\": \"part_0_0002.parquet\", \"byteCount\": " + Files.size(b) + ", \"dataRowCount\": 2500}]}");

        ImportReport report = importPath(root);

        assertThat(report.failures()).isEmpty();
        assertThat(report.runs()).singleElement().extracting(RunOutcome::status).isEqualTo(RunStatus.COMPLETE);
        assertThat(report.rowsImported()).isEqualTo(5_500);
        Map<String, List<BigDecimal>> oracle = duckDb("SELECT BillingCurrency, count(*), round(sum(CostInBillingCurrency), 2),"
                + " round(sum(CostInBillingCurrency), 2), 0 FROM read_parquet(['" + a + "', '" + b + "']) GROUP BY 1");
        Map<String, List<BigDecimal>> ours = imported(2);
        ours.replaceAll((k, v) -> List.of(v.get(0), v.get(1).setScale(2, RoundingMode.HALF_EVEN),
                v.get(2).setScale(2, RoundingMode.HALF_EVEN), v.get(3)));
        assertThat(stripped(ours)).isEqualTo(stripped(oracle));
        // each double is read as the shortest decimal naming it, never binary noise
        assertThat(store.items).allSatisfy(i -> assertThat(i.item().billedCost().scale()).isLessThanOrEqualTo(10));
    }

    @Test
    void aTruncatedOrCorruptParquetPartFailsItsRunWholeNamingTheFile() throws Exception {
        Path good = root.resolve("good.parquet");
        writeFocus(good, 3_000, 7L);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = Files.write(root.resolve("truncated/focus.parquet"),
                java.util.Arrays.copyOf(bytes, bytes.length / 2), createParents(root.resolve("truncated")));
        byte[] damaged = bytes.clone();
        Random random = new Random(3);
        for (int i = 0; i < 40; i++) {
            damaged[4 + random.nextInt(bytes.length / 2)] ^= (byte) (1 + random.nextInt(255));
        }
        Path corrupt = Files.write(root.resolve("corrupt/focus.parquet"), damaged, createParents(root.resolve("corrupt")));

        ImportReport t = importPath(truncated);
        assertThat(t.failures()).singleElement().satisfies(f -> assertThat(f.problem())
                .startsWith(truncated.toAbsolutePath() + ": truncated or corrupt Parquet"));
        ImportReport c = importPath(corrupt);
        assertThat(c.runs()).singleElement().satisfies(o -> {
            assertThat(o.failed()).as("a damaged page fails the run: %s", o.problem()).isTrue();
            assertThat(o.problem()).startsWith(corrupt.toAbsolutePath() + ": ");
            assertThat(o.status()).isEqualTo(RunStatus.FAILED);
        });
        assertThat(store.runs()).noneMatch(r -> r.status() == RunStatus.COMPLETE);
    }

    /**
     * Seeded damage (budget: 12 files of 400 rows): a truncated part, a part cut to its magic bytes, or
     * garbage behind a Parquet magic fails its own run naming the file; the good file imported next to
     * it, in the same import, completes with every row. (Flipped bytes inside a data page can go unseen:
     * Parquet pages carry no checksum unless the writer adds one; see docs/hostile-input.md.)
     */
    @Test
    void seededDamageFailsOnlyTheDamagedRunAndTheGoodOneNextToItKeepsEveryRow() throws Exception {
        Path good = root.resolve("template.parquet");
        writeFocus(good, 400, 11L);
        byte[] bytes = Files.readAllBytes(good);
        Files.delete(good);
        for (long seed = 0; seed < 12; seed++) {
            Random random = new Random(20261126L + seed);
            Path batch = Files.createDirectories(root.resolve("batch-" + seed));
            writeFocus(Files.createDirectories(batch.resolve("a-good")).resolve("focus.parquet"), 400, 100 + seed); // new content: not "already imported"
            byte[] damaged = switch ((int) (seed % 3)) {
                case 0 -> java.util.Arrays.copyOf(bytes, 1 + random.nextInt(bytes.length - 1)); // truncated anywhere
                case 1 -> "PAR1PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                default -> {
                    byte[] g = new byte[8 + random.nextInt(20_000)];
                    random.nextBytes(g);
                    System.arraycopy("PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, g, 0, 4);
                    System.arraycopy("PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, g, g.length - 4, 4);
                    yield g;
                }
            };
            Path bad = Files.write(Files.createDirectories(batch.resolve("b-bad")).resolve("focus.parquet"), damaged);

            ImportReport report = importPath(batch);

            String where = "seed " + (20261126L + seed) + ", " + damaged.length + " bytes";
            assertThat(report.runs()).as(where).hasSize(2);
            assertThat(report.runs()).as(where).filteredOn(o -> o.location().contains("a-good")).singleElement().satisfies(o -> {
                assertThat(o.status()).as(where).isEqualTo(RunStatus.COMPLETE);
                assertThat(o.rowsImported()).as(where).isEqualTo(400);
            });
            assertThat(report.runs()).as(where).filteredOn(o -> o.location().contains("b-bad")).singleElement().satisfies(o -> {
                assertThat(o.failed()).as(where).isTrue();
                assertThat(o.problem()).as(where).startsWith(bad.toAbsolutePath() + ": ");
            });
        }
    }

    private static java.nio.file.OpenOption createParents(Path dir) throws IOException {
        Files.createDirectories(dir);
        return java.nio.file.StandardOpenOption.CREATE;
    }
}
