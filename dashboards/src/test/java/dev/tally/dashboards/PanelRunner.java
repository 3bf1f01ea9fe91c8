package dev.tally.dashboards;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.dashboards.GrafanaDashboard.Panel;
import dev.tally.dashboards.GrafanaDashboard.Variable;
import dev.tally.dashboards.GrafanaQueryExpansion.All;
import dev.tally.dashboards.GrafanaQueryExpansion.Multi;
import dev.tally.dashboards.GrafanaQueryExpansion.Single;
import dev.tally.dashboards.GrafanaQueryExpansion.TimeRange;
import dev.tally.dashboards.GrafanaQueryExpansion.Value;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a dashboard's SQL through the clickhouse-jdbc driver as Grafana would: the variables first, in order, each
 * query variable's options from its own (expanded) query, then every SQL panel with the chosen values.
 */
final class PanelRunner {

    /** A query's outcome: its columns and rows as text, or the error ClickHouse gave. */
    record Result(String sql, List<String> columns, List<List<String>> rows, String error) {
        boolean failed() {
            return error != null;
        }

        List<String> column(String name) {
            int i = columns.indexOf(name);
            if (i < 0) {
                throw new IllegalArgumentException("no column " + name + " in " + columns + " of: " + sql);
            }
            return rows.stream().map(r -> r.get(i)).toList();
        }

        BigDecimal sum(String name) {
            return column(name).stream().filter(v -> v != null).map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        BigDecimal single(String name) {
            if (rows.size() != 1) {
                throw new IllegalStateException("expected one row, got " + rows + " from: " + sql);
            }
            return new BigDecimal(column(name).get(0));
        }
    }

    /** The variables' values and the options each query variable offered. */
    record Variables(Map<String, Value> values, Map<String, List<String>> options) {
    }

    private final ClickHouseUrl url;
    private final TimeRange range;

    PanelRunner(ClickHouseUrl url, TimeRange range) {
        this.url = url;
        this.range = range;
    }

    /**
     * Resolves the dashboard's variables. {@code chosen} names the selection of a variable: absent = All for a variable
     * that offers it, else its default (a textbox's text) or first option; a list = those values (each must be an
     * option, as Grafana's picker only offers those), unless {@code forced} (as a crafted URL could).
     */
    Variables variables(GrafanaDashboard dashboard, Map<String, List<String>> chosen, boolean forced) throws SQLException {
        Map<String, Value> values = new LinkedHashMap<>();
        Map<String, List<String>> options = new LinkedHashMap<>();
        for (Variable v : dashboard.variables()) {
            List<String> choice = chosen.get(v.name());
            if (v.type().equals("textbox") || v.type().equals("constant")) {
                values.put(v.name(), new Single(choice == null ? v.query() : choice.get(0)));
                continue;
            }
            Result result = run(GrafanaQueryExpansion.sql(v.query(), range, values));
            if (result.failed()) {
                throw new SQLException("variable " + v.name() + " of " + dashboard.uid() + ": " + result.error());
            }
            List<String> offered = result.column(result.columns().get(0));
            options.put(v.name(), offered);
            if (choice == null) {
                values.put(v.name(), v.includeAll() ? new All(offered)
                        : new Single(offered.isEmpty() ? "" : offered.get(0)));
                continue;
            }
            if (!forced && !offered.containsAll(choice)) {
                throw new IllegalArgumentException(dashboard.uid() + " variable " + v.name() + " offers " + offered
                        + ", not " + choice);
            }
            values.put(v.name(), v.multi() ? new Multi(choice) : new Single(choice.get(0)));
        }
        return new Variables(values, options);
    }

    Result panel(Panel panel, Variables variables) {
        if (panel.targets().size() != 1 || !panel.targets().get(0).isSql()) {
            throw new IllegalArgumentException(panel.name() + " is not one SQL query");
        }
        return run(GrafanaQueryExpansion.sql(panel.targets().get(0).text(), range, variables.values()));
    }

    Result run(String sql) {
        try (Connection c = url.open(); Statement s = c.createStatement()) {
            if (!s.execute(sql)) {
                return new Result(sql, List.of(), List.of(), null);
            }
            return read(sql, s.getResultSet());
        } catch (SQLException e) {
            return new Result(sql, List.of(), List.of(), String.valueOf(e.getMessage()));
        }
    }

    private static Result read(String sql, ResultSet resultSet) throws SQLException {
        try (ResultSet r = resultSet) {
            ResultSetMetaData meta = r.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
            }
            List<List<String>> rows = new ArrayList<>();
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    row.add(r.getString(i));
                }
                rows.add(row);
            }
            return new Result(sql, columns, rows, null);
        }
    }
}
