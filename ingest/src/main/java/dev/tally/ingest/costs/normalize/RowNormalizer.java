package dev.tally.ingest.costs.normalize;

import dev.tally.ingest.costs.csv.CsvRow;
import dev.tally.ingest.costs.format.ColumnName;
import dev.tally.ingest.costs.format.CostExportFormat;
import dev.tally.ingest.costs.format.FormatRecognizer;
import dev.tally.ingest.costs.format.HeaderIndex;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Turns one CSV row of a recognized export into a {@link CostLineItem} or a {@link CostRejection}.
 * Never throws for any row content. Row-level rules shared by every format:
 * <ul>
 *   <li>more fields than the header: rejected (values would land in the wrong columns);</li>
 *   <li>fewer fields: the missing trailing columns read as empty (OpenCost's fixtures omit the last
 *       one), unless a column the format requires is among them: rejected;</li>
 *   <li>a field holding U+FFFD (bytes that are not UTF-8): rejected, naming the column.</li>
 * </ul>
 */
public abstract sealed class RowNormalizer permits CostDetailsNormalizer, FocusNormalizer {
    static final java.util.regex.Pattern ISO_CURRENCY = java.util.regex.Pattern.compile("[A-Za-z]{3}");

    protected final String sourceFile;
    protected final HeaderIndex header;
    protected final CostExportFormat format;
    private final int[] requiredPositions; // ascending

    protected RowNormalizer(String sourceFile, HeaderIndex header, CostExportFormat format) {
        this.sourceFile = sourceFile;
        this.header = header;
        this.format = format;
        this.requiredPositions = FormatRecognizer.required(format).stream()
                .mapToInt(header::indexOf).filter(i -> i >= 0).sorted().toArray();
    }

    public static RowNormalizer forFormat(String sourceFile, HeaderIndex header, CostExportFormat format,
            CostView view, String currencyWhenAbsent) {
        return format.isFocus()
                ? new FocusNormalizer(sourceFile, header, format)
                : new CostDetailsNormalizer(sourceFile, header, format, view, currencyWhenAbsent);
    }

    public final CostReadResult normalize(CsvRow row) {
        try {
            if (row.size() > header.size()) {
                return reject(row, null, row.size() + " fields but the header has " + header.size()
                        + " (an unquoted comma or a quote in the wrong place?)");
            }
            for (int required : requiredPositions) {
                if (required >= row.size()) {
                    return reject(row, header.cell(required), "row ends after " + row.size()
                            + " fields, before this required column (header has " + header.size() + ")");
                }
            }
            for (int i = 0; i < row.size(); i++) {
                if (row.field(i).indexOf('\uFFFD') >= 0) {
                    return reject(row, header.cell(i), "bytes that are not valid UTF-8");
                }
            }
            return read(new Fields(row));
        } catch (RowError e) {
            return reject(row, e.column, e.getMessage());
        } catch (RuntimeException e) {
            // a rule forgot a case: still a rejection with its position, never a lost file
            return reject(row, null, "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    protected abstract CostLineItem read(Fields f) throws RowError;

    private CostRejection reject(CsvRow row, String column, String reason) {
        return new CostRejection(sourceFile, row.line(), column, reason);
    }

    /** Field access by column, with the parse rules and the error's column name. */
    protected final class Fields {
        final CsvRow row;

        Fields(CsvRow row) {
            this.row = row;
        }

        long line() {
            return row.line();
        }

        /** Trimmed text, null when the column is absent or the value is empty (or FOCUS {@code NULL}). */
        String text(ColumnName column) {
            int i = header.indexOf(column);
            if (i < 0 || i >= row.size()) {
                return null;
            }
            String v = row.field(i).strip();
            if (v.isEmpty() || (format.isFocus() && v.equals("NULL"))) {
                return null;
            }
            return v;
        }

        String cellName(ColumnName column) {
            int i = header.indexOf(column);
            return i >= 0 ? header.cell(i) : column.name();
        }

        BigDecimal decimal(ColumnName column, boolean required) throws RowError {
            String v = text(column);
            if (v == null) {
                if (required) {
                    throw new RowError(cellName(column), "empty; an amount is required");
                }
                return null;
            }
            try {
                return Values.decimal(v);
            } catch (NumberFormatException e) {
                throw new RowError(cellName(column), "not a decimal number: '" + clip(v) + "'"
                        + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
            }
        }

        Instant instant(ColumnName column, boolean required) throws RowError {
            String v = text(column);
            if (v == null) {
                if (required) {
                    throw new RowError(cellName(column), "empty; a date is required");
                }
                return null;
            }
            try {
                return Values.instant(v);
            } catch (RuntimeException e) {
                throw new RowError(cellName(column), "not a date (M/d/yyyy or ISO 8601): '" + clip(v) + "'");
            }
        }

        Map<String, String> json(ColumnName column) throws RowError {
            String v = text(column);
            if (v == null) {
                return Map.of();
            }
            try {
                return Values.jsonObject(v);
            } catch (Exception e) {
                throw new RowError(cellName(column), "not a JSON object (with or without braces): '" + clip(v) + "'");
            }
        }
    }

    static String clip(String v) {
        return v.length() <= 60 ? v : v.substring(0, 57) + "...";
    }

    /** Last path segment of a resource id, as written. */
    static String lastSegment(String id) {
        if (id == null) {
            return null;
        }
        String s = id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
        int p = s.lastIndexOf('/');
        String name = p >= 0 ? s.substring(p + 1) : s;
        return name.isEmpty() ? null : name;
    }

    /** The resource group named in a resource id, as written, or null. */
    static String resourceGroupFromId(String id) {
        if (id == null) {
            return null;
        }
        List<String> parts = List.of(id.split("/"));
        for (int i = 0; i + 1 < parts.size(); i++) {
            if (parts.get(i).equalsIgnoreCase("resourcegroups")) {
                return parts.get(i + 1).isEmpty() ? null : parts.get(i + 1);
            }
        }
        return null;
    }
}
