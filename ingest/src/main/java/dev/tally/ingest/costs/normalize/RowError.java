package dev.tally.ingest.costs.normalize;

/** A field that cannot be read; becomes a {@link CostRejection} for its row (never leaves the normalizer). */
final class RowError extends Exception {
    final String column;

    RowError(String column, String reason) {
        super(reason, null, false, false); // no stack trace: this is data, not a bug
        this.column = column;
    }
}
