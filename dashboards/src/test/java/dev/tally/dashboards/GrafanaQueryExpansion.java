package dev.tally.dashboards;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What Grafana 11/12 and the ClickHouse data source plugin (grafana-clickhouse-datasource v4) make of a panel's SQL
 * before ClickHouse sees it, in their order:
 * <ol>
 *   <li>the plugin's front end replaces {@code $__conditionalAll(condition, $var)} by the condition, or by
 *       {@code 1=1} when the variable's value is All ({@code $__all}) or empty;</li>
 *   <li>Grafana's template service replaces {@code $var}, {@code ${var}}, {@code ${var:format}} and {@code [[var]]};
 *       the plugin's formatter writes a single value as it is (the SQL quotes it) and a multi value or All as
 *       {@code 'a','b'} (All without a custom value: every option of the variable); names that are no variable
 *       (the macros) are left alone;</li>
 *   <li>the plugin's back end expands its macros: {@code $__timeFilter(c)} to {@code c >= toDateTime(from) AND
 *       c <= toDateTime(to)} (seconds), {@code $__dateFilter(c)} with {@code toDate('yyyy-MM-dd')},
 *       {@code $__fromTime}/{@code $__toTime} to {@code toDateTime(s)}, the {@code _ms} forms with
 *       {@code fromUnixTimestamp64Milli(ms)}, {@code $__timeInterval(c)} to {@code toStartOfInterval(toDateTime(c),
 *       INTERVAL n second)} and {@code $__interval_s} to the panel's interval in whole seconds (at least 1).</li>
 * </ol>
 * A macro this class does not know, or a variable format, fails the expansion rather than pass unexpanded.
 */
final class GrafanaQueryExpansion {

    /** A variable's current value. */
    sealed interface Value permits Single, Multi, All {
    }

    /** One value of a single-value variable (a textbox, a query variable without multi). */
    record Single(String value) implements Value {
    }

    /** The values selected in a multi-value variable (one selected value is still a list). */
    record Multi(List<String> values) implements Value {
    }

    /** "All" selected: Grafana hands every option of the variable to the formatter. */
    record All(List<String> options) implements Value {
    }

    record TimeRange(Instant from, Instant to) {
        /** Grafana's panel interval for this range, simplified: the range over 1,000 points, whole seconds. */
        Duration interval() {
            return Duration.ofSeconds(Math.max(1, Duration.between(from, to).toSeconds() / 1000));
        }
    }

