package dev.tally.reports;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.SqlParameters;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/** Appends each published version to {@code report_versions} (migration V0007; docs/schema.md). */
public record ClickHouseReportLog(ClickHouseUrl url) implements ReportLog {

    @Override
    public void record(ReportVersion v) throws IOException {
        SqlParameters p = new SqlParameters();
        String sql = "INSERT INTO " + url.database() + ".report_versions (month, version, basis, generated_at, location, rows, "
                + "billed_cost_totals, effective_cost_totals, reconciled, parquet_sha256, export_run_ids) VALUES ("
                + String.join(", ", p.text(v.month().atDay(1).toString()), p.number(v.version()), p.text(v.basis().label()),
                p.time(v.generatedAt()), p.text(v.location()), p.number(v.rows()),
                p.moneyMap(money(v.totals(), v.basis().billed(), true), MONEY_SCALE),
                p.moneyMap(money(v.totals(), v.basis().effective(), false), MONEY_SCALE),
                p.number(v.reconciled() ? 1 : 0), p.text(v.parquetSha256()), p.textArray(v.exportRunIds())) + ")";
        try (Connection c = url.open(); PreparedStatement s = c.prepareStatement(sql)) {
            p.bind(s);
            s.execute();
        } catch (SQLException e) {
            throw new IOException("published " + v.location() + " but could not record it in " + url.database()
                    + ".report_versions: " + e.getMessage(), e);
        }
    }

    /** The scale of report_versions' Decimal(76, 24) totals. */
    private static final int MONEY_SCALE = 24;

    /** A basis the report does not carry is an empty map. */
    private static Map<String, BigDecimal> money(Map<String, Amounts> totals, boolean carried, boolean billed) {
        Map<String, BigDecimal> amounts = new TreeMap<>();
        if (carried) {
            totals.forEach((currency, a) -> amounts.put(currency, billed ? a.billed() : a.effective()));
        }
        return amounts;
    }
}
