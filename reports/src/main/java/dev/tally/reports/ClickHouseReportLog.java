package dev.tally.reports;

import dev.tally.common.clickhouse.ClickHouseUrl;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/** Appends each published version to {@code report_versions} (migration V0007; docs/schema.md). */
public record ClickHouseReportLog(ClickHouseUrl url) implements ReportLog {

    @Override
    public void record(ReportVersion v) throws IOException {
        String sql = "INSERT INTO " + url.database() + ".report_versions (month, version, basis, generated_at, location, rows, "
                + "billed_cost_totals, effective_cost_totals, reconciled, parquet_sha256, export_run_ids) VALUES ("
                + String.join(", ", quote(v.month().atDay(1).toString()), Integer.toString(v.version()), quote(v.basis().label()),
                "fromUnixTimestamp64Milli(toInt64(" + v.generatedAt().toEpochMilli() + "), 'UTC')", quote(v.location()),
                Long.toString(v.rows()), money(v.totals(), v.basis().billed(), true), money(v.totals(), v.basis().effective(), false),
                v.reconciled() ? "1" : "0", quote(v.parquetSha256()), array(v.exportRunIds())) + ")";
        try (Connection c = url.open(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IOException("published " + v.location() + " but could not record it in " + url.database()
                    + ".report_versions: " + e.getMessage(), e);
        }
    }

    /** A basis the report does not carry is an empty map. */
    private static String money(Map<String, Amounts> totals, boolean carried, boolean billed) {
        StringBuilder sb = new StringBuilder("CAST(map(");
        String sep = "";
        if (carried) {
            for (var e : totals.entrySet()) {
                BigDecimal amount = billed ? e.getValue().billed() : e.getValue().effective();
                sb.append(sep).append(quote(e.getKey())).append(", toDecimal256(").append(quote(amount.toPlainString()))
                        .append(", 24)");
                sep = ", ";
            }
        }
        return sb.append("), 'Map(String, Decimal(76, 24))')").toString();
    }

    private static String array(List<String> values) {
        return "CAST([" + String.join(", ", values.stream().map(ClickHouseReportLog::quote).toList()) + "], 'Array(String)')";
    }

    private static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
