package dev.tally.ingest.costs.format;

import java.util.List;
import java.util.Locale;

/**
 * A column as the formats know it, with the header spellings it has had between dataset
 * versions and export tools (compared case-insensitively, after {@link #key}).
 */
public record ColumnName(String name, List<String> spellings) {
    public ColumnName {
        spellings = List.copyOf(spellings);
    }

    public static ColumnName of(String name, String... otherSpellings) {
        var all = new java.util.ArrayList<String>();
        all.add(name);
        all.addAll(List.of(otherSpellings));
        return new ColumnName(name, all);
    }

    /**
     * The comparable key of a header cell: trimmed, lower-cased, and for localized headers such
     * as {@code Ressourcengruppe (ResourceGroup)} the English name in the parentheses.
     */
    public static String key(String headerCell) {
        String s = headerCell.strip();
        if (!s.isEmpty() && s.charAt(0) == '\uFEFF') {
            s = s.substring(1).strip();
        }
        int open = s.lastIndexOf('(');
        if (open > 0 && s.endsWith(")")) {
            s = s.substring(open + 1, s.length() - 1).strip();
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** How the error message names it: every spelling accepted. */
    public String describe() {
        return spellings.size() == 1 ? name : String.join("|", spellings);
    }
}
