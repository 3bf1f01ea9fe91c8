package dev.tally.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    @Test
    void rssAndCpuTicksAreReadFromProcFormats() {
        assertThat(ProcessStats.rssKb(List.of("Name:\tjava", "VmHWM:\t  912000 kB", "VmRSS:\t  812345 kB", "RssAnon:\t 700000 kB")))
                .isEqualTo(812_345);
        // a command with spaces and parentheses; utime 1500 and stime 250 ticks
        String stat = "4242 (node (chdb) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1500 250 0 0 20 0 12 0 999 1000000 2000";
        assertThat(ProcessStats.cpuTicks(stat)).isEqualTo(1_750);
    }

    @Test
    void thisProcessHasMemoryAndHasUsedCpu() {
        ProcessStats.Usage usage = ProcessStats.of(ProcessHandle.current().pid());
        assertThat(usage.rssMb()).isGreaterThan(10);
        assertThat(usage.cpuSeconds()).isGreaterThan(0);
    }
}
