package dev.tally.local.fleet.costs;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** CSV and JSON text as Cost Management writes them: quotes only where needed, LF line ends. */
final class CsvText {
    private CsvText() {
    }

    /** One record: a field is quoted (quotes doubled) only when it holds a comma, quote or line break. */
    static void record(Writer w, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                w.write(',');
            }
            String f = fields.get(i) == null ? "" : fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                w.write('"');
                w.write(f.replace("\"", "\"\""));
                w.write('"');
            } else {
                w.write(f);
            }
        }
        w.write('\n');
    }

    /** A decimal as exports print it: no exponent, no trailing zeros ({@code 24}, {@code 0.493152}). */
    static String number(BigDecimal d) {
        if (d == null) {
            return "";
        }
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    /** {@code {"a":"x","n":2}}: AdditionalInfo / x_SkuDetails / FOCUS Tags; empty map → empty text. */
    static String jsonObject(Map<String, ?> map) {
        if (map.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("{");
        appendMembers(sb, map, ":", ",");
        return sb.append('}').toString();
    }

    /** {@code "a": "x","b": "y"}: EA's Tags, without braces. */
    static String eaTags(Map<String, String> tags) {
        StringBuilder sb = new StringBuilder();
        appendMembers(sb, tags, ": ", ",");
        return sb.toString();
    }

    private static void appendMembers(StringBuilder sb, Map<String, ?> map, String colon, String comma) {
        boolean first = true;
        for (Map.Entry<String, ?> e : map.entrySet()) {
            if (!first) {
                sb.append(comma);
            }
            first = false;
            string(sb, e.getKey());
            sb.append(colon);
            Object v = e.getValue();
            if (v instanceof Number n) {
                sb.append(n instanceof BigDecimal d ? d.toPlainString() : n.toString());
            } else {
                string(sb, String.valueOf(v));
            }
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
