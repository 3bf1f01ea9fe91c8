package dev.tally.ingest.costs.importer;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.ReopeningConnection;
import dev.tally.ingest.costs.normalize.CostLineItem;
import dev.tally.ingest.costs.normalize.KubernetesHints;
import dev.tally.ingest.costs.run.RunStatus;
import dev.tally.common.clickhouse.SqlParameters;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** {@link CostRunStore} on ClickHouse's {@code cost_export_runs} and {@code cost_line_items} (migration V0004). */
public final class ClickHouseCostStore implements CostRunStore, AutoCloseable {
    private static final String LINE_ITEM_COLUMNS = "scope, dataset, run_id, import_id, source_file, source_line, format, "
            + "provider_name, billed_cost, effective_cost, list_cost, billing_currency, billing_period_start, "
            + "billing_period_end, charge_period_start, charge_period_end, charge_category, charge_class, "
            + "charge_description, pricing_category, commitment_discount_id, commitment_discount_name, "
            + "commitment_discount_type, commitment_discount_status, resource_id, resource_name, resource_group_name, "
            + "service_name, sub_account_id, sub_account_name, region_id, consumed_quantity, consumed_unit, tags, "
            + "sku_details, k8s_kind, k8s_cluster_name, k8s_cluster_resource_group, k8s_node_resource_group, "
            + "k8s_node_pool, k8s_vm_name, k8s_vm_size, k8s_pvc_namespace, k8s_pvc_name, k8s_pv_name, "
            + "k8s_service_namespace, k8s_service_name";
    private static final int LINE_ITEM_COLUMN_COUNT = LINE_ITEM_COLUMNS.split(",").length;

    private static final String RUN_COLUMNS = "scope, run_id, import_id, dataset, dataset_version, billing_period, "
            + "export_name, format, cost_view, status, toUnixTimestamp64Milli(produced_at), "
            + "ifNull(toUnixTimestamp64Milli(charge_period_start), -1), ifNull(toUnixTimestamp64Milli(charge_period_end), -1), "
            + "covered_days, rows_read, rows_imported, rows_rejected, "
            + "arrayStringConcat(arrayMap((k, b, e) -> concat(k, '=', toString(b), '=', toString(e)), "
            + "mapKeys(billed_cost_totals), mapValues(billed_cost_totals), mapValues(effective_cost_totals)), ';'), "
            + "toUnixTimestamp64Milli(imported_at), superseded_by, location, message, state_version";

    private final String database;
    private final ReopeningConnection connection;

    public ClickHouseCostStore(ClickHouseUrl url) {
        this.connection = new ReopeningConnection(url);
        this.database = url.database();
    }

    @Override
    public Optional<RunRecord> latest(String scope, String runId) {
        SqlParameters p = new SqlParameters();
        return first(runQuery("WHERE scope = " + p.text(scope) + " AND run_id = " + p.text(runId), p));
    }

    @Override
    public Optional<RunRecord> currentComplete(String scope, String dataset, String billingPeriod) {
        SqlParameters p = new SqlParameters();
        return first(runQuery("WHERE scope = " + p.text(scope) + " AND dataset = " + p.text(dataset)
                + " AND billing_period = " + p.text(billingPeriod) + " AND status = 'complete'"
                + " ORDER BY produced_at DESC, imported_at DESC, run_id DESC LIMIT 1", p));
    }

    @Override
    public List<RunRecord> runs() {
        return runQuery("ORDER BY scope, dataset, billing_period, produced_at DESC, imported_at DESC", new SqlParameters());
    }

