package dev.tally.ingest.gateway.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tally.ingest.gateway.limits.Limits;
import dev.tally.ingest.gateway.limits.Rejection;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes and validates OTLP/HTTP export requests (protobuf or JSON). Problems with the whole request
 * (not parseable, too many items) are a {@link Rejection}; problems with single data points or log
 * records (timestamp too far ahead, too many or too long attributes, a metric without a name) reject
 * only those, reported as OTLP partial success.
 *
 * <p>What goes to Kafka: the request's bytes as received when nothing was rejected (protobuf), the
 * protobuf encoding of the request when it came as JSON (so consumers see one encoding), and the
 * re-encoded request without the rejected items when some were rejected.
 */
public final class OtlpDecoder {

    public enum Encoding { PROTOBUF, JSON }

    /**
     * @param protobuf     what to write to Kafka, or null when nothing was accepted
     * @param accepted     data points or log records accepted
     * @param rejected     data points or log records rejected
     * @param errorMessage the first rejection's reason, with the count, or "" when none
     * @param seriesHashes one hash per accepted metric data point (metric name + attributes), for the cardinality guard
     */
    public record Decoded(byte[] protobuf, long accepted, long rejected, String errorMessage, long[] seriesHashes) {
    }

    private final Limits limits;

    public OtlpDecoder(Limits limits) {
        this.limits = limits;
    }

    // ---------------------------------------------------------------- metrics

