package dev.tally.ingest.costs.format;

import java.util.List;

/** The header is no cost export Tally knows: names the file, the closest format and what it lacks. */
public final class UnrecognizedExportException extends Exception {
    private final String source;
    private final List<String> missingColumns;

    public UnrecognizedExportException(String source, String message, List<String> missingColumns) {
        super(source + ": " + message);
        this.source = source;
        this.missingColumns = List.copyOf(missingColumns);
    }

    public String source() {
        return source;
    }

    public List<String> missingColumns() {
        return missingColumns;
    }
}
