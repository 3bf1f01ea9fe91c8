package dev.tally.ingest.costs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tally.ingest.costs.format.CostExportFormat;
import dev.tally.ingest.costs.format.UnrecognizedExportException;
import dev.tally.ingest.costs.normalize.CostLineItem;
import dev.tally.ingest.costs.normalize.CostReadResult;
import dev.tally.ingest.costs.normalize.CostRejection;
import dev.tally.ingest.costs.normalize.CostView;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every cost export in {@code ../shared/data/azure-cost} and {@code ../shared/data/focus} is read,
 * and per file, billing period and currency its row count and BilledCost / EffectiveCost totals
 * equal an independent sum of the raw file computed by DuckDB's {@code read_csv} (all columns as
 * text, cast to DECIMAL(38,28) in SQL): exactly, hence to the cent. Each file's SQL states the
 * cost rule of its view on its own columns; the Java side goes through the header recognition,
 * CSV reader and normalizer. A rejection is allowed only where the file's spec names it and why.
 */
class RealCostExportsTest {

    /** How DuckDB should see one export: the SQL is written against the file's own column names. */
    record Export(String path, CostExportFormat format, CostView view, String currencyWhenAbsent,
            String billedSql, String effectiveSql, String periodSql, String currencySql,
            String acceptedWhereSql, Map<Long, String> expectedRejections, String why) {}

    private static final String EA_PURCHASE = "(ChargeType IN ('Purchase','Refund') AND (PricingModel IN ('Reservation','SavingsPlan')"
            + " OR lower(ResourceId) LIKE '/providers/microsoft.capacity/reservationorders/%'"
            + " OR lower(ResourceId) LIKE '/providers/microsoft.billingbenefits/savingsplanorders/%'))";
    private static final String EA_COVERED = "(PricingModel IN ('Reservation','SavingsPlan') AND ChargeType IN ('Usage','UnusedReservation','UnusedSavingsPlan'))";
    private static final String US_PERIOD = "strftime(strptime(%s, '%%m/%%d/%%Y'), '%%Y-%%m-%%d')";

    /**
     * DuckDB's dialect sniffer gives up on this one file (a CRLF file whose quoted fields hold commas);
     * strict_mode = false lets it read it. Python's csv module and ours both read the header and 4 rows of 60 fields.
     */
    static final String DUCKDB_LENIENT = " [DuckDB: strict_mode = false]";

