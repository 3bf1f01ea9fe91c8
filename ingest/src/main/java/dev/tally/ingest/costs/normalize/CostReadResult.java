package dev.tally.ingest.costs.normalize;

/** What reading one row of a cost export gives: a normalized line item, or a rejection saying why not. */
public sealed interface CostReadResult permits CostLineItem, CostRejection {
    String sourceFile();

    /** Physical line (1-based) where the row starts in its file. */
    long sourceLine();
}
