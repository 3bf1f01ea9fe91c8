package dev.tally.ingest.costs.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Streams the records of a cost-export CSV file (RFC 4180: comma, double quotes, doubled quotes
 * inside quotes, fields spanning lines, LF, CRLF or a lone CR) with constant memory, one record at
 * a time, each with the physical line where it starts. A UTF-8 byte order mark is skipped. Blank
 * lines are skipped (they are not records in any export).
 *
 * <p>Lenient, as commons-csv with {@code lenientEof} and {@code trailingData} (which this reader
 * replaced: splitting was two thirds of the import's time, see bench/README.md): a quote left open
 * at the end of the file closes there; characters after a closing quote are kept in the field
 * (quotes among them literally); a quote inside an unquoted field is an ordinary character. So
 * malformed quoting yields records with the wrong number of fields (which the normalizer rejects
 * with their line) instead of an exception. One record can grow to at most
 * {@link #DEFAULT_MAX_RECORD_CHARS} characters: a quote that never closes would otherwise swallow
 * the rest of a multi-gigabyte file into one field. When that cap is hit the reader stops and
 * {@link #problem()} says where and why.
 *
 * <p>Undecodable UTF-8 bytes become U+FFFD (the normalizer rejects rows containing it), so a
 * corrupt byte costs one row, not the file.
 */
public final class CostCsvReader implements CostRows {
    /** No export row is near this; real rows are a few KB. */
    public static final int DEFAULT_MAX_RECORD_CHARS = 1 << 20;
    private static final int EOF = -1;

    private final Reader in;
    private final int maxRecordChars;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int limit;
    private boolean atEof;
    /** Line ends consumed so far: CR, LF and CRLF count once each. */
    private long lineEnds;
    private boolean lastWasCr;
    private long recordChars;
    private final StringBuilder field = new StringBuilder(256);
    /** An unquoted field found whole in the buffer: made straight from it, not copied through {@link #field}. */
    private String fieldText;
    private CsvRow next;
    private CsvProblem problem;
    private boolean done;

    private CostCsvReader(Reader reader, int maxRecordChars) throws IOException {
        this.maxRecordChars = maxRecordChars;
        this.in = reader;
        if (fill() && buf[pos] == '\uFEFF') {
            pos++;
        }
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
            try {
                next = advance();
            } catch (IOException e) {
                done = true;
                throw new UncheckedIOException(e); // a real I/O failure is the file's error, not a row's
            }
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

    @Override
    public Optional<CsvProblem> problem() {
        return Optional.ofNullable(problem);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** True when at least one character is buffered; reads more when the buffer is used up. */
    private boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        if (atEof) {
            return false;
        }
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            atEof = true;
            pos = limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private int peek() throws IOException {
        return fill() ? buf[pos] : EOF;
    }

    /** Consumes one character (not EOF), keeping the line count. */
    private char take() {
        char c = buf[pos++];
        countLineEnd(c);
        recordChars++;
        return c;
    }

    private void countLineEnd(char c) {
        if (c == '\r' || (c == '\n' && !lastWasCr)) {
            lineEnds++;
        }
        lastWasCr = c == '\r';
    }

    /** After a CR or LF that ended a record: a CR's LF belongs to it. */
    private void takeLineEnd() throws IOException {
        char c = take();
        if (c == '\r' && peek() == '\n') {
            take();
        }
    }

    private boolean overCap() {
        return recordChars > maxRecordChars;
    }

    private CsvRow advance() throws IOException {
        while (true) {
            if (peek() == EOF) {
                return null;
            }
            long startLine = lineEnds + 1;
            recordChars = 0;
            List<String> fields = new ArrayList<>();
            boolean more = true;
            while (more) {
                field.setLength(0);
                int c = peek();
                int end;
                if (c == '"') {
                    take();
                    end = quoted();
                } else {
                    end = unquoted();
                }
                if (end == -2) {
                    problem = new CsvProblem(startLine, "record longer than " + maxRecordChars
                            + " characters (a quote that never closes?); the rest of the file is not read");
                    done = true;
                    return null;
                }
                fields.add(fieldText != null ? fieldText : field.toString());
                fieldText = null;
                if (end == ',') {
                    take();
                    if (peek() == EOF) {
                        fields.add(""); // "a,b," at the end of the file: the last field is empty
                        more = false;
                    }
                } else {
                    if (end != EOF) {
                        takeLineEnd();
                    }
                    more = false;
                }
            }
            if (fields.size() == 1 && fields.get(0).isEmpty()) {
                continue; // blank line
            }
            return new CsvRow(startLine, fields);
        }
    }

    /** Reads an unquoted field up to a comma, line end or EOF (returned, not consumed); -2 over the cap. */
    private int unquoted() throws IOException {
        while (fill()) {
            int start = pos;
            int i = pos;
            while (i < limit) {
                char c = buf[i];
                if (c == ',' || c == '\n' || c == '\r') {
                    break;
                }
                i++;
            }
            if (i > start) {
                if (i < limit && field.length() == 0) {
                    fieldText = new String(buf, start, i - start);
                } else {
                    field.append(buf, start, i - start);
                }
                recordChars += i - start;
                lastWasCr = false;
            }
            pos = i;
            if (overCap()) {
                return -2;
            }
            if (i < limit) {
                return buf[i];
            }
        }
        return EOF;
    }

    /** After the opening quote: up to the closing one, then any trailing text; returns what ended the field. */
    private int quoted() throws IOException {
        while (true) {
            if (!fill()) {
                return EOF; // a quote left open closes at the end of the file
            }
            int start = pos;
            int i = pos;
            while (i < limit && buf[i] != '"') {
                countLineEnd(buf[i]);
                i++;
            }
            field.append(buf, start, i - start);
            recordChars += i - start;
            pos = i;
            if (overCap()) {
                return -2;
            }
            if (i == limit) {
                continue;
            }
            take(); // the quote
            if (peek() == '"') {
                take();
                field.append('"');
                continue;
            }
            // closed: text up to the next comma or line end stays in the field (quotes too)
            while (true) {
                int c = peek();
                if (c == EOF || c == ',' || c == '\n' || c == '\r') {
                    return c;
                }
                field.append(take());
                if (overCap()) {
                    return -2;
                }
            }
        }
    }
}
