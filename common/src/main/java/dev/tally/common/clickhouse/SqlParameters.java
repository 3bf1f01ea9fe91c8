package dev.tally.common.clickhouse;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The values of one statement, bound as JDBC parameters, never spliced into the SQL text: each method adds its
 * values and returns the SQL fragment with {@code ?} where they go (labels, tags, names and paths are untrusted).
 * Only constants of the calling code (type names, scales) are ever part of a fragment.
 */
public final class SqlParameters {

    private final List<Object> values = new ArrayList<>();

    /** A {@code String} value; null is the empty string (Tally's text columns are not Nullable). */
    public String text(String value) {
        values.add(value == null ? "" : value);
        return "?";
    }

    /** An integer value. */
    public String number(long value) {
        values.add(value);
        return "?";
    }

    /** A {@code DateTime64(3, 'UTC')} from an instant, or {@code NULL}. */
    public String time(Instant instant) {
        if (instant == null) {
            return "NULL";
        }
        values.add(instant.toEpochMilli());
        return "fromUnixTimestamp64Milli(toInt64(?), 'UTC')";
    }

    /** A {@code Map(String, Decimal(76, scale))} of currency → amount, exact: amounts travel as decimal text. */
    public String moneyMap(Map<String, BigDecimal> amounts, int scale) {
        StringBuilder sql = new StringBuilder("CAST(map(");
        String separator = "";
        for (Map.Entry<String, BigDecimal> e : amounts.entrySet()) {
            values.add(e.getKey());
            values.add(e.getValue().toPlainString());
            sql.append(separator).append("?, toDecimal256(?, ").append(scale).append(')');
            separator = ", ";
        }
        return sql.append("), 'Map(String, Decimal(76, ").append(scale).append("))')").toString();
    }

    /** An {@code Array(String)}. */
    public String textArray(List<String> items) {
        StringBuilder sql = new StringBuilder("CAST([");
        for (int i = 0; i < items.size(); i++) {
            values.add(items.get(i) == null ? "" : items.get(i));
            sql.append(i == 0 ? "?" : ", ?");
        }
        return sql.append("], 'Array(String)')").toString();
    }

    /** Binds the values added so far, in order. */
    public void bind(PreparedStatement statement) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            Object value = values.get(i);
            if (value instanceof Long number) {
                statement.setLong(i + 1, number);
            } else {
                statement.setString(i + 1, (String) value);
            }
        }
    }
}
