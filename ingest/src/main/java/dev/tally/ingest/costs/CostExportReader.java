package dev.tally.ingest.costs;

import dev.tally.ingest.costs.csv.CostCsvReader;
import dev.tally.ingest.costs.csv.CostRows;
import dev.tally.ingest.costs.csv.CsvRow;
import dev.tally.ingest.costs.format.CostExportFormat;
import dev.tally.ingest.costs.format.FormatRecognizer;
import dev.tally.ingest.costs.format.HeaderIndex;
import dev.tally.ingest.costs.format.UnrecognizedExportException;
import dev.tally.ingest.costs.normalize.CostReadResult;
import dev.tally.ingest.costs.normalize.CostRejection;
import dev.tally.ingest.costs.normalize.RowNormalizer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One cost export file (CSV, or Parquet through {@link #open(CostRows, String, ReadOptions)}) as a stream of {@link CostReadResult}s — line items and rejections in
 * file order, one row in memory at a time. Opening reads the header and recognizes the format
 * ({@link UnrecognizedExportException} if it is none Tally knows). Rows never throw: a row that
 * cannot be read is a {@link CostRejection} with its line; if the CSV cannot be split after some
 * line, the last result is a rejection saying so. Only real I/O failures escape, as
 * {@link java.io.UncheckedIOException} — the file's problem, not a row's.
 *
 * <pre>{@code
 * try (var reader = CostExportReader.open(path, ReadOptions.of(CostView.AMORTIZED))) {
 *     reader.stream().forEach(result -> ...);
 * }
 * }</pre>
 */
public final class CostExportReader implements Iterator<CostReadResult>, Closeable {
    private final String source;
    private final CostRows csv;
    private final CostExportFormat format;
    private final HeaderIndex header;
    private final RowNormalizer normalizer;
    private boolean problemReported;

    private CostExportReader(String source, CostRows csv, ReadOptions options)
            throws UnrecognizedExportException {
        this.source = source;
        this.csv = csv;
        if (!csv.hasNext()) {
            throw new UnrecognizedExportException(source, csv.problem()
                    .map(p -> "header unreadable at line " + p.line() + ": " + p.reason())
                    .orElse("empty file: no header row"), java.util.List.of("(header)"));
        }
        CsvRow headerRow = csv.next();
        this.header = new HeaderIndex(headerRow.fields());
        this.format = FormatRecognizer.recognize(source, header);
        this.normalizer = RowNormalizer.forFormat(source, header, format, options.view(), options.currencyWhenAbsent());
    }

    /** Reads {@code path} as UTF-8; {@code source} names it in rejections and errors. */
    public static CostExportReader open(Path path, ReadOptions options) throws IOException, UnrecognizedExportException {
        InputStream in = Files.newInputStream(path);
        try {
            return open(in, path.toString(), options);
        } catch (IOException | UnrecognizedExportException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    public static CostExportReader open(InputStream in, String source, ReadOptions options)
            throws IOException, UnrecognizedExportException {
        return new CostExportReader(source, CostCsvReader.of(in), options);
    }

    public static CostExportReader open(Reader in, String source, ReadOptions options)
            throws IOException, UnrecognizedExportException {
        return new CostExportReader(source, CostCsvReader.of(in), options);
    }

    /** Rows from any source whose first row is the header (a Parquet file: see {@code ParquetCostRows}). */
    public static CostExportReader open(CostRows rows, String source, ReadOptions options)
            throws UnrecognizedExportException {
        return new CostExportReader(source, rows, options);
    }

    public CostExportFormat format() {
        return format;
    }

    public HeaderIndex header() {
        return header;
    }

    public String source() {
        return source;
    }

    @Override
    public boolean hasNext() {
        return csv.hasNext() || (!problemReported && csv.problem().isPresent());
    }

    @Override
    public CostReadResult next() {
        if (csv.hasNext()) {
            return normalizer.normalize(csv.next());
        }
        if (!problemReported && csv.problem().isPresent()) {
            problemReported = true;
            var p = csv.problem().get();
            return new CostRejection(source, p.line(), null, p.reason());
        }
        throw new NoSuchElementException();
    }

    public Stream<CostReadResult> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public void close() throws IOException {
        csv.close();
    }
}
