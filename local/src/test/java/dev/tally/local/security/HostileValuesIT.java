package dev.tally.local.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.ingest.catalog.CatalogOwnership;
import dev.tally.ingest.costs.CostExportReader;
import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.importer.ClickHouseCostStore;
import dev.tally.ingest.costs.importer.CurrencyTotals;
import dev.tally.ingest.costs.importer.ImportedLineItem;
import dev.tally.ingest.costs.importer.RunRecord;
import dev.tally.ingest.costs.normalize.CostLineItem;
import dev.tally.ingest.costs.normalize.CostReadResult;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.ingest.costs.run.RunStatus;
import dev.tally.jobs.clickhouse.ClickHouseSink;
import dev.tally.jobs.clickhouse.ClickHouseSinkSettings;
import dev.tally.jobs.logvolume.LogUsageHourly;
import dev.tally.jobs.logvolume.LogUsageHourlyTable;
import dev.tally.jobs.usage.rows.UsageHourly;
import dev.tally.jobs.usage.rows.UsageHourlyTable;
import dev.tally.local.allocation.CatalogOwnerLookup;
import dev.tally.local.allocation.CatalogOwnershipSync;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.reports.Amounts;
import dev.tally.reports.Basis;
import dev.tally.reports.ClickHouseReportLog;
import dev.tally.reports.ReportLog;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Labels, tags, resource ids and names are untrusted: hostile values (quotes, backslashes, SQL, newlines, NUL,
 * ClickHouse's own escape and parameter syntax, the U+FFFD that undecodable bytes become, a 100 KB string) go through
 * the real write paths (the jobs' ClickHouseSink, the cost importer's store, the catalog ownership sync, the report
 * log) into ClickHouse; every value comes back byte for byte (compared as hex of its UTF-8 bytes) and every table is
 * still there with exactly the rows written.
 */
class HostileValuesIT {

    static final List<String> HOSTILE = List.of(
            "'); DROP TABLE usage_hourly; --",
            "x' OR '1'='1",
            "\\'; DROP DATABASE default; --",
            "back\\slash \\\\ \\n \\0 \\x41 \\N",
            "line one\nline two\r\n\ttabbed",
            "nul\u0000byte",
            "{cluster:String} ? ?? $1 :name %s",
            "\"double\" `back` 'single'",
            "undecodable bytes: \uFFFD\uFFFD, emoji 😀, 中文, ℮",
            "big-" + "x".repeat(100_000) + "'",
            "*/ SELECT 1; /*",
            "");

    private static ClickHouseUrl url;

    @BeforeAll
    static void database() throws SQLException {
        url = TestClickHouse.migratedDatabase("it_hostile");
    }

    @Test
    void usageAndLogRowsThroughTheJobsSinkComeBackByteForByte() throws Exception {
        Instant hour = Instant.parse("2026-01-05T10:00:00Z");
        List<UsageHourly> usage = new ArrayList<>();
        List<LogUsageHourly> logs = new ArrayList<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            String v = HOSTILE.get(i);
            usage.add(new UsageHourly(hour, "cluster-" + i + v, v, "pod-" + i + v, "uid-" + i + v, v, v, "Deployment",
                    "workload-" + i + v, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.TEN, BigDecimal.TEN, BigDecimal.valueOf(3600),
                    1_000_000_000L, 10, 1, 1e6, 2e6, 4, 0, 0, 4, 1));
            logs.add(new LogUsageHourly(hour, "cluster-" + i + v, v, v, "workload-" + i + v, i + 1, 100L * (i + 1)));
        }
        write(new ClickHouseSink<>(ClickHouseSinkSettings.of(url), new UsageHourlyTable()), usage);
        write(new ClickHouseSink<>(ClickHouseSinkSettings.of(url), new LogUsageHourlyTable()), logs);

        Set<String> expectedUsage = new TreeSet<>();
        usage.forEach(r -> expectedUsage.add(hex(r.cluster(), r.namespace(), r.pod(), r.podUid(), r.container(), r.node(), r.workloadName())));
        assertThat(hexRows("SELECT hex(cluster), hex(namespace), hex(pod), hex(pod_uid), hex(container), hex(node), hex(workload_name) "
                + "FROM usage_hourly FINAL")).isEqualTo(expectedUsage);
        Set<String> expectedLogs = new TreeSet<>();
        logs.forEach(r -> expectedLogs.add(hex(r.cluster(), r.namespace(), r.workloadKind(), r.workloadName())
                + "|" + r.records() + "|" + r.bytes()));
        assertThat(hexRows("SELECT hex(cluster), hex(namespace), hex(workload_kind), hex(workload_name), "
                + "concat('|', toString(records), '|', toString(bytes)) FROM log_usage_hourly FINAL")).isEqualTo(expectedLogs);

        // catalog names: the namespace → team map and namespace labels are hostile too; the sync reads the hostile
        // workloads back from usage_hourly and writes catalog_ownership
        Map<String, String> teams = new LinkedHashMap<>();
        for (int i = 0; i < HOSTILE.size(); i++) {
            teams.put(HOSTILE.get(i), "team-" + i + HOSTILE.get(i));
        }
        List<CatalogOwnership> owned = CatalogOwnershipSync.write(url, new CatalogOwnerLookup(List.of(), teams, Map.of()),
                Instant.parse("2026-01-06T00:00:00Z"));
        assertThat(owned).hasSize(HOSTILE.size());
        Set<String> expectedOwnership = new TreeSet<>();
        owned.forEach(o -> expectedOwnership.add(hex(o.workload().cluster(), o.workload().namespace(), o.workload().name(),
                o.team(), o.costCenter())));
        assertThat(owned).extracting(CatalogOwnership::team).containsExactlyInAnyOrderElementsOf(teams.values());
        assertThat(hexRows("SELECT hex(cluster), hex(namespace), hex(workload_name), hex(team), hex(cost_center) "
                + "FROM catalog_ownership FINAL")).isEqualTo(expectedOwnership);
        assertTablesIntact();
    }

    @Test
    void costRowsWithHostileTagsAndResourceIdsAndRunRecordsAndReportVersionsComeBackByteForByte() throws Exception {
        ObjectMapper json = new ObjectMapper();
        StringBuilder csv = new StringBuilder("SubscriptionId,Date,BillingPeriodStartDate,BillingPeriodEndDate,ResourceId,"
                + "MeterCategory,Quantity,CostInBillingCurrency,BillingCurrency,ChargeType,PricingModel,Tags\r\n");
        for (int i = 0; i < HOSTILE.size(); i++) {
            String v = HOSTILE.get(i);
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("team", v);
            tags.put(v.isEmpty() ? "empty-key-stand-in" : "k" + v, "value-" + i);
            String tagsJson = json.writeValueAsString(tags);
            // EA exports write tags without the braces
            csv.append("00000000-0000-0000-0000-0000000000aa,2024-01-0").append(1 + i % 9).append(",2024-01-01,2024-01-31,")
                    .append(csvField("/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg/providers/Microsoft.Compute/disks/d" + i + v))
                    .append(",Storage,1,1.25,EUR,Usage,OnDemand,")
                    .append(csvField(tagsJson.substring(1, tagsJson.length() - 1))).append("\r\n");
        }
        List<CostLineItem> items = new ArrayList<>();
        List<CostReadResult> rejected = new ArrayList<>();
        try (CostExportReader reader = CostExportReader.open(new StringReader(csv.toString()), "hostile.csv",
                ReadOptions.of(CostView.AMORTIZED))) {
            reader.stream().forEach(r -> {
                if (r instanceof CostLineItem item) {
                    items.add(item);
                } else {
                    rejected.add(r);
                }
            });
        }
        // the cost reader's own rules refuse two rows, each with a clear reason (U+FFFD is how it sees undecodable
        // bytes; the 100 KB tag value is above its JSON size cap); every other hostile value is a line item
        assertThat(rejected).extracting(Object::toString).satisfiesExactly(
                r -> assertThat(r).contains("[ResourceId]: bytes that are not valid UTF-8"),
                r -> assertThat(r).contains("[Tags]: not a JSON object"));
        List<String> accepted = HOSTILE.stream().filter(v -> !v.contains("\uFFFD") && !v.startsWith("big-")).toList();
        assertThat(items).extracting(i -> i.tags().get("team")).containsExactlyElementsOf(accepted);
        assertThat(items).allSatisfy(i -> assertThat(i.resourceId()).contains("/disks/d"));

        String scope = "/providers/Microsoft.Billing/billingAccounts/'); DROP TABLE cost_line_items; --\\";
        String runId = "run-" + HOSTILE.get(2) + HOSTILE.get(5);
        Instant produced = Instant.parse("2024-02-01T06:00:00Z");
        try (ClickHouseCostStore store = new ClickHouseCostStore(url)) {
            store.insert(items.stream().map(i -> new ImportedLineItem(scope, HOSTILE.get(4), runId, "import-" + HOSTILE.get(0), produced, i))
                    .toList());
            TreeMap<String, CurrencyTotals> totals = new TreeMap<>(Map.of("EUR", new CurrencyTotals(new BigDecimal("15.00"),
                    new BigDecimal("15.00"))));
            RunRecord run = new RunRecord(scope, runId, "import-" + HOSTILE.get(0), HOSTILE.get(4), HOSTILE.get(3), "2024-01",
                    HOSTILE.get(1), "ea-cost-details", "amortized", RunStatus.COMPLETE, produced, null, null, 31, 12, 12, 0,
                    totals, Instant.parse("2024-02-01T07:00:00Z"), HOSTILE.get(6), HOSTILE.get(9), HOSTILE.get(5) + HOSTILE.get(8), 1);
            store.write(run);
            for (var found : List.of(store.latest(scope, runId), store.currentComplete(scope, HOSTILE.get(4), "2024-01"))) {
                assertThat(found).get().usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                        .isEqualTo(run);
            }
            assertThat(store.latest(scope, runId + "' OR '1'='1")).isEmpty();
        }
        Set<String> expectedItems = new TreeSet<>();
        items.forEach(i -> expectedItems.add(hex(scope, runId, i.resourceId())));
        assertThat(hexRows("SELECT hex(scope), hex(run_id), hex(resource_id) FROM cost_line_items")).isEqualTo(expectedItems);
        Set<String> expectedTags = new TreeSet<>();
        items.forEach(i -> i.tags().forEach((k, v) -> expectedTags.add(hex(i.resourceId(), k, v))));
        assertThat(hexRows("SELECT hex(resource_id), hex(k), hex(v) FROM cost_line_items ARRAY JOIN mapKeys(tags) AS k, "
                + "mapValues(tags) AS v")).isEqualTo(expectedTags);

        ReportLog.ReportVersion version = new ReportLog.ReportVersion(YearMonth.of(2024, 1), 1, Basis.values()[0],
                Instant.parse("2024-02-02T00:00:00Z"), "file:///reports/" + HOSTILE.get(0) + HOSTILE.get(5), 12,
                new TreeMap<>(Map.of("EUR", new Amounts(new BigDecimal("15.00"), new BigDecimal("15.00")))), true,
                HOSTILE.get(1), List.of(runId, HOSTILE.get(3), HOSTILE.get(9)));
        new ClickHouseReportLog(url).record(version);
        assertThat(hexRows("SELECT hex(location), hex(parquet_sha256), arrayStringConcat(arrayMap(x -> hex(x), export_run_ids), ',') "
                + "FROM report_versions")).containsExactly(hex(version.location(), version.parquetSha256()) + " "
                + String.join(",", version.exportRunIds().stream().map(HostileValuesIT::hex).toList()));
        assertTablesIntact();
    }

    /** Every table and view of the schema is still there and answers. */
    private static void assertTablesIntact() throws SQLException {
        Set<String> tables = new TreeSet<>(strings("SELECT name FROM system.tables WHERE database = ?", url.database()));
        assertThat(tables).contains("usage_hourly", "log_usage_hourly", "catalog_ownership", "cost_line_items",
                "cost_export_runs", "report_versions", "schema_migrations");
        assertThat(strings("SELECT toString(count()) FROM " + url.database() + ".schema_migrations")).isNotEqualTo(List.of("0"));
        assertThat(strings("SELECT name FROM system.databases WHERE name = 'default'")).containsExactly("default");
    }

    private static <T> void write(ClickHouseSink<T> sink, List<T> rows) throws Exception {
        SinkWriter<T> writer = sink.writer();
        try {
            for (T row : rows) {
                writer.write(row, null);
            }
            writer.flush(true);
        } finally {
            writer.close();
        }
    }

    static String hex(String... values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            out.add(HexFormat.of().withUpperCase().formatHex((v == null ? "" : v).getBytes(StandardCharsets.UTF_8)));
        }
        return String.join(" ", out);
    }

    private static String csvField(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private static Set<String> hexRows(String sql) throws SQLException {
        Set<String> rows = new TreeSet<>();
        try (Connection c = url.open(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(String.join(" ", row).replace(" |", "|"));
            }
        }
        return rows;
    }

    private static List<String> strings(String sql, String... parameters) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = url.open(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
