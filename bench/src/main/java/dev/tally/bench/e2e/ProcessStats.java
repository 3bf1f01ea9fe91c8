package dev.tally.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A process's resident memory and CPU time from {@code /proc} (Linux), with its descendants (a
 * component's helper processes are its cost too). Reading {@code /proc} costs the measured
 * process nothing.
 */
public final class ProcessStats {
    /** USER_HZ: the unit of utime and stime in {@code /proc/<pid>/stat}; 100 on every Linux we run on. */
    static final double CLOCK_TICKS_PER_SECOND = 100;

    private ProcessStats() {
    }

    /** RSS and CPU seconds (user + system) of the process and its descendants; zeros once it is gone. */
    public record Usage(double rssMb, double cpuSeconds) {
    }

    public static Usage of(long pid) {
        List<Long> pids = Stream.concat(Stream.of(pid), ProcessHandle.of(pid).stream()
                .flatMap(ProcessHandle::descendants).map(ProcessHandle::pid)).toList();
        double rssKb = 0;
        double ticks = 0;
        for (long p : pids) {
            try {
                rssKb += rssKb(Files.readAllLines(Path.of("/proc", Long.toString(p), "status")));
                ticks += cpuTicks(Files.readString(Path.of("/proc", Long.toString(p), "stat")));
            } catch (IOException e) {
                // the process ended between listing and reading: it uses nothing now
            }
        }
        return new Usage(rssKb / 1024, ticks / CLOCK_TICKS_PER_SECOND);
    }

    /** {@code VmRSS:   123456 kB} from {@code /proc/<pid>/status}. */
    static long rssKb(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        return 0;
    }

    /** utime + stime (fields 14 and 15) of {@code /proc/<pid>/stat}; the command in parentheses may hold spaces. */
    static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
