package dev.tally.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.ingest.costs.CostExportReader;
import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.importer.ClickHouseCostStore;
import dev.tally.ingest.costs.importer.CostImporter;
import dev.tally.ingest.costs.importer.CostRecordSink;
import dev.tally.ingest.costs.importer.ImportReport;
import dev.tally.ingest.costs.normalize.CostLineItem;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.costs.FleetCostExport;
import dev.tally.local.fleet.costs.FleetCostSpec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The simulated fleet's Azure cost export (EA amortized) of the days a fault test's input covers,
 * the invoice it states per currency, and its import as the demo runs it. Every run of a test
 * imports at the same instant (the export has no manifest: the importer's clock stamps the run),
 * so that the runs' input is the same to the millisecond.
 */
record FleetCosts(Path export, Map<String, BigDecimal> invoice, Instant importTime, YearMonth month) {

    /** Writes the export of the days of {@code [from, to)} under {@code folder}. */
    static FleetCosts write(FleetSpec fleet, Instant from, Instant to, Path folder) throws Exception {
        LocalDate firstDay = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate endDay = LocalDate.ofInstant(to.minusSeconds(1), ZoneOffset.UTC).plusDays(1);
        Path export = new FleetCostExport(new FleetSimulator(fleet), FleetCostSpec.demo(fleet))
                .write(folder, firstDay, endDay, line -> { }).eaAmortized();
        return new FleetCosts(export, billedTotals(export), to, YearMonth.from(firstDay));
    }

    /** The importer, as the demo runs it: the amortized file to ClickHouse and, through {@code sink}, to tally.costs.v1. */
    void importTo(ClickHouseUrl clickHouse, Function<Clock, CostRecordSink> sink) throws Exception {
        Clock clock = Clock.fixed(importTime, ZoneOffset.UTC);
        ImportReport report;
        try (ClickHouseCostStore store = new ClickHouseCostStore(clickHouse); CostRecordSink records = sink.apply(clock)) {
            report = new CostImporter(store, records, ReadOptions.of(CostView.AMORTIZED), 5_000, clock, line -> { })
                    .importPath(export);
        }
        assertThat(report.rowsImported()).as("cost rows imported").isPositive();
    }

    /** True when the allocation charged the whole invoice (every currency, exactly). */
    boolean chargedWhole(Map<String, BigDecimal> allocatedBilled) {
        return allocatedBilled.keySet().equals(invoice.keySet())
                && invoice.entrySet().stream().allMatch(e -> e.getValue().compareTo(allocatedBilled.get(e.getKey())) == 0);
    }

    /** Per currency, the invoice money the allocation charged (actual, not estimated; log volume is priced, not invoiced). */
    static Map<String, BigDecimal> allocatedBilled(ClickHouseUrl clickHouse) throws SQLException {
        return byCurrency(clickHouse, "SELECT currency, toString(sum(billed_cost)) FROM " + clickHouse.database()
                + ".cost_allocation_daily_latest WHERE estimated = 0 AND category != 'LOGS' GROUP BY currency");
    }

    /** Per currency, the exact amount of a query's rows ({@code currency, toString(sum(…))}). */
    static Map<String, BigDecimal> byCurrency(ClickHouseUrl clickHouse, String query) throws SQLException {
        Map<String, BigDecimal> amounts = new TreeMap<>();
        try (Connection c = clickHouse.open(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            while (r.next()) {
                amounts.put(r.getString(1), new BigDecimal(r.getString(2)));
            }
        }
        return amounts;
    }

    /** Exactly equal per currency (to the cent and every decimal the export carries), and more than nothing. */
    static void assertSameMoney(Map<String, BigDecimal> actual, Map<String, BigDecimal> expected, String what) {
        assertThat(actual.keySet()).as("currencies of %s", what).isEqualTo(expected.keySet());
        expected.forEach((currency, total) -> assertThat(actual.get(currency))
                .as("billed %s of %s", currency, what)
                .isPositive()
                .isEqualByComparingTo(total));
    }

    private static Map<String, BigDecimal> billedTotals(Path export) throws Exception {
        Map<String, BigDecimal> totals = new TreeMap<>();
        try (CostExportReader reader = CostExportReader.open(export, ReadOptions.of(CostView.AMORTIZED))) {
            reader.forEachRemaining(r -> {
                CostLineItem item = (CostLineItem) r;
                totals.merge(item.billingCurrency(), item.billedCost(), BigDecimal::add);
            });
        }
        return totals;
    }
}
