package dev.tally.jobs.logvolume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.telemetry.UnusableTelemetryException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LogVolumeCountingTest {
    static final SourcePosition POSITION = SourcePosition.kafka("tally.logs.v1", 1, 77);
    static final Instant TEN = Instant.parse("2026-11-20T10:00:00Z");
    static final Instant NINE = TEN.minusSeconds(3600);

    @Test
    void recordsAndBodyBytesAreCountedPerWorkloadAndHourOfTheRecordsOwnTime() throws Exception {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(resource(new String[]{"k8s.cluster.name", "claims-another-cluster",
                                "k8s.namespace.name", "shop", "k8s.deployment.name", "checkout-api"},
                        log(TEN.minusMillis(1), 0, "last of nine"),    // 12 bytes, hour 09
                        log(TEN, 0, "first of ten"),                     // 12 bytes, hour 10
                        log(TEN.plusSeconds(59), 0, "größe")))           // 7 bytes, hour 10
                .addResourceLogs(resource(new String[]{"k8s.namespace.name", "shop", "k8s.replicaset.name",
                                "checkout-api-7d9c5b6f48"},
                        log(TEN.plusSeconds(5), 0, "0123456789")))       // another pod, same deployment: 10 bytes
                .addResourceLogs(resource(new String[]{"k8s.namespace.name", "kube-system", "k8s.daemonset.name", "kube-proxy"},
                        log(null, TEN.plusSeconds(1), "observed only")))  // no time: observed time → hour 10, 13 bytes
                .build();

        LogVolumeCounting.Result result = LogVolumeCounting.count(raw("aks-prod-weu", request.toByteArray()));

        assertThat(result.counts()).containsExactly(
                new LogCount("aks-prod-weu", "shop", "Deployment", "checkout-api", NINE, 1, 12, POSITION),
                new LogCount("aks-prod-weu", "shop", "Deployment", "checkout-api", TEN, 3, 29, POSITION),
                new LogCount("aks-prod-weu", "kube-system", "DaemonSet", "kube-proxy", TEN, 1, 13, POSITION));
        assertThat(result.untimedRecords()).isZero();
        assertThat(result.untimed().getResourceLogsCount()).isZero();
    }

    @Test
    void recordsWithoutANamespaceGoToTheUnknownBucketAndAnEmptyBodyIsARecordOfZeroBytes() throws Exception {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(resource(new String[]{"host.name", "aks-system-1"},
                        log(TEN, 0, "kernel: eth0 up"), log(TEN, 0, "")))
                .build();

        assertThat(LogVolumeCounting.count(raw("aks-dev-weu", request.toByteArray())).counts()).containsExactly(
                new LogCount("aks-dev-weu", "unknown", "unknown", "unknown", TEN, 2, 15, POSITION));
    }

    @Test
    void logRecordsWithNoTimeAtAllAreSetApartWithTheirResourceAndTheRestStillCounts() throws Exception {
        ResourceLogs timed = resource(new String[]{"k8s.namespace.name", "shop", "k8s.statefulset.name", "cart-redis"},
                log(TEN, 0, "ok"), log(null, null, "when?"), log(null, null, "never"));
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(timed).build();

        LogVolumeCounting.Result result = LogVolumeCounting.count(raw("aks-prod-weu", request.toByteArray()));

        assertThat(result.counts()).containsExactly(
                new LogCount("aks-prod-weu", "shop", "StatefulSet", "cart-redis", TEN, 1, 2, POSITION));
        assertThat(result.untimedRecords()).isEqualTo(2);
        assertThat(result.untimed().getResourceLogs(0).getResource()).isEqualTo(timed.getResource());
        assertThat(result.untimed().getResourceLogs(0).getScopeLogs(0).getLogRecordsList())
                .extracting(r -> r.getBody().getStringValue()).containsExactly("when?", "never");
    }

    @Test
    void unusableRecordsAreRefusedWithTheirReason() {
        byte[] ok = ExportLogsServiceRequest.getDefaultInstance().toByteArray();
        assertThatThrownBy(() -> LogVolumeCounting.count(raw(null, ok)))
                .isInstanceOf(UnusableTelemetryException.class)
                .hasMessage("record has no tally-cluster-id header: the cluster is unknown");
        assertThatThrownBy(() -> LogVolumeCounting.count(new RawTelemetry("aks-prod-weu", RecordHeaders.OTLP_METRICS_PROTOBUF, ok, POSITION)))
                .isInstanceOf(UnusableTelemetryException.class)
                .hasMessageStartingWith("unsupported content type '" + RecordHeaders.OTLP_METRICS_PROTOBUF + "' on the logs topic");
        byte[] valid = ExportLogsServiceRequest.newBuilder().addResourceLogs(
                resource(new String[]{"k8s.namespace.name", "shop"}, log(TEN, 0, "a line that is cut off"))).build().toByteArray();
        assertThatThrownBy(() -> LogVolumeCounting.count(raw("aks-prod-weu", Arrays.copyOf(valid, valid.length - 5))))
                .isInstanceOf(UnusableTelemetryException.class)
                .hasMessageStartingWith("not an OTLP ExportLogsServiceRequest: ");
        assertThatThrownBy(() -> LogVolumeCounting.count(raw("aks-prod-weu", new byte[]{(byte) 0xFF, 0x01, 0x02})))
                .isInstanceOf(UnusableTelemetryException.class)
                .hasMessageStartingWith("not an OTLP ExportLogsServiceRequest: ");
    }

    @Test
    void everyTruncationAndRandomCorruptionOfARealRequestIsCountedOrRefusedWithAReasonNeverAnotherException() throws Exception {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(resource(new String[]{"k8s.namespace.name", "shop", "k8s.deployment.name", "checkout-api"},
                        log(TEN, 0, "first line"), log(TEN.plusSeconds(1), 0, "zweite Zeile: größe")))
                .addResourceLogs(resource(new String[]{"k8s.namespace.name", "kube-system", "k8s.daemonset.name", "kube-proxy"},
                        log(null, TEN, "observed only"), log(null, null, "no time")))
                .build();
        byte[] valid = request.toByteArray();
        java.util.Random random = new java.util.Random(42);
        int refused = 0;
        int counted = 0;
        for (int n = 0; n < 20_000; n++) {
            byte[] input = n < valid.length ? Arrays.copyOf(valid, n) : valid.clone();
            if (n >= valid.length) {
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
            }
            try {
                LogVolumeCounting.Result result = LogVolumeCounting.count(raw("aks-prod-weu", input));
                assertThat(result.counts()).allSatisfy(c -> assertThat(c.records()).isPositive());
                counted++;
            } catch (UnusableTelemetryException e) {
                assertThat(e.getMessage()).startsWith("not an OTLP ExportLogsServiceRequest: ");
                refused++;
            }
        }
        assertThat(refused).isPositive();
        assertThat(counted).isPositive();
    }

    static RawTelemetry raw(String cluster, byte[] payload) {
        return new RawTelemetry(cluster, RecordHeaders.OTLP_LOGS_PROTOBUF, payload, POSITION);
    }

    static ResourceLogs resource(String[] attributes, LogRecord... records) {
        Resource.Builder resource = Resource.newBuilder();
        for (int i = 0; i < attributes.length; i += 2) {
            resource.addAttributes(KeyValue.newBuilder().setKey(attributes[i])
                    .setValue(AnyValue.newBuilder().setStringValue(attributes[i + 1])));
        }
        return ResourceLogs.newBuilder().setResource(resource)
                .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(Arrays.asList(records))).build();
    }

    static LogRecord log(Instant time, Object observed, String body) {
        LogRecord.Builder b = LogRecord.newBuilder().setBody(AnyValue.newBuilder().setStringValue(body));
        if (time != null) {
            b.setTimeUnixNano(nanos(time));
        }
        if (observed instanceof Instant o) {
            b.setObservedTimeUnixNano(nanos(o));
        }
        return b.build();
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
