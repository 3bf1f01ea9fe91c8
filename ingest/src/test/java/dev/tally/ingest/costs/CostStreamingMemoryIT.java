package dev.tally.ingest.costs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Constant memory: a generated export of about 90 MB of CSV (200,000 rows, a fifth with quoted
 * multi-line fields; {@code -Dtally.it.costs.rows=1000000} for 440 MB) streams through the reader
 * and normalizer in a JVM whose heap is capped at 32 MB, and every row and cent comes out. (The issue's
 * 2 GB / 256 MB run, through the importer, is {@link CostImportMemoryIT}; no timing is asserted.)
 */
class CostStreamingMemoryIT {

    static final long ROWS = Long.getLong("tally.it.costs.rows", 200_000);

    @Test
    void anExportSeveralTimesTheHeapStreamsThroughA32MegabyteHeap() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), StreamThrough.class.getName(), Long.toString(ROWS)))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        String[] parts = out.lines().reduce((a, b) -> b).orElse("").split(" ");
        assertThat(parts).as(out).hasSize(5);
        assertThat(Long.parseLong(parts[3])).as("characters streamed").isGreaterThan(ROWS * 400);
        System.out.printf("streamed %,d rows, %,d characters in %s s with -Xmx32m%n", ROWS, Long.parseLong(parts[3]), parts[4]);
        assertThat(Long.parseLong(parts[0])).isEqualTo(ROWS);
        assertThat(Long.parseLong(parts[1])).isZero();
        assertThat(new BigDecimal(parts[2])).isEqualByComparingTo(GeneratedExport.expectedTotal(ROWS));
    }
}
