package dev.tally.local.demo;

import dev.tally.common.clickhouse.ClickHouseUrl;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the demo ends with: the rightsizing job's biggest monthly savings (over-provisioned
 * containers) and the workloads at risk (under-provisioned: OOM kills, throttling, requests below
 * need), from {@code rightsizing_recommendations_latest}, VPA strategy.
 */
public record RightsizingHighlights(List<Line> topSavings, List<Line> risky) {

    /** One container's recommendation, as the demo prints it. */
    public record Line(String cluster, String workload, String container, String reasons, double cpuNowCores,
                       double cpuRecommendedCores, long memoryNowBytes, long memoryRecommendedBytes,
                       BigDecimal monthlySavings, String currency, String priceSource) {
    }

    public static RightsizingHighlights read(ClickHouseUrl url, int top) throws Exception {
        return new RightsizingHighlights(
                lines(url, "status = 'over-provisioned' ORDER BY monthly_savings DESC", top),
                lines(url, "status = 'under-provisioned' ORDER BY oom_kills DESC, monthly_savings ASC", top));
    }

    private static List<Line> lines(ClickHouseUrl url, String where, int top) throws Exception {
        List<Line> out = new ArrayList<>();
        try (Connection c = url.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT cluster, concat(namespace, '/', workload_name), container, risk_reasons, "
                     + "ifNull(current_cpu_request_cores, 0), ifNull(recommended_cpu_request_cores, 0), "
                     + "ifNull(current_memory_request_bytes, 0), ifNull(recommended_memory_request_bytes, 0), "
                     + "toString(monthly_savings), currency, price_source FROM " + url.database() + ".rightsizing_recommendations_latest "
                     + "WHERE strategy = 'vpa' AND " + where + " LIMIT " + top)) {
            while (r.next()) {
                out.add(new Line(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getDouble(5),
                        r.getDouble(6), r.getLong(7), r.getLong(8), new BigDecimal(r.getString(9)), r.getString(10),
                        r.getString(11)));
            }
        }
        return out;
    }

    public void print(PrintStream out) {
        out.println();
        out.println("Rightsizing: top savings (over-provisioned, VPA strategy, per month at the workload's allocated prices;"
                + " \"configured\" where the allocation job's had not arrived)");
        print(out, topSavings);
        out.println("Rightsizing: workloads at risk (under-provisioned)");
        print(out, risky);
    }

    private static void print(PrintStream out, List<Line> lines) {
        if (lines.isEmpty()) {
            out.println("  none");
        }
        for (Line l : lines) {
            out.printf("  %-14s %-38s %-16s CPU %6.3f -> %6.3f  memory %,7d -> %,7d MiB  %12s %s %-18s  %s%n", l.cluster(),
                    l.workload(), l.container(), l.cpuNowCores(), l.cpuRecommendedCores(), l.memoryNowBytes() >> 20,
                    l.memoryRecommendedBytes() >> 20, l.monthlySavings().setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString(),
                    l.currency(), l.priceSource(), l.reasons().isEmpty() ? "" : "(" + l.reasons() + ")");
        }
    }
}
