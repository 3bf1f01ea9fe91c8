package dev.tally.local.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.importer.ClickHouseCostStore;
import dev.tally.ingest.costs.importer.CostImporter;
import dev.tally.ingest.costs.importer.CostRecordSink;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.jobs.usage.rows.UsageTopicRecord;
import dev.tally.local.cli.TallyCli;
import dev.tally.local.demo.Demo;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.costs.FleetCostExport;
import dev.tally.local.fleet.costs.FleetCostSpec;
import dev.tally.local.fleet.truth.GroundTruth;
import dev.tally.local.kafka.TestKafka;
import dev.tally.reports.ChargebackParquet;
import dev.tally.reports.ChargebackReport;
import dev.tally.reports.Manifest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chargeback report on the real pipeline: the simulated fleet's EA amortized export of
 * 2026-01-29 imported by the cost importer into ClickHouse ({@code cost_line_items_current}) and
 * onto {@code tally.costs.v1}, its ground truth on {@code tally.usage.v1}, the allocation job on
 * the Flink MiniCluster; then {@code tally report} as a user runs it, the file read back by DuckDB.
 * Then the month is restated (a newer run of the file with one VM's row charged twice): the report
 * refuses while the allocation is stale, publishes marked with the flag, and once the job has
 * recomputed, writes v2 with the change summary while v1 stays byte for byte.
 */
class ChargebackReportIT {
    static final LocalDate DAY = LocalDate.parse("2026-01-29");

    @TempDir
    Path dir;

    @Test
    void theReportReconcilesToTheAllocationAndTheExportAndARestatementIsV2() throws Exception {
        FleetSpec fleet = FleetSpec.demo();
        FleetSimulator sim = new FleetSimulator(fleet);
        FleetCostExport.Written written = new FleetCostExport(sim, FleetCostSpec.demo(fleet))
                .write(dir.resolve("export"), DAY, DAY.plusDays(1), line -> { });
        GroundTruth truth = sim.groundTruth(DAY.atStartOfDay().toInstant(ZoneOffset.UTC), DAY.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        String prefix = "it-report-" + UUID.randomUUID() + ".";
        TestKafka.createTopic(prefix + Topic.USAGE.topicName(), 2);
        TestKafka.createTopic(prefix + Topic.COSTS.topicName(), 2);
        FleetAllocationTopics.produce(prefix + Topic.USAGE.topicName(), FleetAllocationTopics.usage(truth, fleet.scrapeInterval()));
        FleetAllocationTopics.produce(prefix + Topic.COSTS.topicName(),
                FleetAllocationTopics.costs(written.eaAmortized(), CostView.AMORTIZED, "AmortizedCost", "run-1"));
        ClickHouseUrl clickHouse = FleetAllocationTopics.freshClickHouse();
        importRun(clickHouse, written.eaAmortized(), Instant.parse("2026-01-30T06:00:00Z"));
        FleetAllocationTopics.runAllocation(prefix, "AmortizedCost", "it-report-1", clickHouse, Demo.owners(fleet));

        Path out = dir.resolve("reports");
        Result v1Run = tally(clickHouse, "--out", out.toString());
        assertThat(v1Run.exit).as(v1Run.err).isZero();
        assertThat(v1Run.out).contains("published 2026-01 v1: " + out.resolve("chargeback/2026-01/v1").toAbsolutePath())
                .contains("reconciled");
        Path v1 = out.resolve("chargeback/2026-01/v1");
        Path v1Parquet = v1.resolve("chargeback-2026-01.parquet");
        Manifest m1 = Manifest.parse(Files.readAllBytes(v1.resolve("manifest.json")), "v1");

        // DuckDB reads it: the schema, the rows, and the totals equal ClickHouse's allocation and the export's, to the last digit
        Map<String, String> allocation = clickHouseTotals(clickHouse, "cost_allocation_daily_latest",
                "currency", "billing_period >= '2026-01-01' AND billing_period < '2026-02-01' AND estimated = 0");
        Map<String, String> export = clickHouseTotals(clickHouse, "cost_line_items_current", "billing_currency",
                "toStartOfMonth(toDate(coalesce(billing_period_start, charge_period_start))) = '2026-01-01'");
        Map<String, String> file = duckTotals(v1Parquet);
        System.out.println("report " + file + "\nallocation " + allocation + "\nexport " + export);
        assertThat(file).isNotEmpty().isEqualTo(allocation).isEqualTo(export);
        assertThat(duck("SELECT count(*) FROM read_parquet('" + v1Parquet + "')")).isEqualTo(count(clickHouse,
                "SELECT count() FROM %s.cost_allocation_daily_latest WHERE billing_period = '2026-01-01' AND estimated = 0"));
        assertThat(duck("SELECT string_agg(column_name, ',' ORDER BY column_name) FROM (DESCRIBE SELECT * FROM read_parquet('" + v1Parquet + "'))"))
                .isEqualTo(String.join(",", ChargebackParquet.schema(dev.tally.reports.Basis.BOTH).getFields().stream()
                        .map(Type::getName).sorted().toList()));
        // the origin: per ResourceId and SubAccountId, the file's billed total and list total equal the export's rows of that
        // resource (the simulator's EA file has no PaygCostInBillingCurrency, so the list cost is unknown: null, never zero)
        Map<String, String> exportByResource = new TreeMap<>();
        try (Connection c = clickHouse.open(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT concat(if(resource_id = '', 'null', resource_id), '|', if(sub_account_id = '', 'null', sub_account_id), '|', "
                        + "billing_currency), toString(sum(billed_cost)), if(countIf(list_cost IS NULL) > 0, 'null', toString(sum(list_cost))) "
                        + "FROM " + clickHouse.database() + ".cost_line_items_current WHERE "
                        + "toStartOfMonth(toDate(coalesce(billing_period_start, charge_period_start))) = '2026-01-01' GROUP BY 1")) {
            while (r.next()) {
                exportByResource.put(r.getString(1), plain(r.getString(2)) + " / " + r.getString(3));
            }
        }
        Map<String, String> fileByResource = new TreeMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet r = s.executeQuery("SELECT coalesce(ResourceId, 'null') || '|' || coalesce(SubAccountId, 'null') || '|' || "
                     + "BillingCurrency, sum(BilledCost)::VARCHAR, CASE WHEN count(*) FILTER (WHERE ListCost IS NULL) > 0 THEN 'null' "
                     + "ELSE sum(ListCost)::VARCHAR END FROM read_parquet('" + v1Parquet + "') GROUP BY 1")) {
            while (r.next()) {
                fileByResource.put(r.getString(1), plain(r.getString(2)) + " / " + r.getString(3));
            }
        }
        Map<String, String> nodePools = new TreeMap<>(fileByResource);
        nodePools.keySet().removeIf(k -> !k.contains("/virtualmachinescalesets/"));
        // the pools handed on to workloads (idle, shared by policy) have no ResourceId: per subscription and currency their
        // shares and the buckets' rows taking them out net to zero; each resource's part in them is on the bucket's rows
        // of its ResourceId, so every resource still sums to its export rows
        Map<String, String> pooled = new TreeMap<>(fileByResource);
        pooled.keySet().removeIf(k -> !k.startsWith("null|") || exportByResource.containsKey(k));
        fileByResource.keySet().removeAll(pooled.keySet());
        System.out.println("per resource: " + fileByResource.size() + " resources, node pools " + nodePools + ", pooled " + pooled);
        assertThat(nodePools).hasSizeGreaterThan(1);
        assertThat(pooled).allSatisfy((k, v) -> assertThat(v).startsWith("0 / "));
        assertThat(fileByResource).isEqualTo(exportByResource);
        // one row per workload and pool: a workload's pooled rows are at most one per category and currency
        assertThat(duck("SELECT count(*) FROM (SELECT x_Cluster, x_Namespace, x_WorkloadKind, x_Workload, x_CostCategory, "
                + "BillingCurrency, ChargePeriodStart FROM read_parquet('" + v1Parquet + "') WHERE ResourceId IS NULL AND x_Namespace NOT LIKE '\\_\\_%' "
                + "ESCAPE '\\' GROUP BY ALL HAVING count(*) > 1)")).isEqualTo("0");
        assertThat(duck("SELECT count(*) FROM read_parquet('" + v1Parquet + "') WHERE ResourceId IS NULL AND x_Namespace NOT LIKE "
                + "'\\_\\_%' ESCAPE '\\'")).isNotEqualTo("0");
        assertThat(m1.exportRuns()).singleElement().satisfies(r -> assertThat(r.dataset()).isEqualTo("AmortizedCost"));
        assertThat(count(clickHouse, "SELECT concat(toString(version), ' ', toString(rows), ' ', toString(reconciled), ' ', parquet_sha256) "
                + "FROM %s.report_versions")).isEqualTo("1 " + m1.rowCount() + " 1 " + ChargebackReport.sha256(v1Parquet));
        String v1Sha = ChargebackReport.sha256(v1Parquet);

        // the month restated: a newer run of the same file, one VM row charged twice
        Path restated = restate(written.eaAmortized(), dir.resolve("restated"));
        importRun(clickHouse, restated, Instant.parse("2026-02-02T06:00:00Z"));
        Result refused = tally(clickHouse, "--out", out.toString());
        assertThat(refused.exit).isEqualTo(1);
        assertThat(refused.err).startsWith("tally report: 2026-01 not published: the allocation does not reconcile with the cost export: USD billed: report ")
                .contains("(difference -").contains("--allow-unreconciled");
        Result marked = tally(clickHouse, "--out", dir.resolve("preliminary").toString(), "--allow-unreconciled");
        assertThat(marked.exit).as(marked.err).isZero();
        assertThat(marked.out).contains("unreconciled (--allow-unreconciled)").contains("differs: USD billed");
        assertThat(Files.readString(dir.resolve("preliminary/chargeback/2026-01/v1/manifest.json"))).contains("\"reconciled\" : false");

        Map<String, BigDecimal> teamsBefore = teamTotals(clickHouse);
        FleetAllocationTopics.produce(prefix + Topic.COSTS.topicName(),
                FleetAllocationTopics.costs(restated, CostView.AMORTIZED, "AmortizedCost", "run-2"));
        FleetAllocationTopics.runAllocation(prefix, "AmortizedCost", "it-report-2", clickHouse, Demo.owners(fleet));
        Map<String, BigDecimal> teamsAfter = teamTotals(clickHouse);

        Result v2Run = tally(clickHouse, "--out", out.toString());
        assertThat(v2Run.exit).as(v2Run.err).isZero();
        Manifest m2 = Manifest.parse(Files.readAllBytes(out.resolve("chargeback/2026-01/v2/manifest.json")), "v2");
        assertThat(m2.reconciliation().reconciled()).isTrue();
        assertThat(duckTotals(out.resolve("chargeback/2026-01/v2/chargeback-2026-01.parquet"))).isEqualTo(clickHouseTotals(clickHouse,
                "cost_line_items_current", "billing_currency", "toStartOfMonth(toDate(coalesce(billing_period_start, charge_period_start))) = '2026-01-01'"));
        Map<String, BigDecimal> expectedChanges = new TreeMap<>();
        teamsAfter.forEach((team, after) -> {
            BigDecimal change = after.subtract(teamsBefore.getOrDefault(team, BigDecimal.ZERO));
            if (change.signum() != 0) {
                expectedChanges.put(team, change);
            }
        });
        Map<String, BigDecimal> reported = new TreeMap<>();
        m2.changes().teams().forEach(t -> reported.put(t.team(), new BigDecimal(t.billedChange())));
        System.out.println("changes " + reported);
        assertThat(reported).isNotEmpty().hasSameSizeAs(expectedChanges);
        expectedChanges.forEach((team, change) -> assertThat(reported.get(team)).as(team).isEqualByComparingTo(change));
        assertThat(m2.changes().previousVersion()).isEqualTo(1);
        assertThat(m2.changes().previousParquetSha256()).isEqualTo(v1Sha);
        assertThat(ChargebackReport.sha256(v1Parquet)).isEqualTo(v1Sha).isEqualTo(m1.file("chargeback-2026-01.parquet").sha256());
        assertThat(count(clickHouse, "SELECT arrayStringConcat(groupArray(toString(version)), ',') FROM "
                + "(SELECT version FROM %s.report_versions ORDER BY location, version)")).isEqualTo("1,1,2");

        // once more: nothing changed, nothing written
        Result again = tally(clickHouse, "--out", out.toString());
        assertThat(again.out).contains("2026-01 unchanged: v2 already holds exactly these rows");
    }

    private static void importRun(ClickHouseUrl clickHouse, Path file, Instant at) {
        try (ClickHouseCostStore store = new ClickHouseCostStore(clickHouse)) {
            new CostImporter(store, CostRecordSink.NONE, ReadOptions.of(CostView.AMORTIZED), 5_000, Clock.fixed(at, ZoneOffset.UTC),
                    line -> { }).importPath(file);
        }
    }

    /** The same file name in another folder (a hand-dropped file restates its namesake), a VM row repeated once. */
    private static Path restate(Path export, Path folder) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(export, StandardCharsets.UTF_8));
        String vmRow = lines.stream().filter(l -> l.contains("Virtual Machines") && l.contains("vmss")).findFirst().orElseThrow();
        lines.add(vmRow);
        Files.createDirectories(folder);
        Path out = folder.resolve(export.getFileName());
        Files.write(out, lines, StandardCharsets.UTF_8);
        return out;
    }

    record Result(int exit, String out, String err) {
    }

    private static Result tally(ClickHouseUrl clickHouse, String... options) {
        List<String> args = new ArrayList<>(List.of("report", "--month", "2026-01", "--clickhouse", clickHouse.httpUrl(),
                "--database", clickHouse.database()));
        args.addAll(List.of(options));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = TallyCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    private static Map<String, BigDecimal> teamTotals(ClickHouseUrl clickHouse) throws Exception {
        Map<String, BigDecimal> out = new TreeMap<>();
        try (Connection c = clickHouse.open(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT team, toString(sum(billed_cost)) FROM " + clickHouse.database() + ".cost_allocation_daily_latest GROUP BY team")) {
            while (r.next()) {
                out.put(r.getString(1), new BigDecimal(r.getString(2)));
            }
        }
        return out;
    }

    /** Per currency "billed / effective" as plain decimals. */
    private static Map<String, String> clickHouseTotals(ClickHouseUrl clickHouse, String table, String currency, String where) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = clickHouse.open(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT " + currency
                + ", toString(sum(billed_cost)), toString(sum(effective_cost)) FROM " + clickHouse.database() + "." + table
                + " WHERE " + where + " GROUP BY " + currency)) {
            while (r.next()) {
                out.put(r.getString(1), plain(r.getString(2)) + " / " + plain(r.getString(3)));
            }
        }
        return out;
    }

    private static Map<String, String> duckTotals(Path parquet) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet r = s.executeQuery("SELECT BillingCurrency, sum(BilledCost)::VARCHAR, sum(EffectiveCost)::VARCHAR FROM read_parquet('"
                     + parquet + "') GROUP BY 1")) {
            while (r.next()) {
                out.put(r.getString(1), plain(r.getString(2)) + " / " + plain(r.getString(3)));
            }
        }
        return out;
    }

    private static String duck(String sql) throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    private static String count(ClickHouseUrl clickHouse, String sql) throws Exception {
        try (Connection c = clickHouse.open(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(String.format(sql, clickHouse.database()))) {
            r.next();
            return r.getString(1);
        }
    }

    private static String plain(String decimal) {
        BigDecimal d = new BigDecimal(decimal);
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
}
