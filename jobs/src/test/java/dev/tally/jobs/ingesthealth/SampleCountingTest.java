package dev.tally.jobs.ingesthealth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.telemetry.UnusableTelemetryException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleCountingTest {
    static final SourcePosition POSITION = SourcePosition.kafka("tally.metrics.v1", 2, 41);
    static final Instant TEN = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void aRemoteWriteRequestThatStraddlesAnHourCountsTowardsBothHours() throws Exception {
        RemoteWrite.WriteRequest request = RemoteWrite.WriteRequest.newBuilder()
                .addTimeseries(series("container_cpu_usage_seconds_total",
                        TEN.minusSeconds(30), TEN, TEN.plusSeconds(30)))
                .addTimeseries(series("kube_pod_info", TEN.minusSeconds(1)))
                .build();

        List<SampleCount> counts = SampleCounting.countByHour(remoteWrite("aks-prod-weu", request.toByteArray()));

        assertThat(counts).containsExactly(
                new SampleCount("aks-prod-weu", RecordHeaders.REMOTE_WRITE_PROTOBUF, TEN.minusSeconds(3600), 2, POSITION),
                new SampleCount("aks-prod-weu", RecordHeaders.REMOTE_WRITE_PROTOBUF, TEN, 2, POSITION));
    }

    @Test
    void otlpDataPointsOfGaugesAndSumsAreCountedByTheirTime() throws Exception {
        long nanos = TEN.plusSeconds(90).toEpochMilli() * 1_000_000L;
        NumberDataPoint point = NumberDataPoint.newBuilder().setTimeUnixNano(nanos).setAsDouble(1.5).build();
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(Metric.newBuilder().setName("k8s.pod.cpu.usage")
                                .setGauge(Gauge.newBuilder().addDataPoints(point).addDataPoints(point)))
                        .addMetrics(Metric.newBuilder().setName("k8s.container.restarts")
                                .setSum(Sum.newBuilder().addDataPoints(point)))))
                .build();

        List<SampleCount> counts = SampleCounting.countByHour(new RawTelemetry("aks-dev-weu",
                RecordHeaders.OTLP_METRICS_PROTOBUF, request.toByteArray(), POSITION));

        assertThat(counts).containsExactly(
                new SampleCount("aks-dev-weu", RecordHeaders.OTLP_METRICS_PROTOBUF, TEN, 3, POSITION));
    }

    @Test
    void garbageIsRefusedWithTheReasonItIsNotAWriteRequest() {
        byte[] garbage = "this is not protobuf \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> SampleCounting.countByHour(remoteWrite("aks-prod-weu", garbage)))
                .isInstanceOf(UnusableTelemetryException.class)
                .hasMessageStartingWith("not a remote_write WriteRequest: ");
    }

    @Test
    void aRecordWithoutClusterHeaderIsRefusedBecauseItsClusterIsUnknown() {
        assertThatThrownBy(() -> SampleCounting.countByHour(remoteWrite(null, new byte[0])))
                .isInstanceOf(UnusableTelemetryException.class)
                .hasMessage("record has no tally-cluster-id header: the cluster is unknown");
    }

    @Test
    void anUnknownContentTypeIsRefusedNamingWhatIsExpected() {
        RawTelemetry json = new RawTelemetry("aks-prod-weu", "application/json", "{}".getBytes(StandardCharsets.UTF_8), POSITION);

        assertThatThrownBy(() -> SampleCounting.countByHour(json))
                .isInstanceOf(UnusableTelemetryException.class)
                .hasMessageStartingWith("unsupported content type 'application/json' on the metrics topic");
    }

    static RawTelemetry remoteWrite(String cluster, byte[] payload) {
        return new RawTelemetry(cluster, RecordHeaders.REMOTE_WRITE_PROTOBUF, payload, POSITION);
    }

    static RemoteWrite.TimeSeries series(String name, Instant... times) {
        RemoteWrite.TimeSeries.Builder series = RemoteWrite.TimeSeries.newBuilder()
                .addLabels(RemoteWrite.Label.newBuilder().setName("__name__").setValue(name));
        for (Instant time : times) {
            series.addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(time.toEpochMilli()).setValue(1));
        }
        return series.build();
    }
}
