package dev.tally.ingest.costs.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/**
 * The reader's own splitter against commons-csv (what it replaced, with the same lenient options)
 * on seeded-random text made of the awkward pieces: quotes, doubled quotes, text after a closing
 * quote, quotes inside unquoted fields, LF, CRLF and lone CR inside and between records, blank lines,
 * a trailing comma, a quote left open at the end. Records, fields and start lines must be the same.
 */
class CostCsvReaderOracleTest {
    private static final CSVFormat COMMONS = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(false).setLenientEof(true).setTrailingData(true).get();
    private static final String[] PIECES = {"a", "bc", "1.5", ",", ",", ",", "\"", "\"\"", "\"x,y\"", "\"q\"\"q\"",
            "\n", "\n", "\r\n", "\r", " ", "é", "\"multi\nline\"", "\"closed\"tail", "mid\"quote"};

    private static List<CsvRow> commons(String text) throws IOException {
        List<CsvRow> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(COMMONS).get()) {
            var it = parser.iterator();
            while (true) {
                long start = parser.getCurrentLineNumber() + 1;
                if (!it.hasNext()) {
                    break;
                }
                CSVRecord r = it.next();
                if (r.size() == 1 && r.get(0).isEmpty()) {
                    continue;
                }
                rows.add(new CsvRow(start, r.toList()));
            }
        }
        return rows;
    }

    @Test
    void splitsRandomAwkwardTextExactlyAsCommonsCsvDid() throws IOException {
        Random random = new Random(20_261_126L);
        int compared = 0;
        for (int round = 0; round < 3_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(40); n > 0; n--) {
                text.append(PIECES[random.nextInt(PIECES.length)]);
            }
            String csv = text.toString();
            assertThat(CostCsvReaderTest.read(csv)).as("%s", csv.replace("\r", "\\r").replace("\n", "\\n")).isEqualTo(commons(csv));
            compared++;
        }
        assertThat(compared).isEqualTo(3_000);
    }

    @Test
    void aLongFileAcrossManyBuffersSplitsTheSame() throws IOException {
        Random random = new Random(7);
        StringBuilder text = new StringBuilder("h1,h2,h3\r\n");
        for (int row = 0; row < 20_000; row++) {
            for (int f = 0; f < 3; f++) {
                text.append(f == 0 ? "" : ",").append(PIECES[random.nextInt(10)]).append(random.nextInt(1000));
            }
            text.append(random.nextBoolean() ? "\n" : "\r\n");
        }
        String csv = text.toString();
        assertThat(CostCsvReaderTest.read(csv)).isEqualTo(commons(csv));
    }
}