    // Grafana's template variable syntax (TemplateSrv): $name, [[name]], [[name:format]], ${name}, ${name:format}
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?\\]\\]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?\\}");
    private static final Pattern CONDITIONAL_ALL_VARIABLE = Pattern.compile("(?<=\\$\\{)\\w+(?=\\})|(?<=\\$)\\w+");
    private static final Pattern MACRO = Pattern.compile("\\$__(\\w+)");

    private GrafanaQueryExpansion() {
    }

    static String sql(String rawSql, TimeRange range, Map<String, Value> variables) {
        String sql = conditionalAll(rawSql, variables);
        sql = templateVariables(sql, range, variables, GrafanaQueryExpansion::clickHouseFormat);
        return macros(sql, range);
    }

    /** PromQL as Grafana sends it to Prometheus: template variables and Grafana's interval variables. */
    static String promql(String expr, TimeRange range, Map<String, Value> variables) {
        // $__rate_interval: max(4 × scrape interval, interval + scrape interval); with a 15 s scrape interval
        long interval = range.interval().toSeconds();
        String rate = Math.max(60, interval + 15) + "s";
        String text = expr.replace("$__rate_interval", rate).replace("${__rate_interval}", rate);
        return templateVariables(text, range, variables, value -> String.join("|", value));
    }

    /** Step 1, as the plugin's applyConditionalAll: from the last occurrence backwards, arguments split at depth 1. */
    static String conditionalAll(String sql, Map<String, Value> variables) {
        String macro = "$__conditionalAll(";
        int at = sql.lastIndexOf(macro);
        while (at >= 0) {
            int open = at + macro.length() - 1;
            List<String> args = new ArrayList<>();
            int end = arguments(sql, open, args);
            if (args.size() != 2) {
                throw new IllegalArgumentException("$__conditionalAll takes a condition and a variable, not " + args
                        + " in: " + sql);
            }
            String phrase = args.get(0);
            Matcher name = CONDITIONAL_ALL_VARIABLE.matcher(args.get(1).trim());
            if (name.find()) {
                Value value = variables.get(name.group());
                if (value == null) {
                    throw new IllegalArgumentException("$__conditionalAll names the unknown variable " + name.group());
                }
                if (value instanceof All || (value instanceof Single s && s.value().isEmpty())) {
                    phrase = "1=1";
                }
            }
            sql = sql.substring(0, at) + phrase + sql.substring(end + 1);
            at = sql.lastIndexOf(macro);
        }
        return sql;
    }

    private interface Formatter {
        String format(List<String> values);
    }

    /** The plugin's formatter: an array becomes 'a','b' (no escaping: values come from the variable queries). */
    private static String clickHouseFormat(List<String> values) {
        return "'" + String.join("','", values) + "'";
    }

    private static String templateVariables(String text, TimeRange range, Map<String, Value> variables, Formatter multi) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(4);
            String format = m.group(3) != null ? m.group(3) : m.group(6);
            String replacement = builtIn(name, range);
            if (replacement == null) {
                Value value = variables.get(name);
                if (value == null) {
                    replacement = m.group(); // Grafana leaves what is no variable (the plugin's macros) as it is
                } else {
                    replacement = format(name, value, format, multi);
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String builtIn(String name, TimeRange range) {
        return switch (name) {
            case "__from" -> Long.toString(range.from().toEpochMilli());
            case "__to" -> Long.toString(range.to().toEpochMilli());
            case "__interval" -> range.interval().toSeconds() + "s";
            case "__interval_ms" -> Long.toString(range.interval().toMillis());
            case "__range_s" -> Long.toString(Duration.between(range.from(), range.to()).toSeconds());
            default -> null;
        };
    }

    private static String format(String name, Value value, String format, Formatter multi) {
        List<String> values = values(value);
        if (format == null) {
            return value instanceof Single s ? s.value() : multi.format(values);
        }
        return switch (format) {
            case "raw" -> String.join(",", values);
            case "csv" -> String.join(",", values);
            case "singlequote" -> values.stream().map(v -> "'" + v.replace("'", "\\'") + "'").collect(Collectors.joining(","));
            case "sqlstring" -> values.stream().map(v -> "'" + v.replace("'", "''") + "'").collect(Collectors.joining(","));
            default -> throw new IllegalArgumentException("variable " + name + ": format " + format + " is not expanded by this test");
        };
    }

    static List<String> values(Value value) {
        if (value instanceof Single s) {
            return List.of(s.value());
        }
        return value instanceof Multi m ? m.values() : ((All) value).options();
    }

    /** Step 3, the plugin's back-end macros (pkg/macros). */
    static String macros(String sql, TimeRange range) {
        Matcher m = MACRO.matcher(sql);
        StringBuilder out = new StringBuilder();
        int from = 0;
        while (m.find(from)) {
            String name = m.group(1);
            List<String> args = new ArrayList<>();
            int end = m.end();
            if (end < sql.length() && sql.charAt(end) == '(') {
                end = arguments(sql, end, args) + 1;
                args.replaceAll(String::trim);
            }
            out.append(sql, from, m.start()).append(macro(name, args, range, sql));
            from = end;
        }
        out.append(sql.substring(from));
        return out.toString();
    }

    private static String macro(String name, List<String> args, TimeRange range, String sql) {
        String from = "toDateTime(" + range.from().getEpochSecond() + ")";
        String to = "toDateTime(" + range.to().getEpochSecond() + ")";
        String fromMs = "fromUnixTimestamp64Milli(" + range.from().toEpochMilli() + ")";
        String toMs = "fromUnixTimestamp64Milli(" + range.to().toEpochMilli() + ")";
        long intervalSeconds = Math.max(1, range.interval().toSeconds());
        return switch (name) {
            case "fromTime" -> from;
            case "toTime" -> to;
            case "fromTime_ms" -> fromMs;
            case "toTime_ms" -> toMs;
            case "interval_s" -> Long.toString(intervalSeconds);
            case "timeFilter" -> one(name, args, sql) + " >= " + from + " AND " + args.get(0) + " <= " + to;
            case "timeFilter_ms" -> one(name, args, sql) + " >= " + fromMs + " AND " + args.get(0) + " <= " + toMs;
            case "dateFilter" -> one(name, args, sql) + " >= " + date(range.from()) + " AND " + args.get(0) + " <= "
                    + date(range.to());
            case "timeInterval" -> "toStartOfInterval(toDateTime(" + one(name, args, sql) + "), INTERVAL "
                    + intervalSeconds + " second)";
            default -> throw new IllegalArgumentException("unknown macro $__" + name + " in: " + sql);
        };
    }

    private static String one(String name, List<String> args, String sql) {
        if (args.size() != 1 || args.get(0).isEmpty()) {
            throw new IllegalArgumentException("$__" + name + " takes one column, not " + args + " in: " + sql);
        }
        return args.get(0);
    }

    private static String date(Instant instant) {
        return "toDate('" + LocalDate.ofInstant(instant, ZoneOffset.UTC) + "')";
    }

    /** Reads the arguments of the call whose '(' is at {@code open}; returns the index of its ')'. */
    private static int arguments(String text, int open, List<String> args) {
        int depth = 0;
        int start = open + 1;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    args.add(text.substring(start, i));
                    return i;
                }
            } else if (c == ',' && depth == 1) {
                args.add(text.substring(start, i));
                start = i + 1;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses after position " + open + " in: " + text);
    }
}
