package dev.tally.ingest.costs.csv;

import java.util.List;

/**
 * One CSV record: its fields and the physical line (1-based) where it starts. A quoted field
 * may span lines, so the next record's line can be more than {@code line + 1}.
 */
public record CsvRow(long line, List<String> fields) {
    public CsvRow {
        fields = List.copyOf(fields);
    }

    public int size() {
        return fields.size();
    }

    public String field(int index) {
        return index < fields.size() ? fields.get(index) : null;
    }
}
