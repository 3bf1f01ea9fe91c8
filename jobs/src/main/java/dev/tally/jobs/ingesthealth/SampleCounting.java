package dev.tally.jobs.ingesthealth;

import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.telemetry.TelemetryPayloads;
import dev.tally.jobs.telemetry.UnusableTelemetryException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.LongConsumer;

/**
 * Counts the samples (remote_write) or data points (OTLP) in one raw record, per UTC hour of
 * their timestamps. A record may straddle an hour boundary, so it can count towards two hours.
 */
public final class SampleCounting {

    private SampleCounting() {
    }

    public static List<SampleCount> countByHour(RawTelemetry record) throws UnusableTelemetryException {
        if (record.clusterId() == null || record.clusterId().isBlank()) {
            throw new UnusableTelemetryException("record has no " + RecordHeaders.CLUSTER_ID + " header: the cluster is unknown");
        }
        String contentType = record.contentType() == null ? "" : record.contentType();
        TreeMap<Instant, Long> byHour = new TreeMap<>();
        LongConsumer countAtMillis = millis -> byHour.merge(hourOf(millis), 1L, Long::sum);
        switch (contentType) {
            case RecordHeaders.REMOTE_WRITE_PROTOBUF -> countRemoteWrite(record.payload(), countAtMillis);
            case RecordHeaders.OTLP_METRICS_PROTOBUF -> countOtlp(record.payload(), countAtMillis);
            default -> throw new UnusableTelemetryException("unsupported content type '" + contentType
                    + "' on the metrics topic (expected " + RecordHeaders.REMOTE_WRITE_PROTOBUF
                    + " or " + RecordHeaders.OTLP_METRICS_PROTOBUF + ")");
        }
        List<SampleCount> counts = new ArrayList<>(byHour.size());
        byHour.forEach((hour, samples) -> counts.add(new SampleCount(record.clusterId(), contentType, hour, samples, record.position())));
        return counts;
    }

    static Instant hourOf(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).truncatedTo(ChronoUnit.HOURS);
    }

    private static void countRemoteWrite(byte[] payload, LongConsumer countAtMillis) throws UnusableTelemetryException {
        RemoteWrite.WriteRequest request = TelemetryPayloads.writeRequest(payload);
        for (RemoteWrite.TimeSeries series : request.getTimeseriesList()) {
            for (RemoteWrite.Sample sample : series.getSamplesList()) {
                countAtMillis.accept(sample.getTimestamp());
            }
        }
    }

    private static void countOtlp(byte[] payload, LongConsumer countAtMillis) throws UnusableTelemetryException {
        ExportMetricsServiceRequest request = TelemetryPayloads.otlpMetrics(payload);
        for (ResourceMetrics resource : request.getResourceMetricsList()) {
            for (ScopeMetrics scope : resource.getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    countOtlpMetric(metric, countAtMillis);
                }
            }
        }
    }

    private static void countOtlpMetric(Metric metric, LongConsumer countAtMillis) {
        switch (metric.getDataCase()) {
            case GAUGE -> metric.getGauge().getDataPointsList().forEach(p -> countAtMillis.accept(nanosToMillis(p.getTimeUnixNano())));
            case SUM -> metric.getSum().getDataPointsList().forEach(p -> countAtMillis.accept(nanosToMillis(p.getTimeUnixNano())));
            case HISTOGRAM -> metric.getHistogram().getDataPointsList().forEach(p -> countAtMillis.accept(nanosToMillis(p.getTimeUnixNano())));
            case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsList().forEach(p -> countAtMillis.accept(nanosToMillis(p.getTimeUnixNano())));
            case SUMMARY -> metric.getSummary().getDataPointsList().forEach(p -> countAtMillis.accept(nanosToMillis(p.getTimeUnixNano())));
            case DATA_NOT_SET -> { }
        }
    }

    private static long nanosToMillis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }
}