    static final List<Export> EXPORTS = List.of(
            new Export("azure-cost/finops-toolkit/EA_ActualCost_Small.csv", CostExportFormat.EA_COST_DETAILS,
                    CostView.ACTUAL, null,
                    "d(Cost)", "CASE WHEN " + EA_PURCHASE + " THEN 0 ELSE d(Cost) END",
                    US_PERIOD.formatted("BillingPeriodStartDate"), "BillingCurrency", "true", Map.of(),
                    "EA actual (file name and PROVENANCE): the reservation purchase is billed, not effective"),
            new Export("azure-cost/finops-toolkit/EA_AmortizedCost_Small.csv", CostExportFormat.EA_COST_DETAILS,
                    CostView.AMORTIZED, null,
                    "CASE WHEN " + EA_COVERED + " THEN 0 ELSE d(Cost) END", "d(Cost)",
                    US_PERIOD.formatted("BillingPeriodStartDate"), "BillingCurrency", "true", Map.of(),
                    "EA amortized: reservation / savings-plan usage is effective, its billing was the purchase"),
            new Export("azure-cost/finops-toolkit/EA_NoRows.csv", CostExportFormat.EA_COST_DETAILS,
                    CostView.ACTUAL, null, "d(Cost)", "d(Cost)",
                    US_PERIOD.formatted("BillingPeriodStartDate"), "BillingCurrency", "true", Map.of(),
                    "header only: an empty export"),
            new Export("azure-cost/opencost/headersets/BOM.csv", CostExportFormat.PAY_AS_YOU_GO,
                    CostView.ACTUAL, null, "d(PreTaxCost)", "d(PreTaxCost)", "NULL", "Currency",
                    "trim(PreTaxCost) <> ''", Map.of(2L, "PreTaxCost"),
                    "OpenCost's BOM fixture: its only data row has every numeric field empty (a header test);"
                            + " a row without its cost is refused, not read as zero"),
            new Export("azure-cost/opencost/headersets/Enterprise.csv", CostExportFormat.EA_COST_DETAILS,
                    CostView.ACTUAL, null, "d(CostInBillingCurrency)", "d(CostInBillingCurrency)",
                    US_PERIOD.formatted("BillingPeriodStartDate"), "BillingCurrencyCode", "true", Map.of(),
                    "view not stated by the fixture; actual assumed (reservation-covered usage at cost 0 reads the same in both)"),
            new Export("azure-cost/opencost/headersets/EnterpriseCamel.csv", CostExportFormat.MCA_COST_DETAILS,
                    CostView.ACTUAL, null, "d(costInBillingCurrency)", "d(costInBillingCurrency)", "NULL",
                    "billingCurrency", "true", Map.of(), "billing period columns empty: period unknown (null)"),
            new Export("azure-cost/opencost/headersets/German.csv", CostExportFormat.PAY_AS_YOU_GO,
                    CostView.ACTUAL, null, "d(\"PreTaxCost (PreTaxCost)\")", "d(\"PreTaxCost (PreTaxCost)\")", "NULL",
                    "Currency", "true", Map.of(), "localized header: English key in parentheses"),
            new Export("azure-cost/opencost/headersets/PayAsYouGo.csv", CostExportFormat.PAY_AS_YOU_GO,
                    CostView.ACTUAL, null, "d(PreTaxCost)", "d(PreTaxCost)", "NULL", "Currency", "true", Map.of(),
                    "legacy pay-as-you-go"),
            new Export("azure-cost/opencost/headersets/YA.csv", CostExportFormat.COST_DETAILS,
                    CostView.ACTUAL, null, "d(costInBillingCurrency)", "d(costInBillingCurrency)", "NULL",
                    "Currency", "true", Map.of(), "mixed camelCase/German header, no agreement-specific column"),
            new Export("azure-cost/opencost/values/Template.csv", CostExportFormat.COST_DETAILS,
                    CostView.ACTUAL, "USD", "d(costinbillingcurrency)", "d(costinbillingcurrency)", "NULL",
                    "'USD'", "true", Map.of(),
                    "no currency column: OpenCost's fixtures are USD (costinbillingcurrency = paygcostinbillingcurrency), given as the import's currency;"
                            + " rows have 10 of 11 fields (the trailing resourcelocation is missing: read as empty)"),
            new Export("azure-cost/opencost/values/MissingBrackets.csv", CostExportFormat.COST_DETAILS,
                    CostView.ACTUAL, "USD", "d(costinbillingcurrency)", "d(costinbillingcurrency)", "NULL",
                    "'USD'", "true", Map.of(), "Tags and AdditionalInfo JSON without braces; USD as Template.csv"),
            new Export("azure-cost/opencost/values/VirtualMachine.csv", CostExportFormat.COST_DETAILS,
                    CostView.ACTUAL, "USD", "d(costinbillingcurrency)", "d(costinbillingcurrency)", "NULL",
                    "'USD'", "true", Map.of(), "USD as Template.csv"),
            new Export("azure-cost/koku/azure_camelCased.csv", CostExportFormat.PAY_AS_YOU_GO,
                    CostView.ACTUAL, null, "d(preTaxCost)", "d(preTaxCost)", "NULL", "currency", "true", Map.of(),
                    "legacy pay-as-you-go, camelCase, BOM"),
            new Export("azure-cost/koku/camel_azure_version_2.csv", CostExportFormat.MCA_COST_DETAILS,
                    CostView.ACTUAL, null, "d(costInBillingCurrency)", "d(costInBillingCurrency)", "NULL",
                    "billingCurrency", "true", Map.of(), "MCA; billing period columns empty"
                            + DUCKDB_LENIENT),
            new Export("azure-cost/koku/empty_frame.csv", CostExportFormat.PAY_AS_YOU_GO,
                    CostView.ACTUAL, null, "d(PreTaxCost)", "d(PreTaxCost)", "NULL", "Currency", "true", Map.of(),
                    "header only"),
            new Export("focus/focus_sample.csv", CostExportFormat.FOCUS_1_0, CostView.ACTUAL, null,
                    "d(BilledCost)", "d(EffectiveCost)", "substr(BillingPeriodStart, 1, 10)", "BillingCurrency",
                    "true", Map.of(), "FOCUS 1.0 sample, three providers; view does not apply"));

