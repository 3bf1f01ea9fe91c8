package dev.tally.bench.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The benchmark's state figure with expiry: what the job holds at most when days come in order. */
class AllocationJobThroughputBenchmarkTest {

    @Test
    void withTheDefaultRetentionAtMostAMonthAndFifteenDaysAreHeld() {
        // one byte a day from January 1 to March 31: on February 15 January's 31 days and 15 of
        // February are held; on February 16 January goes (15 days after its month ends)
        SortedMap<LocalDate, Long> bytes = new TreeMap<>();
        for (LocalDate d = LocalDate.parse("2026-01-01"); d.isBefore(LocalDate.parse("2026-04-01")); d = d.plusDays(1)) {
            bytes.put(d, 1L);
        }
        assertThat(AllocationJobThroughputBenchmark.peakWithExpiry(bytes)).isEqualTo(46);
    }
}
