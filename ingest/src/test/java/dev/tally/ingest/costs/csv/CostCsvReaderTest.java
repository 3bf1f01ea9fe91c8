package dev.tally.ingest.costs.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CostCsvReaderTest {

    static List<CsvRow> read(String text) throws IOException {
        List<CsvRow> rows = new ArrayList<>();
        try (CostCsvReader r = CostCsvReader.of(new StringReader(text))) {
            r.forEachRemaining(rows::add);
            assertThat(r.problem()).isEmpty();
        }
        return rows;
    }

    @Test
    void eachRecordKnowsThePhysicalLineWhereItStarts() throws IOException {
        String csv = "a,b,c\n"
                + "1,\"two\nlines\",3\n"          // record on lines 2-3
                + "4,\"x, \"\"quoted\"\"\",6\n"     // line 4
                + "\n"                              // blank line 5 skipped
                + "7,\"three\r\nline\r\nfield\",9\r\n" // lines 6-8, CRLF inside
                + "10,11,12";                        // line 9, no final newline
        List<CsvRow> rows = read(csv);
        assertThat(rows).extracting(CsvRow::line).containsExactly(1L, 2L, 4L, 6L, 9L);
        assertThat(rows.get(1).fields()).containsExactly("1", "two\nlines", "3");
        assertThat(rows.get(2).fields()).containsExactly("4", "x, \"quoted\"", "6");
        assertThat(rows.get(3).fields()).containsExactly("7", "three\r\nline\r\nfield", "9");
        assertThat(rows.get(4).fields()).containsExactly("10", "11", "12");
    }

    @Test
    void crlfLineEndsCountOnce() throws IOException {
        assertThat(read("h1,h2\r\na,b\r\nc,d\r\n")).extracting(CsvRow::line).containsExactly(1L, 2L, 3L);
    }

    @Test
    void utf8ByteOrderMarkIsNotPartOfTheFirstColumnName() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "Cost,Date\n1,2\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, all, 0, 3);
        System.arraycopy(body, 0, all, 3, body.length);
        try (CostCsvReader r = CostCsvReader.of(new ByteArrayInputStream(all))) {
            assertThat(r.next().fields()).containsExactly("Cost", "Date");
            assertThat(r.next().line()).isEqualTo(2);
        }
    }

    @Test
    void aQuoteLeftOpenAtTheEndClosesThereInsteadOfThrowing() throws IOException {
        List<CsvRow> rows = read("a,b\n1,\"never closed\n2,3\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).line()).isEqualTo(2);
        assertThat(rows.get(1).fields()).containsExactly("1", "never closed\n2,3\n");
    }

    @Test
    void textAfterAClosingQuoteStaysInTheField() throws IOException {
        assertThat(read("a,b\n\"x\"y,z\n").get(1).fields()).containsExactly("xy", "z");
    }

    @Test
    void bytesThatAreNotUtf8BecomeReplacementCharactersNotErrors() throws IOException {
        byte[] bytes = "a,b\n1,x\u00e9\n".getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 2] = (byte) 0xFF; // break the é
        try (CostCsvReader r = CostCsvReader.of(new ByteArrayInputStream(bytes))) {
            r.next();
            assertThat(r.next().field(1)).contains("\uFFFD");
        }
    }

    @Test
    void aRecordLongerThanTheCapStopsTheReaderWithItsLine() throws IOException {
        StringBuilder csv = new StringBuilder("a,b\n1,2\n3,\"");
        csv.append("x".repeat(300_000)); // the quote never closes: the rest of the file is one field
        try (CostCsvReader r = CostCsvReader.of(new StringReader(csv.toString()), 100_000)) {
            List<CsvRow> rows = new ArrayList<>();
            r.forEachRemaining(rows::add);
            assertThat(rows).extracting(CsvRow::line).containsExactly(1L, 2L);
            assertThat(r.problem()).hasValueSatisfying(p -> {
                assertThat(p.line()).isEqualTo(3);
                assertThat(p.reason()).contains("longer than 100000 characters");
            });
        }
    }
}
