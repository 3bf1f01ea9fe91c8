package dev.tally.jobs.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.RecordHeaders;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The source-side event time: the newest time in a record, read from the wire format, equals
 * the newest time of the fully decoded message; anything unreadable has no time and never throws.
 */
class TelemetryEventTimeTest {
    private static final long SEED = 20261126L;
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    @Test
    void aWriteRequestsTimeIsItsNewestSampleAcrossSeries() {
        RemoteWrite.WriteRequest request = RemoteWrite.WriteRequest.newBuilder()
                .addTimeseries(series("container_cpu_usage_seconds_total", T0, T0 + 15_000))
                .addTimeseries(series("kube_pod_info", T0 + 45_000, T0 + 30_000))
                .addTimeseries(series("up", T0 + 5_000))
                .build();

        assertThat(TelemetryEventTime.newestMillis(record(RecordHeaders.REMOTE_WRITE_PROTOBUF, request.toByteArray())))
                .isEqualTo(T0 + 45_000);
    }

    @Test
    void anOtlpMetricsRequestsTimeIsItsNewestDataPointOfEveryKind() {
        long nanos = T0 * 1_000_000;
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(attribute("k8s.pod.name", "api-1")))
                        .addScopeMetrics(ScopeMetrics.newBuilder()
                                .addMetrics(Metric.newBuilder().setName("k8s.container.cpu_request")
                                        .setGauge(Gauge.newBuilder().addDataPoints(point(nanos + 10_000_000_000L))))
                                .addMetrics(Metric.newBuilder().setName("container.cpu.time")
                                        .setSum(Sum.newBuilder().addDataPoints(point(nanos + 20_000_000_000L))))
                                .addMetrics(Metric.newBuilder().setName("http.server.duration")
                                        .setHistogram(Histogram.newBuilder().addDataPoints(HistogramDataPoint.newBuilder()
                                                .setStartTimeUnixNano(nanos + 90_000_000_000L) // start is not the time
                                                .setTimeUnixNano(nanos + 61_500_000_000L))))
                                .addMetrics(Metric.newBuilder().setName("rpc.latency")
                                        .setSummary(Summary.newBuilder().addDataPoints(SummaryDataPoint.newBuilder()
                                                .setTimeUnixNano(nanos + 30_000_000_000L))))))
                .build();

        assertThat(TelemetryEventTime.newestMillis(record(RecordHeaders.OTLP_METRICS_PROTOBUF, request.toByteArray())))
                .isEqualTo(T0 + 61_500);
    }

    @Test
    void aLogRecordWithoutATimeCountsAtItsObservedTime() {
        long nanos = T0 * 1_000_000;
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.newBuilder()
                        .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(nanos + 1_000_000_000L)
                                .setObservedTimeUnixNano(nanos + 500_000_000_000L)
                                .setBody(AnyValue.newBuilder().setStringValue("GET /healthz 200")))
                        .addLogRecords(LogRecord.newBuilder().setObservedTimeUnixNano(nanos + 7_000_000_000L))))
                .build();

        assertThat(TelemetryEventTime.newestMillis(record(RecordHeaders.OTLP_LOGS_PROTOBUF, request.toByteArray())))
                .isEqualTo(T0 + 7_000);
    }

    @Test
    void aRecordWithNothingTimedOrOfAnotherContentTypeHasNoTime() {
        assertThat(TelemetryEventTime.newestMillis(record(RecordHeaders.REMOTE_WRITE_PROTOBUF,
                RemoteWrite.WriteRequest.getDefaultInstance().toByteArray()))).isEqualTo(TelemetryEventTime.UNKNOWN);
        assertThat(TelemetryEventTime.newestMillis(record("text/plain", "up 1".getBytes())))
                .isEqualTo(TelemetryEventTime.UNKNOWN);
        assertThat(TelemetryEventTime.newestMillis(record(null, new byte[] {1, 2, 3})))
                .isEqualTo(TelemetryEventTime.UNKNOWN);
    }

    @Test
    void randomWriteRequestsGiveTheNewestTimeOfTheirDecodedSamples() throws InvalidProtocolBufferException {
        Random random = new Random(SEED);
        for (int c = 0; c < 500; c++) {
            RemoteWrite.WriteRequest.Builder request = RemoteWrite.WriteRequest.newBuilder();
            int seriesCount = random.nextInt(6);
            for (int s = 0; s < seriesCount; s++) {
                long[] times = random.longs(random.nextInt(4), T0 - 86_400_000L, T0 + 86_400_000L).toArray();
                request.addTimeseries(series("m" + s, times));
            }
            byte[] bytes = request.build().toByteArray();
            long expected = RemoteWrite.WriteRequest.parseFrom(bytes).getTimeseriesList().stream()
                    .flatMap(ts -> ts.getSamplesList().stream())
                    .mapToLong(RemoteWrite.Sample::getTimestamp).max().orElse(TelemetryEventTime.UNKNOWN);

            assertThat(TelemetryEventTime.newestMillis(record(RecordHeaders.REMOTE_WRITE_PROTOBUF, bytes)))
                    .as("case %d", c).isEqualTo(expected);
        }
    }

    @Test
    void truncatedAndRandomPayloadsNeverThrow() {
        byte[] full = RemoteWrite.WriteRequest.newBuilder()
                .addTimeseries(series("container_memory_working_set_bytes", T0, T0 + 15_000)).build().toByteArray();
        for (int cut = 0; cut <= full.length; cut++) {
            long time = TelemetryEventTime.newestMillis(record(RecordHeaders.REMOTE_WRITE_PROTOBUF, Arrays.copyOf(full, cut)));
            // a cut record is either unreadable or shows a sample it fully holds
            assertThat(time).isIn(TelemetryEventTime.UNKNOWN, T0, T0 + 15_000);
        }
        Random random = new Random(SEED + 1);
        String[] types = {RecordHeaders.REMOTE_WRITE_PROTOBUF, RecordHeaders.OTLP_METRICS_PROTOBUF, RecordHeaders.OTLP_LOGS_PROTOBUF};
        for (int c = 0; c < 3_000; c++) {
            byte[] payload = new byte[random.nextInt(300)];
            random.nextBytes(payload);
            TelemetryEventTime.newestMillis(record(types[c % types.length], payload)); // must not throw
        }
    }

    private static RemoteWrite.TimeSeries series(String name, long... timestamps) {
        RemoteWrite.TimeSeries.Builder series = RemoteWrite.TimeSeries.newBuilder()
                .addLabels(RemoteWrite.Label.newBuilder().setName("__name__").setValue(name));
        for (long t : timestamps) {
            series.addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(t).setValue(1.5));
        }
        return series.build();
    }

    private static NumberDataPoint point(long timeUnixNano) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(timeUnixNano).setAsDouble(0.25).build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static RawTelemetry record(String contentType, byte[] payload) {
        return new RawTelemetry("aks-weu-prod-1", contentType, payload, SourcePosition.kafka("tally.metrics.v1", 0, 0));
    }
}
