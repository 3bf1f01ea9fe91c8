package dev.tally.local.costs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.common.clickhouse.migrations.SchemaMigrations;
import dev.tally.ingest.costs.CostExportReader;
import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.importer.ClickHouseCostStore;
import dev.tally.ingest.costs.importer.CostImporter;
import dev.tally.ingest.costs.importer.ImportReport;
import dev.tally.ingest.costs.importer.KafkaCostSink;
import dev.tally.ingest.costs.normalize.CostLineItem;
import dev.tally.ingest.costs.normalize.CostRejection;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.ingest.costs.run.RunStatus;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.kafka.TestKafka;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every real export in {@code ../shared/data/azure-cost} and {@code ../shared/data/focus} through
 * the importer into ClickHouse: per file, billing period and currency, the row count and the
 * BilledCost / EffectiveCost sums through {@code cost_line_items_current} equal the reader's
 * (which RealCostExportsTest shows equal DuckDB's {@code read_csv} sums), exactly.
 */
class RealCostExportsImportIT {
    /** What the files cannot say (as RealCostExportsTest): the view, and the currency of OpenCost's value fixtures. */
    static final Map<String, ReadOptions> OPTIONS = Map.of(
            "EA_AmortizedCost_Small.csv", new ReadOptions(CostView.AMORTIZED, null),
            "Template.csv", new ReadOptions(CostView.ACTUAL, "USD"),
            "MissingBrackets.csv", new ReadOptions(CostView.ACTUAL, "USD"),
            "VirtualMachine.csv", new ReadOptions(CostView.ACTUAL, "USD"));
    /** Column descriptions, not cost rows (PROVENANCE.md): refused as a whole, naming the file. */
    static final List<String> REFERENCE = List.of("azure.csv", "azure_category_mapping.csv");

    static Path sharedData() {
        String home = System.getProperty("tally.home");
        return (home != null ? Path.of(home) : TestClickHouse.projectHome()).resolve("../shared/data").normalize();
    }

    @Test
    void everyRealExportImportsWithTheReadersTotalsPerBillingPeriodAndCurrency() throws Exception {
        Path data = sharedData();
        assumeTrue(Files.isDirectory(data.resolve("azure-cost")) && Files.isDirectory(data.resolve("focus")),
                "shared sample data not found at " + data + " (see PROVENANCE.md); skipped");
        ClickHouseUrl url = TestClickHouse.createDatabase("it_costs_real");
        try (Connection c = url.open()) {
            SchemaMigrations.bundled(MigrationSettings.defaults().withDatabase(url.database())).apply(c);
        }
        List<Path> files;
        try (Stream<Path> walk = Stream.concat(Files.walk(data.resolve("azure-cost")), Files.walk(data.resolve("focus")))) {
            files = walk.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        assertThat(files).hasSize(18);
        int compared = 0;
        try (ClickHouseCostStore store = new ClickHouseCostStore(url);
             KafkaCostSink sink = new KafkaCostSink(TestKafka.connection(), Clock.systemUTC())) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                ReadOptions options = OPTIONS.getOrDefault(name, new ReadOptions(CostView.ACTUAL, null));
                ImportReport report = new CostImporter(store, sink, options, 1_000, Clock.systemUTC(), line -> { })
                        .importPath(file);
                if (REFERENCE.contains(name)) {
                    assertThat(report.failures()).singleElement().satisfies(f -> assertThat(f.problem())
                            .startsWith(file.toAbsolutePath() + ": not a recognized cost export"));
                    continue;
                }
                assertThat(report.failures()).as(name).isEmpty();
                assertThat(report.runs()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RunStatus.COMPLETE));
                Map<String, String> expected = readerTotals(file, options);
                Map<String, String> imported = viewTotals(url, file.toAbsolutePath().toString());
                assertThat(imported).as(name).isEqualTo(expected);
                assertThat(report.rowsRejected()).as(name).isEqualTo(name.equals("BOM.csv") ? 1 : 0);
                System.out.println("imported " + name + ": " + report.rowsImported() + " rows, " + imported);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(16);
    }

    /** "period currency" → "rows billed effective", from the reader itself (every line item). */
    static Map<String, String> readerTotals(Path file, ReadOptions options) throws Exception {
        Map<String, BigDecimal[]> sums = new TreeMap<>();
        try (CostExportReader reader = CostExportReader.open(file, options)) {
            while (reader.hasNext()) {
                if (reader.next() instanceof CostLineItem i) {
                    String key = (i.billingPeriodStart() == null ? "none" : i.billingPeriodStart().toString().substring(0, 10))
                            + " " + i.billingCurrency();
                    sums.merge(key, new BigDecimal[] {BigDecimal.ONE, i.billedCost(), i.effectiveCost()},
                            (a, b) -> new BigDecimal[] {a[0].add(b[0]), a[1].add(b[1]), a[2].add(b[2])});
                }
            }
        }
        Map<String, String> out = new TreeMap<>();
        sums.forEach((k, v) -> out.put(k, v[0].toPlainString() + " " + v[1].stripTrailingZeros().toPlainString() + " "
                + v[2].stripTrailingZeros().toPlainString()));
        return out;
    }

    static Map<String, String> viewTotals(ClickHouseUrl url, String sourceFile) throws Exception {
        String sql = "SELECT ifNull(toString(toDate(billing_period_start)), 'none'), billing_currency, toString(count()), "
                + "toString(sum(billed_cost)), toString(sum(effective_cost)) FROM " + url.database()
                + ".cost_line_items_current WHERE source_file = '" + sourceFile.replace("'", "\\'") + "' "
                + "GROUP BY billing_period_start, billing_currency";
        Map<String, String> out = new TreeMap<>();
        try (Connection c = url.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1) + " " + rs.getString(2), rs.getString(3) + " "
                        + new BigDecimal(rs.getString(4)).stripTrailingZeros().toPlainString() + " "
                        + new BigDecimal(rs.getString(5)).stripTrailingZeros().toPlainString());
            }
        }
        return out;
    }
}
