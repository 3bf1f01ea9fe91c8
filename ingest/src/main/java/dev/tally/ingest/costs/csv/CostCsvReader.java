package dev.tally.ingest.costs.csv;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streams the records of a cost-export CSV file (RFC 4180: comma, double quotes, doubled quotes
 * inside quotes, fields spanning lines, LF or CRLF) with constant memory, one record at a time,
 * each with the physical line where it starts. A UTF-8 byte order mark is skipped. Blank lines
 * are skipped (they are not records in any export).
 *
 * <p>Parsing is commons-csv with its lenient options: a quote left open at the end of the file
 * closes there, characters after a closing quote are kept. So malformed quoting yields records
 * with the wrong number of fields (which the normalizer rejects with their line) instead of an
 * exception. One record can grow to at most {@link #DEFAULT_MAX_RECORD_CHARS} characters: a quote
 * that never closes would otherwise swallow the rest of a multi-gigabyte file into one field.
 * When that cap is hit the reader stops and {@link #problem()} says where and why.
 *
 * <p>Undecodable UTF-8 bytes become U+FFFD (the normalizer rejects rows containing it), so a
 * corrupt byte costs one row, not the file.
 */
public final class CostCsvReader implements CostRows {
    /** No export row is near this; real rows are a few KB. */
    public static final int DEFAULT_MAX_RECORD_CHARS = 1 << 20;

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(false) // keeps line numbers exact; blank lines skipped below
            .setLenientEof(true)
            .setTrailingData(true)
            .get();

    private final CappedReader input;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final int maxRecordChars;
    private CsvRow next;
    private CsvProblem problem;
    private boolean done;

    private CostCsvReader(Reader reader, int maxRecordChars) throws IOException {
        this.maxRecordChars = maxRecordChars;
        this.input = new CappedReader(skipBom(reader), maxRecordChars);
        this.parser = CSVParser.builder().setReader(input).setFormat(FORMAT).get();
        this.records = parser.iterator();
    }

    public static CostCsvReader of(Reader reader) throws IOException {
        return new CostCsvReader(reader, DEFAULT_MAX_RECORD_CHARS);
    }

    public static CostCsvReader of(Reader reader, int maxRecordChars) throws IOException {
        return new CostCsvReader(reader, maxRecordChars);
    }

    /** UTF-8, undecodable bytes replaced (not thrown): see the class comment. */
    public static CostCsvReader of(InputStream in) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return of(new BufferedReader(new InputStreamReader(in, decoder), 1 << 16));
    }

    @Override
    public boolean hasNext() {
        if (next == null && !done) {
            next = advance();
            done = next == null;
        }
        return next != null;
    }

    @Override
    public CsvRow next() {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException();
        }
        CsvRow row = next;
        next = null;
        return row;
    }

    /** Why reading stopped early, if it did; empty after a clean end of file. */
    @Override
    public Optional<CsvProblem> problem() {
        return Optional.ofNullable(problem);
    }

    private CsvRow advance() {
        while (true) {
            // commons-csv counts line ends consumed so far; the record starts on the next line
            long startLine = parser.getCurrentLineNumber() + 1;
            input.startRecord();
            CSVRecord record;
            try {
                if (!records.hasNext()) {
                    return null;
                }
                record = records.next();
            } catch (UncheckedIOException e) {
                if (e.getCause() instanceof RecordTooLongException) {
                    problem = new CsvProblem(startLine, "record longer than " + maxRecordChars
                            + " characters (a quote that never closes?); the rest of the file is not read");
                    return null;
                }
                if (e.getCause() instanceof CSVException) {
                    problem = new CsvProblem(startLine, "CSV syntax: " + e.getCause().getMessage()
                            + "; the rest of the file is not read");
                    return null;
                }
                throw e; // a real I/O failure is the file's error, not a row's
            }
            if (record.size() == 1 && record.get(0).isEmpty()) {
                continue; // blank line
            }
            List<String> fields = new ArrayList<>(record.size());
            record.forEach(fields::add);
            return new CsvRow(startLine, fields);
        }
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private static Reader skipBom(Reader reader) throws IOException {
        Reader buffered = reader.markSupported() ? reader : new BufferedReader(reader);
        buffered.mark(1);
        int first = buffered.read();
        if (first != '\uFEFF') {
            buffered.reset();
        }
        return buffered;
    }

    static final class RecordTooLongException extends IOException {
        RecordTooLongException(String message) {
            super(message);
        }
    }

    /**
     * Counts characters handed to the parser since the current record started. The parser reads
     * ahead by its buffer, so the cap is approximate by a few KB; it only has to be finite.
     */
    private static final class CappedReader extends FilterReader {
        private final long cap;
        private long sinceRecordStart;

        CappedReader(Reader in, int maxRecordChars) {
            super(in);
            // the parser's own look-ahead buffer is not a record's fault
            this.cap = (long) maxRecordChars + (1 << 16);
        }

        void startRecord() {
            sinceRecordStart = 0;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                count(1);
            }
            return c;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            sinceRecordStart += n;
            if (sinceRecordStart > cap) {
                throw new RecordTooLongException("record exceeds " + cap + " characters");
            }
        }
    }
}
