package dev.tally.jobs.usage.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.telemetry.UnusableTelemetryException;
import dev.tally.jobs.usage.decode.collector.CollectorMetrics;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decoder on random, truncated and corrupted input: nothing but a reasoned rejection ever
 * escapes. Inputs come from a seeded generator, so every case reproduces.
 */
class MetricsDecoderPropertiesTest {
    private static final long SEED = 20260107L;
    private static final List<String> CONTENT_TYPES = List.of(
            RecordHeaders.REMOTE_WRITE_PROTOBUF, RecordHeaders.OTLP_METRICS_PROTOBUF, "text/plain", "");
    private final MetricsDecoder decoder = new MetricsDecoder(List.of("prometheus_replica", "replica"));

    @Test
    void randomBytesAreDecodedOrRejectedWithAReason() {
        Random random = new Random(SEED);
        for (int c = 0; c < 2_000; c++) {
            byte[] payload = new byte[random.nextInt(400)];
            random.nextBytes(payload);
            String contentType = CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
            assertDecodesOrRejectsWithAReason(new RawTelemetry("c1", contentType, payload, SourcePosition.kafka("t", 0, c)));
        }
    }

    @Test
    void everyTruncationOfAWriteRequestIsDecodedOrRejectedWithAReason() {
        byte[] full = validRequest();
        for (int cut = 0; cut <= full.length; cut++) {
            assertDecodesOrRejectsWithAReason(new RawTelemetry("c1", RecordHeaders.REMOTE_WRITE_PROTOBUF,
                    Arrays.copyOf(full, cut), SourcePosition.kafka("t", 0, cut)));
        }
    }

    @Test
    void corruptedWriteRequestsAreDecodedOrRejectedWithAReason() {
        Random random = new Random(SEED + 1);
        for (int c = 0; c < 2_000; c++) {
            byte[] bytes = validRequest();
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            assertDecodesOrRejectsWithAReason(new RawTelemetry("c1", RecordHeaders.REMOTE_WRITE_PROTOBUF, bytes,
                    SourcePosition.kafka("t", 0, c)));
        }
    }

    /**
     * Well-formed OTLP in the Collector's names, but with random types, units, attributes and values:
     * always decoded (a rejection of the whole record would hide a mapping bug behind the catch-all),
     * every unusable part reported with a reason, every sample in its hour.
     */
    @Test
    void randomCollectorMetricsAreDecodedOrReportedWithAReason() {
        Random random = new Random(SEED + 2);
        for (int c = 0; c < 2_000; c++) {
            byte[] payload = randomCollectorRequest(random).toByteArray();
            DecodedRecord d = assertDecodesOrRejectsWithAReason(new RawTelemetry("c1", RecordHeaders.OTLP_METRICS_PROTOBUF,
                    payload, SourcePosition.kafka("t", 0, c)));
            // well-formed protobuf: parts may be unusable (reported), the record as a whole never is
            assertThat(d).as("case %d is decoded, not rejected", c).isNotNull();
            {
                for (ClusterSamples s : d.byHour()) {
                    assertThat(s.labels()).allSatisfy(l -> assertThat(l.get("job")).startsWith("otelcol/"));
                    for (int i = 0; i < s.size(); i++) {
                        assertThat(Math.floorDiv(s.timestamps()[i], 3_600_000L) * 3_600_000L).isEqualTo(s.hourStartMillis());
                    }
                }
            }
        }
    }

    @Test
    void everyTruncationAndCorruptionOfCollectorMetricsIsDecodedOrRejectedWithAReason() {
        Random random = new Random(SEED + 3);
        byte[] full = randomCollectorRequest(random).toByteArray();
        for (int cut = 0; cut <= full.length; cut++) {
            assertDecodesOrRejectsWithAReason(new RawTelemetry("c1", RecordHeaders.OTLP_METRICS_PROTOBUF,
                    Arrays.copyOf(full, cut), SourcePosition.kafka("t", 0, cut)));
        }
        for (int c = 0; c < 2_000; c++) {
            byte[] bytes = full.clone();
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            assertDecodesOrRejectsWithAReason(new RawTelemetry("c1", RecordHeaders.OTLP_METRICS_PROTOBUF, bytes,
                    SourcePosition.kafka("t", 0, c)));
        }
    }