    public Decoded metrics(byte[] body, Encoding encoding, long nowMillis) {
        ExportMetricsServiceRequest request;
        if (encoding == Encoding.JSON) {
            ExportMetricsServiceRequest.Builder builder = ExportMetricsServiceRequest.newBuilder();
            OtlpJson.merge(body, builder, "ExportMetricsServiceRequest");
            request = builder.build();
        } else {
            try {
                request = ExportMetricsServiceRequest.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                throw Rejection.badRequest("malformed_protobuf", "body is not a valid protobuf ExportMetricsServiceRequest: " + e.getMessage());
            }
        }
        Checker checker = new Checker(nowMillis);
        long total = 0;
        for (ResourceMetrics rm : request.getResourceMetricsList()) {
            for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                for (Metric metric : sm.getMetricsList()) {
                    total += pointCount(metric);
                }
            }
        }
        if (total > limits.maxSeriesPerRequest()) {
            throw Rejection.badRequest("too_many_series", "request has " + total + " data points, above the limit of "
                    + limits.maxSeriesPerRequest() + " (limits.max-series-per-request)");
        }
        long[] hashes = new long[(int) total];
        int accepted = 0;
        boolean anyRejected = false;
        ExportMetricsServiceRequest.Builder filtered = ExportMetricsServiceRequest.newBuilder();
        for (int r = 0; r < request.getResourceMetricsCount(); r++) {
            ResourceMetrics rm = request.getResourceMetrics(r);
            long resourceHash = attributesHash(0xcbf29ce484222325L, rm.getResource().getAttributesList());
            ResourceMetrics.Builder rmb = rm.toBuilder().clearScopeMetrics();
            for (int s = 0; s < rm.getScopeMetricsCount(); s++) {
                ScopeMetrics sm = rm.getScopeMetrics(s);
                ScopeMetrics.Builder smb = sm.toBuilder().clearMetrics();
                for (int m = 0; m < sm.getMetricsCount(); m++) {
                    Metric metric = sm.getMetrics(m);
                    String where = "resource " + r + " scope " + s + " metric " + m + " " + quoteName(metric.getName());
                    long metricHash = fnv(resourceHash, metric.getName());
                    Metric.Builder mb = metric.toBuilder();
                    int before = accepted;
                    int rejectedHere = 0;
                    switch (metric.getDataCase()) {
                        case GAUGE -> {
                            List<NumberDataPoint> kept = new java.util.ArrayList<>();
                            for (int p = 0; p < metric.getGauge().getDataPointsCount(); p++) {
                                NumberDataPoint dp = metric.getGauge().getDataPoints(p);
                                if (checker.point(where, p, metric.getName(), dp.getTimeUnixNano(), dp.getAttributesList())) {
                                    kept.add(dp);
                                    hashes[accepted++] = attributesHash(metricHash, dp.getAttributesList());
                                } else {
                                    rejectedHere++;
                                }
                            }
                            mb.setGauge(metric.getGauge().toBuilder().clearDataPoints().addAllDataPoints(kept));
                        }
                        case SUM -> {
                            List<NumberDataPoint> kept = new java.util.ArrayList<>();
                            for (int p = 0; p < metric.getSum().getDataPointsCount(); p++) {
                                NumberDataPoint dp = metric.getSum().getDataPoints(p);
                                if (checker.point(where, p, metric.getName(), dp.getTimeUnixNano(), dp.getAttributesList())) {
                                    kept.add(dp);
                                    hashes[accepted++] = attributesHash(metricHash, dp.getAttributesList());
                                } else {
                                    rejectedHere++;
                                }
                            }
                            mb.setSum(metric.getSum().toBuilder().clearDataPoints().addAllDataPoints(kept));
                        }
                        case HISTOGRAM -> {
                            List<HistogramDataPoint> kept = new java.util.ArrayList<>();
                            for (int p = 0; p < metric.getHistogram().getDataPointsCount(); p++) {
                                HistogramDataPoint dp = metric.getHistogram().getDataPoints(p);
                                if (checker.point(where, p, metric.getName(), dp.getTimeUnixNano(), dp.getAttributesList())) {
                                    kept.add(dp);
                                    hashes[accepted++] = attributesHash(metricHash, dp.getAttributesList());
                                } else {
                                    rejectedHere++;
                                }
                            }
                            mb.setHistogram(metric.getHistogram().toBuilder().clearDataPoints().addAllDataPoints(kept));
                        }
                        case EXPONENTIAL_HISTOGRAM -> {
                            List<ExponentialHistogramDataPoint> kept = new java.util.ArrayList<>();
                            for (int p = 0; p < metric.getExponentialHistogram().getDataPointsCount(); p++) {
                                ExponentialHistogramDataPoint dp = metric.getExponentialHistogram().getDataPoints(p);
                                if (checker.point(where, p, metric.getName(), dp.getTimeUnixNano(), dp.getAttributesList())) {
                                    kept.add(dp);
                                    hashes[accepted++] = attributesHash(metricHash, dp.getAttributesList());
                                } else {
                                    rejectedHere++;
                                }
                            }
                            mb.setExponentialHistogram(metric.getExponentialHistogram().toBuilder().clearDataPoints().addAllDataPoints(kept));
                        }
                        case SUMMARY -> {
                            List<SummaryDataPoint> kept = new java.util.ArrayList<>();
                            for (int p = 0; p < metric.getSummary().getDataPointsCount(); p++) {
                                SummaryDataPoint dp = metric.getSummary().getDataPoints(p);
                                if (checker.point(where, p, metric.getName(), dp.getTimeUnixNano(), dp.getAttributesList())) {
                                    kept.add(dp);
                                    hashes[accepted++] = attributesHash(metricHash, dp.getAttributesList());
                                } else {
                                    rejectedHere++;
                                }
                            }
                            mb.setSummary(metric.getSummary().toBuilder().clearDataPoints().addAllDataPoints(kept));
                        }
                        default -> {
                            // no data (DATA_NOT_SET): nothing to count, kept as sent
                        }
                    }
                    if (rejectedHere > 0) {
                        anyRejected = true;
                    }
                    if (accepted > before || rejectedHere == 0) {
                        smb.addMetrics(mb);
                    }
                }
                if (smb.getMetricsCount() > 0 || sm.getMetricsCount() == 0) {
                    rmb.addScopeMetrics(smb);
                }
            }
            if (rmb.getScopeMetricsCount() > 0 || rm.getScopeMetricsCount() == 0) {
                filtered.addResourceMetrics(rmb);
            }
        }
        long rejected = total - accepted;
        long[] acceptedHashes = Arrays.copyOf(hashes, accepted);
        if (!anyRejected) {
            byte[] bytes = encoding == Encoding.PROTOBUF ? body : request.toByteArray();
            return new Decoded(bytes, accepted, 0, "", acceptedHashes);
        }
        byte[] bytes = accepted > 0 ? filtered.build().toByteArray() : null;
        return new Decoded(bytes, accepted, rejected, checker.summary(rejected, "data points"), acceptedHashes);
    }

    private static long pointCount(Metric metric) {
        return switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsCount();
            case SUM -> metric.getSum().getDataPointsCount();
            case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> metric.getSummary().getDataPointsCount();
            default -> 0;
        };
    }

    // ---------------------------------------------------------------- logs

    public Decoded logs(byte[] body, Encoding encoding, long nowMillis) {
        ExportLogsServiceRequest request;
        if (encoding == Encoding.JSON) {
            ExportLogsServiceRequest.Builder builder = ExportLogsServiceRequest.newBuilder();
            OtlpJson.merge(body, builder, "ExportLogsServiceRequest");
            request = builder.build();
        } else {
            try {
                request = ExportLogsServiceRequest.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                throw Rejection.badRequest("malformed_protobuf", "body is not a valid protobuf ExportLogsServiceRequest: " + e.getMessage());
            }
        }
        long total = 0;
        for (ResourceLogs rl : request.getResourceLogsList()) {
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                total += sl.getLogRecordsCount();
            }
        }
        if (total > limits.maxSeriesPerRequest()) {
            throw Rejection.badRequest("too_many_series", "request has " + total + " log records, above the limit of "
                    + limits.maxSeriesPerRequest() + " (limits.max-series-per-request)");
        }
        Checker checker = new Checker(nowMillis);
        long accepted = 0;
        ExportLogsServiceRequest.Builder filtered = ExportLogsServiceRequest.newBuilder();
        for (int r = 0; r < request.getResourceLogsCount(); r++) {
            ResourceLogs rl = request.getResourceLogs(r);
            ResourceLogs.Builder rlb = rl.toBuilder().clearScopeLogs();
            for (int s = 0; s < rl.getScopeLogsCount(); s++) {
                ScopeLogs sl = rl.getScopeLogs(s);
                ScopeLogs.Builder slb = sl.toBuilder().clearLogRecords();
                String where = "resource " + r + " scope " + s + " log record";
                for (int l = 0; l < sl.getLogRecordsCount(); l++) {
                    LogRecord record = sl.getLogRecords(l);
                    if (checker.logRecord(where, l, record)) {
                        slb.addLogRecords(record);
                        accepted++;
                    }
                }
                if (slb.getLogRecordsCount() > 0 || sl.getLogRecordsCount() == 0) {
                    rlb.addScopeLogs(slb);
                }
            }
            if (rlb.getScopeLogsCount() > 0 || rl.getScopeLogsCount() == 0) {
                filtered.addResourceLogs(rlb);
            }
        }
        long rejected = total - accepted;
        if (rejected == 0) {
            byte[] bytes = encoding == Encoding.PROTOBUF ? body : request.toByteArray();
            return new Decoded(bytes, accepted, 0, "", new long[0]);
        }
        byte[] bytes = accepted > 0 ? filtered.build().toByteArray() : null;
        return new Decoded(bytes, accepted, rejected, checker.summary(rejected, "log records"), new long[0]);
    }

    // ---------------------------------------------------------------- checks

    /** Per-item checks; remembers the first problem for the partial-success message. */
    private final class Checker {
        private final long maxNanos;
        private final long nowMillis;
        private String first;

        Checker(long nowMillis) {
            this.nowMillis = nowMillis;
            this.maxNanos = Math.multiplyExact(nowMillis + limits.maxFutureSkew().toMillis(), 1_000_000L);
        }

        boolean point(String where, int index, String metricName, long timeUnixNano, List<KeyValue> attributes) {
            String at = where + " data point " + index;
            if (metricName.isEmpty()) {
                return reject(where + ": metric has no name");
            }
            return time(at, timeUnixNano) && attributes(at, attributes, true);
        }

        boolean logRecord(String where, int index, LogRecord record) {
            String at = where + " " + index;
            return time(at, record.getTimeUnixNano()) && attributes(at, record.getAttributesList(), false);
        }

        private boolean time(String at, long timeUnixNano) {
            // fixed64 in the proto: values above 2^63 arrive negative and are far in the future as well
            if (timeUnixNano < 0 || timeUnixNano > maxNanos) {
                Instant t = timeUnixNano < 0 ? Instant.MAX : Instant.ofEpochSecond(0, timeUnixNano);
                return reject(at + ": timestamp " + (timeUnixNano < 0 ? Long.toUnsignedString(timeUnixNano) + " ns" : t.toString())
                        + " is more than " + limits.maxFutureSkew().toSeconds() + " s ahead of the gateway clock (" + Instant.ofEpochMilli(nowMillis)
                        + ", limits.max-future-skew)");
            }
            return true;
        }

        private boolean attributes(String at, List<KeyValue> attributes, boolean checkValues) {
            if (attributes.size() > limits.maxLabelsPerSeries()) {
                return reject(at + ": " + attributes.size() + " attributes, above the limit of " + limits.maxLabelsPerSeries()
                        + " (limits.max-labels-per-series)");
            }
            for (KeyValue kv : attributes) {
                int keyBytes = kv.getKeyBytes().size();
                if (keyBytes > limits.maxLabelNameLength()) {
                    return reject(at + " attribute " + quoteName(kv.getKey()) + ": key is " + keyBytes
                            + " bytes, above the limit of " + limits.maxLabelNameLength() + " (limits.max-label-name-length)");
                }
                if (checkValues && kv.getValue().getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
                    int valueBytes = kv.getValue().getStringValueBytes().size();
                    if (valueBytes > limits.maxLabelValueLength()) {
                        return reject(at + " attribute " + quoteName(kv.getKey()) + ": value is " + valueBytes
                                + " bytes, above the limit of " + limits.maxLabelValueLength() + " (limits.max-label-value-length)");
                    }
                }
            }
            return true;
        }

        private boolean reject(String message) {
            if (first == null) {
                first = message;
            }
            return false;
        }

        String summary(long rejected, String what) {
            return rejected + " " + what + " rejected; first: " + first;
        }
    }

    private static String quoteName(String name) {
        return dev.tally.ingest.gateway.limits.LabelRules.quote(name);
    }

    private static long attributesHash(long hash, List<KeyValue> attributes) {
        for (KeyValue kv : attributes) {
            hash = fnv(hash, kv.getKey());
            hash = fnv(hash, kv.getValue().toString());
        }
        return hash;
    }

    private static long fnv(long hash, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        hash ^= 0xff;
        hash *= 0x100000001b3L;
        return hash;
    }
}