    @Override
    public void write(RunRecord r) {
        SqlParameters p = new SqlParameters();
        String sql = "INSERT INTO " + database + ".cost_export_runs (scope, run_id, import_id, dataset, dataset_version, "
                + "billing_period, export_name, format, cost_view, status, produced_at, charge_period_start, "
                + "charge_period_end, covered_days, rows_read, rows_imported, rows_rejected, billed_cost_totals, "
                + "effective_cost_totals, imported_at, superseded_by, location, message, version) VALUES ("
                + String.join(", ", p.text(r.scope()), p.text(r.runId()), p.text(r.importId()), p.text(r.dataset()),
                p.text(r.datasetVersion()), p.text(r.billingPeriod()), p.text(r.exportName()), p.text(r.format()),
                p.text(r.costView()), p.text(r.status().sqlName()), p.time(r.producedAt()), p.time(r.chargePeriodStart()),
                p.time(r.chargePeriodEnd()), p.number(r.coveredDays()), p.number(r.rowsRead()),
                p.number(r.rowsImported()), p.number(r.rowsRejected()),
                p.moneyMap(money(r.totals(), true), CostImporter.MONEY_SCALE),
                p.moneyMap(money(r.totals(), false), CostImporter.MONEY_SCALE), p.time(r.importedAt()), p.text(r.supersededBy()),
                p.text(r.location()), p.text(r.message()), p.number(r.version())) + ")";
        try (PreparedStatement s = connection.get().prepareStatement(sql)) {
            p.bind(s);
            s.execute();
        } catch (SQLException e) {
            connection.reset();
            throw new IllegalStateException("cannot record run " + r.runId() + " in " + database + ".cost_export_runs: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void insert(List<ImportedLineItem> items) {
        String sql = "INSERT INTO " + database + ".cost_line_items (" + LINE_ITEM_COLUMNS + ") VALUES ("
                + "?, ".repeat(LINE_ITEM_COLUMN_COUNT - 1) + "?)";
        try (PreparedStatement s = connection.get().prepareStatement(sql)) {
            for (ImportedLineItem row : items) {
                bind(s, row);
                s.addBatch();
            }
            s.executeBatch();
        } catch (SQLException e) {
            connection.reset();
            throw new IllegalStateException("cannot insert " + items.size() + " line items into " + database
                    + ".cost_line_items: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, ImportedLineItem row) throws SQLException {
        CostLineItem i = row.item();
        KubernetesHints k = i.kubernetes();
        int c = 1;
        s.setString(c++, row.scope());
        s.setString(c++, row.dataset());
        s.setString(c++, row.runId());
        s.setString(c++, row.importId());
        s.setString(c++, i.sourceFile());
        s.setLong(c++, i.sourceLine());
        s.setString(c++, i.format().name());
        s.setString(c++, text(i.providerName()));
        s.setBigDecimal(c++, i.billedCost());
        s.setBigDecimal(c++, i.effectiveCost());
        s.setObject(c++, i.listCost());
        s.setString(c++, i.billingCurrency());
        s.setObject(c++, timestamp(i.billingPeriodStart()));
        s.setObject(c++, timestamp(i.billingPeriodEnd()));
        s.setTimestamp(c++, timestamp(i.chargePeriodStart()));
        s.setTimestamp(c++, timestamp(i.chargePeriodEnd()));
        s.setString(c++, i.chargeCategory() == null ? "" : i.chargeCategory().focusName());
        s.setString(c++, text(i.chargeClass()));
        s.setString(c++, text(i.chargeDescription()));
        s.setString(c++, i.pricingCategory() == null ? "" : i.pricingCategory().focusName());
        s.setString(c++, text(i.commitmentDiscountId()));
        s.setString(c++, text(i.commitmentDiscountName()));
        s.setString(c++, text(i.commitmentDiscountType()));
        s.setString(c++, text(i.commitmentDiscountStatus()));
        s.setString(c++, text(i.resourceId()));
        s.setString(c++, text(i.resourceName()));
        s.setString(c++, text(i.resourceGroupName()));
        s.setString(c++, text(i.serviceName()));
        s.setString(c++, text(i.subAccountId()));
        s.setString(c++, text(i.subAccountName()));
        s.setString(c++, text(i.regionId()));
        s.setObject(c++, i.consumedQuantity());
        s.setString(c++, text(i.consumedUnit()));
        s.setObject(c++, i.tags());
        s.setObject(c++, i.skuDetails());
        s.setString(c++, k.kind() == null ? "" : k.kind().name());
        s.setString(c++, text(k.clusterName()));
        s.setString(c++, text(k.clusterResourceGroup()));
        s.setString(c++, text(k.nodeResourceGroup()));
        s.setString(c++, text(k.nodePool()));
        s.setString(c++, text(k.vmName()));
        s.setString(c++, text(k.vmSize()));
        s.setString(c++, text(k.pvcNamespace()));
        s.setString(c++, text(k.pvcName()));
        s.setString(c++, text(k.pvName()));
        s.setString(c++, text(k.serviceNamespace()));
        s.setString(c, text(k.serviceName()));
    }

    private List<RunRecord> runQuery(String tail, SqlParameters p) {
        String sql = "SELECT " + RUN_COLUMNS + " FROM " + database + ".cost_export_runs_latest " + tail;
        List<RunRecord> runs = new ArrayList<>();
        try (PreparedStatement s = prepared(sql, p); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                runs.add(new RunRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), RunStatus.ofSql(rs.getString(10)),
                        Instant.ofEpochMilli(rs.getLong(11)), instantOrNull(rs.getLong(12)), instantOrNull(rs.getLong(13)),
                        rs.getLong(14), rs.getLong(15), rs.getLong(16), rs.getLong(17), totals(rs.getString(18)),
                        Instant.ofEpochMilli(rs.getLong(19)), rs.getString(20), rs.getString(21), rs.getString(22),
                        rs.getLong(23)));
            }
        } catch (SQLException e) {
            connection.reset();
            throw new IllegalStateException("cannot read " + database + ".cost_export_runs_latest: "
                    + (isUnknownTable(e) ? "no such table (schema not migrated? run: tally migrate)" : e.getMessage()), e);
        }
        return runs;
    }

    private static boolean isUnknownTable(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("UNKNOWN_TABLE") || m.contains("UNKNOWN_DATABASE") || m.contains("Code: 60.") || m.contains("Code: 81.");
    }

    private static Optional<RunRecord> first(List<RunRecord> runs) {
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    private static SortedMap<String, CurrencyTotals> totals(String encoded) {
        SortedMap<String, CurrencyTotals> totals = new TreeMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return totals;
        }
        for (String entry : encoded.split(";")) {
            String[] parts = entry.split("=");
            totals.put(parts[0], new CurrencyTotals(new BigDecimal(parts[1]), new BigDecimal(parts[2])));
        }
        return totals;
    }

    private static Instant instantOrNull(long millis) {
        return millis < 0 ? null : Instant.ofEpochMilli(millis);
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    private PreparedStatement prepared(String sql, SqlParameters p) throws SQLException {
        PreparedStatement s = connection.get().prepareStatement(sql);
        p.bind(s);
        return s;
    }

    private static Map<String, BigDecimal> money(Map<String, CurrencyTotals> totals, boolean billed) {
        Map<String, BigDecimal> amounts = new TreeMap<>();
        totals.forEach((currency, t) -> amounts.put(currency, billed ? t.billedCost() : t.effectiveCost()));
        return amounts;
    }

    @Override
    public void close() {
        connection.close();
    }
}
