package dev.tally.jobs.telemetry;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.tally.common.topics.RecordHeaders;
import java.io.IOException;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The event time of a raw telemetry record: its newest sample, data point or log record time,
 * read by walking the protobuf wire format to those fields only (no messages are built, so the
 * source pays a fraction of a decode).
 *
 * <p>Why at the source: Flink keeps a watermark per Kafka partition only for timestamps
 * assigned in the source. A partition that lags behind (a cluster backfilling, a slow
 * partition) then holds event time back for everyone, whatever the job's parallelism; with
 * watermarks assigned after decoding, one subtask reading several partitions would let the
 * fastest one close hours the others still fill.
 */
public final class TelemetryEventTime {
    /** A record without a readable time: it neither moves event time nor holds it back. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    // field paths from the request down to the message holding the time (protobuf field numbers)
    private static final int[][] REMOTE_WRITE_SAMPLE = {{1}, {2}};            // timeseries, samples
    private static final int[][] OTLP_DATA_POINT = {{1}, {2}, {2}, {5, 7, 9, 10, 11}, {1}};
    // resource_metrics, scope_metrics, metrics, gauge|sum|histogram|exponential_histogram|summary, data_points
    private static final int[][] OTLP_LOG_RECORD = {{1}, {2}, {2}};          // resource_logs, scope_logs, log_records

    // tags: field number << 3 | wire type (0 varint, 1 fixed64)
    private static final int SAMPLE_TIMESTAMP = 2 << 3;
    private static final int POINT_TIME_UNIX_NANO = 3 << 3 | 1;
    private static final int LOG_TIME_UNIX_NANO = 1 << 3 | 1;
    private static final int LOG_OBSERVED_TIME_UNIX_NANO = 11 << 3 | 1;

    private TelemetryEventTime() {
    }

    /**
     * The records' event time, bounded out of order by {@code outOfOrderness}, per Kafka
     * partition; a partition silent for {@code idleness} stops holding event time back.
     */
    public static WatermarkStrategy<RawTelemetry> watermarks(Duration outOfOrderness, Duration idleness) {
        return WatermarkStrategy.<RawTelemetry>forBoundedOutOfOrderness(outOfOrderness)
                .withTimestampAssigner((record, kafkaTimestamp) -> eventMillis(record, kafkaTimestamp))
                .withIdleness(idleness);
    }

    /** How far a record's time may be ahead of its Kafka timestamp (the gateway's default limits.max-future-skew). */
    public static final long MAX_AHEAD_OF_KAFKA_MILLIS = Duration.ofMinutes(10).toMillis();

    /**
     * The record's newest time, at most {@link #MAX_AHEAD_OF_KAFKA_MILLIS} after its Kafka timestamp
     * (when it has one): one record from a cluster whose clock is years ahead must not move event
     * time there and close every open hour (all later data would be too late). Its samples are
     * refused by the decoder.
     */
    public static long eventMillis(RawTelemetry record, long kafkaTimestamp) {
        long newest = newestMillis(record);
        return kafkaTimestamp >= 0 && newest != UNKNOWN && newest - kafkaTimestamp > MAX_AHEAD_OF_KAFKA_MILLIS
                ? kafkaTimestamp + MAX_AHEAD_OF_KAFKA_MILLIS : newest;
    }

    /**
     * Epoch milliseconds of the newest time in the record, or {@link #UNKNOWN} when it has none
     * or cannot be read (the job's decoder then says why, in a dead letter).
     */
    public static long newestMillis(RawTelemetry record) {
        String contentType = record.contentType();
        if (contentType == null) {
            return UNKNOWN;
        }
        try {
            return switch (contentType) {
                case RecordHeaders.REMOTE_WRITE_PROTOBUF ->
                        newest(CodedInputStream.newInstance(record.payload()), REMOTE_WRITE_SAMPLE, 0, TelemetryEventTime::sampleMillis);
                case RecordHeaders.OTLP_METRICS_PROTOBUF ->
                        newest(CodedInputStream.newInstance(record.payload()), OTLP_DATA_POINT, 0, TelemetryEventTime::dataPointMillis);
                case RecordHeaders.OTLP_LOGS_PROTOBUF ->
                        newest(CodedInputStream.newInstance(record.payload()), OTLP_LOG_RECORD, 0, TelemetryEventTime::logRecordMillis);
                default -> UNKNOWN;
            };
        } catch (IOException | RuntimeException unreadable) {
            return UNKNOWN;
        }
    }

    private interface TimeField {
        long read(CodedInputStream message) throws IOException;
    }

    private static long newest(CodedInputStream in, int[][] path, int depth, TimeField leaf) throws IOException {
        if (depth == path.length) {
            return leaf.read(in);
        }
        long newest = UNKNOWN;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED
                    && isOneOf(WireFormat.getTagFieldNumber(tag), path[depth])) {
                int outer = in.pushLimit(in.readRawVarint32());
                newest = Math.max(newest, newest(in, path, depth + 1, leaf));
                in.popLimit(outer);
            } else {
                in.skipField(tag);
            }
        }
        return newest;
    }

    /** remote_write {@code Sample}: {@code int64 timestamp = 2} (milliseconds). */
    private static long sampleMillis(CodedInputStream sample) throws IOException {
        long millis = UNKNOWN;
        while (!sample.isAtEnd()) {
            int tag = sample.readTag();
            if (tag == SAMPLE_TIMESTAMP) {
                millis = sample.readInt64();
            } else {
                sample.skipField(tag);
            }
        }
        return millis;
    }

    /** Every OTLP data point kind: {@code fixed64 time_unix_nano = 3}. */
    private static long dataPointMillis(CodedInputStream point) throws IOException {
        long millis = UNKNOWN;
        while (!point.isAtEnd()) {
            int tag = point.readTag();
            if (tag == POINT_TIME_UNIX_NANO) {
                millis = nanosToMillis(point.readFixed64());
            } else {
                point.skipField(tag);
            }
        }
        return millis;
    }

    /**
     * OTLP {@code LogRecord}: {@code fixed64 time_unix_nano = 1}, or when unset (0) the
     * {@code observed_time_unix_nano = 11}, as the log-volume job counts it.
     */
    private static long logRecordMillis(CodedInputStream logRecord) throws IOException {
        long time = 0;
        long observed = 0;
        while (!logRecord.isAtEnd()) {
            int tag = logRecord.readTag();
            if (tag == LOG_TIME_UNIX_NANO) {
                time = logRecord.readFixed64();
            } else if (tag == LOG_OBSERVED_TIME_UNIX_NANO) {
                observed = logRecord.readFixed64();
            } else {
                logRecord.skipField(tag);
            }
        }
        long nanos = time != 0 ? time : observed;
        return nanos == 0 ? UNKNOWN : nanosToMillis(nanos);
    }

    private static long nanosToMillis(long unsignedNanos) {
        // fixed64 is unsigned; times past 2262 (negative as signed) are not times we accept
        return unsignedNanos < 0 ? UNKNOWN : unsignedNanos / 1_000_000;
    }

    private static boolean isOneOf(int field, int[] fields) {
        for (int f : fields) {
            if (f == field) {
                return true;
            }
        }
        return false;
    }
}
