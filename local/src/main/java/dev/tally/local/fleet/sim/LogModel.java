package dev.tally.local.fleet.sim;

import dev.tally.local.fleet.model.LogProfile;
import dev.tally.local.fleet.model.Noise;
import dev.tally.local.fleet.model.Traffic;

/**
 * How many log records a container writes in one interval, how long each body is, when it is
 * written and at which severity — pure functions of (container, interval, record index), so
 * the ground truth counts bytes without rendering a line, and the renderer writes lines of
 * exactly those lengths. "Bytes" are the UTF-8 bytes of the record body (the log line as the
 * application wrote it, without the CRI prefix); bodies are ASCII.
 */
public final class LogModel {

    /** Severity of a record, with its OTLP SeverityNumber and the stream it goes to. */
    public enum Severity {
        INFO(9, "stdout"), WARN(13, "stderr"), ERROR(17, "stderr");

        private final int number;
        private final String stream;

        Severity(int number, String stream) {
            this.number = number;
            this.stream = stream;
        }

        public int number() {
            return number;
        }

        public String stream() {
            return stream;
        }
    }

    /** Width of the timestamp every body starts with: {@code 2026-01-05T10:00:01.123Z}. */
    public static final int TIMESTAMP_WIDTH = 24;

    private static final long SALT_COUNT = 0x4C4F4743L;
    private static final long SALT_LENGTH = 0x4C4F474CL;
    private static final long SALT_TIME = 0x4C4F4754L;
    private static final long SALT_SEVERITY = 0x4C4F4753L;

    private LogModel() {
    }

    /** Records written in the segment {@code [segmentStart, segmentStart + seconds)} of the interval starting at {@code intervalStart}. */
    public static int records(ContainerPlan c, long intervalStart, long seconds) {
        LogProfile p = c.spec().logs();
        if (!p.writes() || seconds <= 0) {
            return 0;
        }
        double rate = p.recordsPerSecond() * (p.followsTraffic() ? 0.15 + 0.85 * Traffic.load(intervalStart) : 1.0);
        return (int) Math.floor(rate * seconds + Noise.unit(Noise.hash(c.key(), SALT_COUNT, intervalStart)));
    }

    /** Body length in bytes of record {@code i}: 0.4–1.6× the mean, and 1% are 4–10× longer (stack traces, dumps). */
    public static int bodyBytes(ContainerPlan c, long intervalStart, int i) {
        LogProfile p = c.spec().logs();
        long h = Noise.hash(c.key(), SALT_LENGTH, intervalStart, i);
        int length = (int) (p.meanBytes() * (0.4 + 1.2 * Noise.unit(h)));
        if (Noise.unit(Noise.hash(h, 1)) < 0.01) {
            length *= 4 + Noise.below(Noise.hash(h, 2), 7);
        }
        return Math.max(minimumBodyBytes(c), length);
    }

    /** The shortest body the line layout allows (timestamp, level, logger, a few message characters). */
    public static int minimumBodyBytes(ContainerPlan c) {
        int logger = c.name().length();
        return c.spec().logs().format() == LogProfile.Format.JSON
                // {"ts":"<24>","level":"error","logger":"<name>","msg":"<8>"}
                ? 8 + TIMESTAMP_WIDTH + 11 + 5 + 12 + logger + 9 + 8 + 2
                // <24> ERROR <name> <8>
                : TIMESTAMP_WIDTH + 1 + 5 + 1 + logger + 1 + 8;
    }

    /** When record {@code i} of {@code n} is written: spread evenly over the segment, with jitter. */
    public static long timeUnixNano(ContainerPlan c, long intervalStart, long segmentStart, long seconds, int i, int n) {
        long span = seconds * 1_000_000_000L;
        long slot = span / n;
        long jitter = slot <= 1 ? 0 : (Noise.hash(c.key(), SALT_TIME, intervalStart, i) >>> 1) % slot;
        return segmentStart * 1_000_000_000L + slot * i + jitter;
    }

    public static Severity severity(ContainerPlan c, long intervalStart, int i) {
        double u = Noise.unit(Noise.hash(c.key(), SALT_SEVERITY, intervalStart, i));
        return u < 0.01 ? Severity.ERROR : u < 0.05 ? Severity.WARN : Severity.INFO;
    }
}