    /** Files in the two folders that describe columns instead of holding cost rows (PROVENANCE.md). */
    static final Set<String> REFERENCE_CSV = Set.of(
            "azure-cost/focus-converters/azure.csv", "azure-cost/focus-converters/azure_category_mapping.csv");

    private static Connection duck;

    @BeforeAll
    static void startDuckDb() throws SQLException {
        if (!SharedCostData.present()) {
            return;
        }
        duck = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = duck.createStatement()) {
            // the one place text becomes money on the DuckDB side: empty and FOCUS's NULL are no value
            s.execute("CREATE MACRO d(x) AS CAST(NULLIF(NULLIF(trim(x), ''), 'NULL') AS DECIMAL(38,28))");
        }
    }

    @AfterAll
    static void stopDuckDb() throws SQLException {
        if (duck != null) {
            duck.close();
        }
    }

    @Test
    void everyCsvInTheSampleFoldersIsAnExportOrANamedReference() throws IOException {
        assumeTrue(SharedCostData.present(), SharedCostData.ABSENT);
        Set<String> exports = EXPORTS.stream().map(Export::path).collect(Collectors.toSet());
        Set<String> found = new TreeSet<>();
        for (Path dir : List.of(SharedCostData.azureCost(), SharedCostData.focus())) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile)
                        .map(p -> SharedCostData.root().relativize(p).toString().replace('\\', '/'))
                        .filter(p -> !(p.endsWith(".json") || p.endsWith(".md") || p.endsWith(".mdpp")))
                        .forEach(found::add);
            }
        }
        Set<String> classified = new TreeSet<>(exports);
        classified.addAll(REFERENCE_CSV);
        assertThat(found).as("a new data file needs a spec here (export) or a place in REFERENCE_CSV")
                .isEqualTo(classified);
    }

    @Test
    void referenceCsvFilesAreRefusedWithTheMissingColumnsNamed() {
        assumeTrue(SharedCostData.present(), SharedCostData.ABSENT);
        for (String ref : REFERENCE_CSV) {
            Path p = SharedCostData.root().resolve(ref);
            assertThatThrownBy(() -> CostExportReader.open(p, ReadOptions.of(CostView.ACTUAL)).close())
                    .isInstanceOf(UnrecognizedExportException.class)
                    .hasMessageContaining(p.toString())
                    .hasMessageContaining("lacks column(s)")
                    .satisfies(e -> assertThat(((UnrecognizedExportException) e).missingColumns()).isNotEmpty());
        }
    }

    @TestFactory
    Stream<DynamicTest> totalsPerBillingPeriodAndCurrencyMatchDuckDb() {
        assumeTrue(SharedCostData.present(), SharedCostData.ABSENT);
        return EXPORTS.stream().map(e -> DynamicTest.dynamicTest(e.path(), () -> checkExport(e)));
    }

    record Totals(long rows, BigDecimal billed, BigDecimal effective) {
        Totals plus(long r, BigDecimal b, BigDecimal e) {
            return new Totals(rows + r, billed.add(b), effective.add(e));
        }

        boolean sameAs(Totals o) {
            return rows == o.rows && billed.compareTo(o.billed) == 0 && effective.compareTo(o.effective) == 0;
        }

        boolean sameToTheCent(Totals o) {
            return rows == o.rows && cent(billed).equals(cent(o.billed)) && cent(effective).equals(cent(o.effective));
        }

        static BigDecimal cent(BigDecimal v) {
            return v.setScale(2, RoundingMode.HALF_EVEN);
        }
    }

    private void checkExport(Export e) throws Exception {
        Path file = SharedCostData.root().resolve(e.path());
        Map<String, Totals> ours = new TreeMap<>();
        List<CostRejection> rejections = new ArrayList<>();
        long results = 0;
        try (CostExportReader reader = CostExportReader.open(file, new ReadOptions(e.view(), e.currencyWhenAbsent()))) {
            assertThat(reader.format()).isEqualTo(e.format());
            for (CostReadResult r : (Iterable<CostReadResult>) reader.stream()::iterator) {
                results++;
                if (r instanceof CostRejection rej) {
                    rejections.add(rej);
                } else if (r instanceof CostLineItem item) {
                    ours.merge(key(item), new Totals(1, item.billedCost(), item.effectiveCost()),
                            (a, b) -> a.plus(b.rows(), b.billed(), b.effective()));
                }
            }
        }

        // rejections: exactly the named ones (line → column), each with a reason
        Map<Long, String> rejectedAt = new TreeMap<>();
        rejections.forEach(r -> rejectedAt.put(r.sourceLine(), r.column()));
        assertThat(rejectedAt).as("rejections of %s: %s", e.path(), rejections).isEqualTo(new TreeMap<>(e.expectedRejections()));
        assertThat(rejections).allSatisfy(r -> assertThat(r.reason()).isNotBlank());

        String sql = "SELECT coalesce(CAST(" + e.periodSql() + " AS VARCHAR), 'null') AS period, "
                + "coalesce(upper(trim(CAST(" + e.currencySql() + " AS VARCHAR))), 'null') AS currency, count(*) AS n, "
                + "coalesce(sum(" + e.billedSql() + "), 0) AS billed, coalesce(sum(" + e.effectiveSql() + "), 0) AS effective "
                + "FROM read_csv('" + file.toString().replace("'", "''") + "', header = true, all_varchar = true, "
                + "delim = ',', quote = '\"', escape = '\"', null_padding = true" + duckOptions(e) + ") "
                + "WHERE " + e.acceptedWhereSql() + " GROUP BY ALL ORDER BY ALL";
        Map<String, Totals> theirs = new TreeMap<>();
        long allRows;
        try (Statement s = duck.createStatement()) {
            try (ResultSet rs = s.executeQuery(sql)) {
                while (rs.next()) {
                    theirs.put(rs.getString("period") + " " + rs.getString("currency"),
                            new Totals(rs.getLong("n"), rs.getBigDecimal("billed"), rs.getBigDecimal("effective")));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM read_csv('" + file.toString().replace("'", "''")
                    + "', header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"', null_padding = true"
                    + duckOptions(e) + ")")) {
                rs.next();
                allRows = rs.getLong(1);
            }
        }
        assertThat(results).as("every row of %s is an item or a rejection", e.path()).isEqualTo(allRows);
        assertThat(ours.keySet()).as("billing periods × currencies of %s", e.path()).isEqualTo(theirs.keySet());
        for (String k : ours.keySet()) {
            Totals a = ours.get(k);
            Totals b = theirs.get(k);
            assertThat(a.sameAs(b)).as("%s %s: ours %s, DuckDB %s", e.path(), k, a, b).isTrue();
            assertThat(a.sameToTheCent(b)).isTrue();
        }
        System.out.printf("%-55s %-18s %s rejections=%d%n", e.path(), e.format(), ours, rejections.size());
    }

    private static String duckOptions(Export e) {
        return e.why().endsWith(DUCKDB_LENIENT) ? ", strict_mode = false" : "";
    }

    private static String key(CostLineItem item) {
        String period = item.billingPeriodStart() == null ? "null"
                : item.billingPeriodStart().atOffset(ZoneOffset.UTC).toLocalDate().toString();
        return period + " " + item.billingCurrency();
    }
}
