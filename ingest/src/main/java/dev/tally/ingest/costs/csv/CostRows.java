package dev.tally.ingest.costs.csv;

import java.io.Closeable;
import java.util.Iterator;
import java.util.Optional;

/**
 * An export file as rows of text fields, the header first: a CSV file ({@link CostCsvReader}) or
 * a Parquet file ({@code ParquetCostRows}, values turned into the text a CSV export would hold).
 */
public interface CostRows extends Iterator<CsvRow>, Closeable {
    /** Why reading stopped early, if it did; empty after a clean end. */
    Optional<CsvProblem> problem();
}
