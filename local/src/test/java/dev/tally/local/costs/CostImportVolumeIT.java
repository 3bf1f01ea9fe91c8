package dev.tally.local.costs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.common.clickhouse.migrations.SchemaMigrations;
import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.importer.ClickHouseCostStore;
import dev.tally.ingest.costs.importer.CostImporter;
import dev.tally.ingest.costs.importer.ImportReport;
import dev.tally.ingest.costs.importer.KafkaCostSink;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.kafka.TestKafka;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of many batches (4 gzipped parts, {@value #ROWS} rows of seeded-random costs from 24
 * decimals to 13 integer digits) through the importer: every row and every digit arrives in the
 * view, and its sums stay exact past 10^14, where a sum of the Decimal(38, 24) column would overflow. Prints the rows
 * per second as measured here (not asserted: speed belongs to bench/).
 */
class CostImportVolumeIT {
    static final int ROWS = 40_000;

    @TempDir
    Path root;

    @Test
    void aLargeMultiPartRunArrivesWholeWithExactTotals() throws Exception {
        ClickHouseUrl url = TestClickHouse.createDatabase("it_costs_volume");
        try (Connection c = url.open()) {
            SchemaMigrations.bundled(MigrationSettings.defaults().withDatabase(url.database())).apply(c);
        }
        Random random = new Random(424242L);
        List<List<ExportFixture.Row>> parts = new ArrayList<>();
        BigDecimal expected = BigDecimal.ZERO;
        for (int p = 0; p < 4; p++) {
            List<ExportFixture.Row> rows = new ArrayList<>();
            for (int i = 0; i < ROWS / 4; i++) {
                BigDecimal cost = new BigDecimal(random.nextLong(-1_000_000_000L, 10_000_000_000_000L)).movePointLeft(random.nextInt(0, 25));
                expected = expected.add(cost);
                rows.add(new ExportFixture.Row(LocalDate.of(2024, 1, 1 + random.nextInt(31)), "aks-pool" + p + "-1-vmss",
                        cost, "EUR", "Usage"));
            }
            parts.add(rows);
        }
        ExportFixture.run(root, "monthly", UUID.randomUUID().toString(), Instant.parse("2024-02-01T06:00:00Z"), true, parts);

        long start = System.nanoTime();
        ImportReport report;
        try (ClickHouseCostStore store = new ClickHouseCostStore(url);
             KafkaCostSink sink = new KafkaCostSink(TestKafka.connection(), Clock.systemUTC())) {
            report = new CostImporter(store, sink, ReadOptions.of(CostView.AMORTIZED), 5_000, Clock.systemUTC(), l -> { })
                    .importPath(root);
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(report.failures()).isEmpty();
        assertThat(expected.abs()).as("the test's point: a sum beyond Decimal(38, 24)").isGreaterThan(new BigDecimal("1E14"));
        assertThat(report.rowsImported()).isEqualTo(ROWS);
        try (Connection c = url.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT toString(count()), toString(sum(billed_cost)), toString(sum(effective_cost)) FROM "
                     + url.database() + ".cost_line_items_current")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(Integer.toString(ROWS));
            assertThat(new BigDecimal(rs.getString(2))).isEqualByComparingTo(expected);
            assertThat(new BigDecimal(rs.getString(3))).isEqualByComparingTo(expected);
        }
        System.out.printf("cost import volume: %d rows in %.1f s = %.0f rows/s (ClickHouse %s, Kafka in-JVM; sum %s EUR)%n",
                ROWS, seconds, ROWS / seconds, TestClickHouse.isExternal() ? "external" : "local chdb", expected.toPlainString());
    }
}