    private static final List<String> ATTRIBUTES = List.of("k8s.namespace.name", "k8s.pod.name", "k8s.pod.uid",
            "k8s.container.name", "container.id", "k8s.node.name", "k8s.replicaset.name", "k8s.deployment.name",
            "k8s.statefulset.name", "k8s.daemonset.name", "k8s.job.name", "k8s.cronjob.name", "k8s.pod.start_time",
            "k8s.container.status.last_terminated_reason", "k8s.node.label.kubernetes.azure.com/agentpool",
            "k8s.node.labels.", "k8s.node.label.");
    private static final List<String> UNITS = List.of("", "s", "ms", "By", "MiBy", "{cpu}", "m", "{restart}", "1");

    static ExportMetricsServiceRequest randomCollectorRequest(Random random) {
        List<String> names = new ArrayList<>(CollectorMetrics.names());
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        for (int r = random.nextInt(4); r >= 0; r--) {
            Resource.Builder resource = Resource.newBuilder();
            for (String key : ATTRIBUTES) {
                if (random.nextInt(3) > 0) {
                    resource.addAttributes(randomAttribute(random, key));
                }
            }
            ScopeMetrics.Builder scope = ScopeMetrics.newBuilder();
            for (int m = random.nextInt(6); m >= 0; m--) {
                Metric.Builder metric = Metric.newBuilder().setName(names.get(random.nextInt(names.size())))
                        .setUnit(UNITS.get(random.nextInt(UNITS.size())));
                List<NumberDataPoint> points = new ArrayList<>();
                for (int p = random.nextInt(4); p >= 0; p--) {
                    NumberDataPoint.Builder point = NumberDataPoint.newBuilder()
                            .setTimeUnixNano(random.nextInt(10) == 0 ? random.nextLong() : 1_767_693_600_000_000_000L
                                    + random.nextInt(7_200) * 1_000_000_000L)
                            .setStartTimeUnixNano(random.nextBoolean() ? 0 : random.nextLong());
                    switch (random.nextInt(4)) {
                        case 0 -> point.setAsInt(random.nextInt(7) - 1);
                        case 1 -> point.setAsDouble(random.nextDouble() * 1e6);
                        case 2 -> point.setAsDouble(new double[]{Double.NaN, Double.POSITIVE_INFINITY, -0.0, 1e300}[random.nextInt(4)]);
                        default -> { } // no value
                    }
                    if (random.nextBoolean()) {
                        point.addAttributes(randomAttribute(random, "k8s.container.status.state"));
                    }
                    points.add(point.build());
                }
                switch (random.nextInt(4)) {
                    case 0 -> metric.getGaugeBuilder().addAllDataPoints(points);
                    case 1, 2 -> metric.getSumBuilder().setIsMonotonic(random.nextBoolean())
                            .setAggregationTemporality(AggregationTemporality.forNumber(random.nextInt(3)))
                            .addAllDataPoints(points);
                    default -> metric.getHistogramBuilder();
                }
                scope.addMetrics(metric);
            }
            request.addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(scope));
        }
        return request.build();
    }

    private static KeyValue randomAttribute(Random random, String key) {
        AnyValue.Builder v = AnyValue.newBuilder();
        switch (random.nextInt(5)) {
            case 0 -> v.setIntValue(random.nextLong());
            case 1 -> v.setBoolValue(random.nextBoolean());
            case 2 -> { } // unset
            case 3 -> v.setStringValue(List.of("running", "waiting", "OOMKilled", "2026-01-06T09:58:20Z",
                    "2026-01-06 09:58:20 +0000 UTC", "containerd://", "://", "").get(random.nextInt(8)));
            default -> v.setStringValue(Long.toHexString(random.nextLong()));
        }
        return KeyValue.newBuilder().setKey(key).setValue(v).build();
    }

    private DecodedRecord assertDecodesOrRejectsWithAReason(RawTelemetry record) {
        try {
            DecodedRecord decoded = decoder.decode(record);
            assertThat(decoded.problems()).allSatisfy(p -> assertThat(p).isNotBlank());
            return decoded;
        } catch (UnusableTelemetryException e) {
            assertThat(e.getMessage()).isNotBlank();
            return null;
        }
    }

    static byte[] validRequest() {
        RemoteWrite.WriteRequest.Builder b = RemoteWrite.WriteRequest.newBuilder();
        for (int i = 0; i < 20; i++) {
            b.addTimeseries(RemoteWrite.TimeSeries.newBuilder()
                    .addLabels(RemoteWrite.Label.newBuilder().setName("__name__").setValue("container_cpu_usage_seconds_total"))
                    .addLabels(RemoteWrite.Label.newBuilder().setName("container").setValue("c" + i))
                    .addLabels(RemoteWrite.Label.newBuilder().setName("namespace").setValue("shop"))
                    .addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(1_767_225_600_000L + i).setValue(i * 1.5)));
        }
        return b.build().toByteArray();
    }
}
