package dev.tally.local.fleet.render;

import dev.tally.local.fleet.model.LogProfile;
import dev.tally.local.fleet.model.Names;
import dev.tally.local.fleet.model.Noise;
import dev.tally.local.fleet.sim.ContainerPlan;
import dev.tally.local.fleet.sim.LogModel;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Log line bodies of an exact byte length: a timestamp, a level, the logger, a plausible message. */
final class LogLines {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final String[] INFO = {
            "request completed method=GET path=/api/v1/items status=200",
            "request completed method=POST path=/api/v1/orders status=201",
            "processed batch records=500 lag_ms=12",
            "cache refresh done entries=18243",
            "health check ok upstream=postgres",
            "connection accepted remote=10.244.3.17:51834",
    };
    private static final String[] WARN = {
            "slow request method=GET path=/api/v1/search status=200",
            "retrying upstream call service=payments-gateway attempt=2",
            "connection pool nearly exhausted active=48 max=50",
    };
    private static final String[] ERROR = {
            "upstream returned 503 service=payments-gateway",
            "java.lang.IllegalStateException: connection pool exhausted at com.example.db.Pool.acquire(Pool.java:212)",
            "failed to publish event topic=orders error=timeout",
    };

    private LogLines() {
    }

    /** A body of exactly {@code length} ASCII bytes; {@code length >= LogModel.minimumBodyBytes(c)}. */
    static String body(ContainerPlan c, long timeUnixNano, LogModel.Severity severity, long h, int length) {
        String ts = TIMESTAMP.format(Instant.ofEpochSecond(0, timeUnixNano));
        String level = severity.name();
        StringBuilder sb = new StringBuilder(length + 64);
        int closing;
        if (c.spec().logs().format() == LogProfile.Format.JSON) {
            sb.append("{\"ts\":\"").append(ts).append("\",\"level\":\"").append(level.toLowerCase())
                    .append("\",\"logger\":\"").append(c.name()).append("\",\"msg\":\"");
            closing = 2;
        } else {
            sb.append(ts).append(' ').append(level);
            for (int i = level.length(); i < 5; i++) {
                sb.append(' ');
            }
            sb.append(' ').append(c.name()).append(' ');
            closing = 0;
        }
        int messageEnd = length - closing;
        if (sb.length() + 1 > messageEnd) {
            throw new IllegalArgumentException("log body of " + length + " bytes is too short for its prefix");
        }
        String[] messages = severity == LogModel.Severity.ERROR ? ERROR : severity == LogModel.Severity.WARN ? WARN : INFO;
        sb.append(messages[Noise.below(h, messages.length)]);
        sb.append(" duration_ms=").append(1 + Noise.below(Noise.hash(h, 1), 900));
        sb.append(" trace_id=").append(Names.hex(Noise.hash(h, 2), 32));
        long x = Noise.hash(h, 3);
        while (sb.length() < messageEnd) {
            x = Noise.mix(x);
            sb.append(" attr").append(Noise.below(x, 40)).append('=').append(Names.hex(x, 12));
        }
        sb.setLength(messageEnd);
        if (closing == 2) {
            sb.append("\"}");
        }
        return sb.toString();
    }
}
