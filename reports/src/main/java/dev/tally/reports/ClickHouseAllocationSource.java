package dev.tally.reports;

import dev.tally.common.clickhouse.ClickHouseUrl;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The month from ClickHouse. Rows: {@code cost_allocation_daily_latest} whose {@code billing_period}
 * falls in the month (the allocation's billing period: the export's {@code BillingPeriodStart}, else
 * the charge day's month), in key order. Export totals: {@code cost_line_items_current} (the newest
 * complete run of each scope, dataset and billing period) over the rows whose billing period starts
 * in the month (else whose charge period starts in it: the same rule), per currency; restricted to
 * one dataset when the allocation job allocates one ({@code costDataset}, empty: all, as the job).
 */
public record ClickHouseAllocationSource(ClickHouseUrl url, String costDataset) implements AllocationSource {

    /**
     * Allocation rows that are not invoice money, left out of the report: {@code LOGS} (log bytes at
     * the configured log price, docs/allocation.md) and {@code NO_COST} (the zero row of a day a
     * restatement emptied).
     */
    static final String NOT_INVOICE_MONEY = "'LOGS', 'NO_COST'";

    private static final String MONTH_OF_EXPORT_ROW =
            "coalesce(toDate(billing_period_start), toStartOfMonth(toDate(charge_period_start)))";

    @Override
    public void forEachRow(YearMonth month, RowSink sink) throws IOException {
        String sql = "SELECT toString(day), toString(billing_period), cluster, namespace, workload_kind, workload_name, category, "
                + "currency, toString(billed_cost), toString(effective_cost), team, cost_center, owner_source, method, policies, "
                + "estimated, version, resource_id, sub_account_id, toString(list_cost) FROM " + url.database()
                + ".cost_allocation_daily_latest "
                + "WHERE billing_period >= toDate(?) AND billing_period < toDate(?) AND category NOT IN (" + NOT_INVOICE_MONEY + ") "
                + "ORDER BY day, cluster, namespace, workload_kind, workload_name, category, currency, resource_id, sub_account_id";
        try (Connection c = url.open(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, month.atDay(1).toString());
            s.setString(2, month.plusMonths(1).atDay(1).toString());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    sink.accept(new ChargebackRow(LocalDate.parse(r.getString(1)), LocalDate.parse(r.getString(2)), r.getString(3),
                            r.getString(4), r.getString(5), r.getString(6), r.getString(7), r.getString(8),
                            new BigDecimal(r.getString(9)), new BigDecimal(r.getString(10)), r.getString(11), r.getString(12),
                            r.getString(13), r.getString(14), r.getString(15), r.getInt(16) != 0, r.getLong(17),
                            r.getString(18), r.getString(19), r.getString(20) == null ? null : new BigDecimal(r.getString(20))));
                }
            }
        } catch (SQLException e) {
            throw new IOException("reading cost_allocation_daily_latest of " + month + " from " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ExportTotals exportTotals(YearMonth month) throws IOException {
        String where = " FROM " + url.database() + ".cost_line_items_current WHERE " + MONTH_OF_EXPORT_ROW + " >= toDate(?) AND "
                + MONTH_OF_EXPORT_ROW + " < toDate(?)" + (costDataset.isEmpty() ? "" : " AND dataset = ?");
        SortedMap<String, Amounts> totals = new TreeMap<>();
        List<ExportTotals.ExportRun> runs = new ArrayList<>();
        try (Connection c = url.open()) {
            try (PreparedStatement s = c.prepareStatement("SELECT billing_currency, toString(sum(billed_cost)), "
                    + "toString(sum(effective_cost))" + where + " GROUP BY billing_currency")) {
                bind(s, month);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        totals.put(r.getString(1), new Amounts(new BigDecimal(r.getString(2)), new BigDecimal(r.getString(3))));
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT i.scope, i.dataset, i.run_id, r.billing_period FROM "
                    + "(SELECT DISTINCT scope, dataset, run_id" + where + ") AS i LEFT JOIN " + url.database()
                    + ".cost_export_runs_latest AS r ON i.scope = r.scope AND i.run_id = r.run_id ORDER BY i.scope, i.dataset, i.run_id")) {
                bind(s, month);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        runs.add(new ExportTotals.ExportRun(r.getString(1), r.getString(2), r.getString(4), r.getString(3)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IOException("reading the export totals of " + month + " from " + url + ": " + e.getMessage(), e);
        }
        return new ExportTotals(totals, List.copyOf(runs));
    }

    private void bind(PreparedStatement s, YearMonth month) throws SQLException {
        s.setString(1, month.atDay(1).toString());
        s.setString(2, month.plusMonths(1).atDay(1).toString());
        if (!costDataset.isEmpty()) {
            s.setString(3, costDataset);
        }
    }
}
