package dev.tally.ingest.costs.normalize;

/**
 * A row that could not become a {@link CostLineItem}: where it is and why. {@code column} is the
 * header cell as written in the file, or null when the row as a whole is at fault (field count,
 * unreadable rest of file).
 */
public record CostRejection(String sourceFile, long sourceLine, String column, String reason)
        implements CostReadResult {
    public CostRejection {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a rejection needs a reason");
        }
    }

    @Override
    public String toString() {
        return sourceFile + ":" + sourceLine + (column == null ? "" : " [" + column + "]") + ": " + reason;
    }
}
