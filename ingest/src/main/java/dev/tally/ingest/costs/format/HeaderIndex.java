package dev.tally.ingest.costs.format;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Header cells by comparable key ({@link ColumnName#key}); the first occurrence of a key wins. */
public final class HeaderIndex {
    private final List<String> cells;
    private final Map<String, Integer> byKey = new HashMap<>();
    // looked up for every field of every row: resolve each column once
    /**
     * By identity: columns are constants ({@code Columns}), and a record's hash over its spellings
     * cost more than the lookup itself on every field of every row. One reader's, not shared between threads.
     */
    private final Map<ColumnName, Integer> resolved = new java.util.IdentityHashMap<>();

    public HeaderIndex(List<String> cells) {
        this.cells = List.copyOf(cells);
        for (int i = 0; i < cells.size(); i++) {
            byKey.putIfAbsent(ColumnName.key(cells.get(i)), i);
        }
    }

    public List<String> cells() {
        return cells;
    }

    public int size() {
        return cells.size();
    }

    /** Position of the first spelling present, or -1. */
    public int indexOf(ColumnName column) {
        return resolved.computeIfAbsent(column, this::resolve);
    }

    private int resolve(ColumnName column) {
        for (String spelling : column.spellings()) {
            Integer i = byKey.get(ColumnName.key(spelling));
            if (i != null) {
                return i;
            }
        }
        return -1;
    }

    public boolean has(ColumnName column) {
        return indexOf(column) >= 0;
    }

    public boolean hasAny(String... names) {
        for (String n : names) {
            if (byKey.containsKey(ColumnName.key(n))) {
                return true;
            }
        }
        return false;
    }

    /** The header cell as written in the file (for rejections: the user's own column name). */
    public String cell(int index) {
        return cells.get(index);
    }
}
