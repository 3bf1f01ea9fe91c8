package dev.tally.ingest.gateway.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tally.ingest.gateway.limits.Limits;
import dev.tally.ingest.gateway.limits.Rejection;
import dev.tally.ingest.gateway.support.Payloads;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class OtlpDecoderTest {

    private static final long NOW = 1_750_000_000_000L;
    private static final long NOW_NANOS = NOW * 1_000_000L;
    private final OtlpDecoder decoder = new OtlpDecoder(Limits.defaults());

    @Test
    void theSharedMetricsExampleIsAccepted() throws IOException {
        Path file = Payloads.otlpExample("metrics.json");
        assumeTrue(Payloads.exists(file), "shared sample " + file + " is absent");
        OtlpDecoder.Decoded decoded = decoder.metrics(Files.readAllBytes(file), OtlpDecoder.Encoding.JSON, NOW);
        assertThat(decoded.rejected()).isZero();
        assertThat(decoded.accepted()).isEqualTo(4);
        ExportMetricsServiceRequest parsed = ExportMetricsServiceRequest.parseFrom(decoded.protobuf());
        Metric counter = parsed.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
        assertThat(counter.getName()).isEqualTo("my.counter");
        assertThat(counter.getSum().getAggregationTemporalityValue()).isEqualTo(1);
        assertThat(counter.getSum().getDataPoints(0).getTimeUnixNano()).isEqualTo(1544712660300000000L);
    }

    @Test
    void theSharedLogsExampleIsAcceptedWithHexIds() throws IOException {
        Path file = Payloads.otlpExample("logs.json");
        assumeTrue(Payloads.exists(file), "shared sample " + file + " is absent");
        String json = Files.readString(file);
        OtlpDecoder.Decoded decoded = decoder.logs(json.getBytes(StandardCharsets.UTF_8), OtlpDecoder.Encoding.JSON, NOW);
        assertThat(decoded.rejected()).isZero();
        assertThat(decoded.accepted()).isEqualTo(1);
        LogRecord record = ExportLogsServiceRequest.parseFrom(decoded.protobuf()).getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
        assertThat(record.getSeverityNumberValue()).isEqualTo(10);
        assertThat(HexFormat.of().formatHex(record.getTraceId().toByteArray())).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(HexFormat.of().formatHex(record.getSpanId().toByteArray())).isEqualTo("eee19b7ec3c1b174");
    }

    @Test
    void protobufIsForwardedByteForByte() {
        byte[] body = metrics(point(NOW_NANOS, "pod", "a"), point(NOW_NANOS, "pod", "b")).toByteArray();
        OtlpDecoder.Decoded decoded = decoder.metrics(body, OtlpDecoder.Encoding.PROTOBUF, NOW);
        assertThat(decoded.protobuf()).isSameAs(body);
        assertThat(decoded.accepted()).isEqualTo(2);
        assertThat(decoded.seriesHashes()).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void pointsTooFarAheadAreRejectedAsPartialSuccess() throws IOException {
        long future = NOW_NANOS + 3_600_000_000_000L;
        byte[] body = metrics(point(NOW_NANOS, "pod", "a"), point(future, "pod", "b")).toByteArray();
        OtlpDecoder.Decoded decoded = decoder.metrics(body, OtlpDecoder.Encoding.PROTOBUF, NOW);
        assertThat(decoded.accepted()).isEqualTo(1);
        assertThat(decoded.rejected()).isEqualTo(1);
        assertThat(decoded.errorMessage()).startsWith("1 data points rejected; first: resource 0 scope 0 metric 0 \"mem\" data point 1: timestamp 2025-06-15T16:06:40Z is more than 600 s ahead");
        ExportMetricsServiceRequest kept = ExportMetricsServiceRequest.parseFrom(decoded.protobuf());
        assertThat(kept.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0).getGauge().getDataPointsList())
                .containsExactly(point(NOW_NANOS, "pod", "a"));
    }

    @Test
    void logRecordsAreCheckedOneByOne() throws IOException {
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .addScopeLogs(ScopeLogs.newBuilder()
                        .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(NOW_NANOS).setBody(AnyValue.newBuilder().setStringValue("ok")))
                        .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(-1L).setBody(AnyValue.newBuilder().setStringValue("far")))))
                .build();
        OtlpDecoder.Decoded decoded = decoder.logs(request.toByteArray(), OtlpDecoder.Encoding.PROTOBUF, NOW);
        assertThat(decoded.accepted()).isEqualTo(1);
        assertThat(decoded.rejected()).isEqualTo(1);
        assertThat(decoded.errorMessage()).contains("resource 0 scope 0 log record 1: timestamp 18446744073709551615 ns");
        assertThat(ExportLogsServiceRequest.parseFrom(decoded.protobuf()).getResourceLogs(0).getScopeLogs(0).getLogRecordsCount()).isEqualTo(1);
    }

    @Test
    void wholeRequestProblemsAreRejections() {
        assertThatThrownBy(() -> decoder.metrics(new byte[] {0x0a, 0x05, 1}, OtlpDecoder.Encoding.PROTOBUF, NOW))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.status()).isEqualTo(400))
                .hasMessageStartingWith("body is not a valid protobuf ExportMetricsServiceRequest");
        assertThatThrownBy(() -> decoder.logs("{\"resourceLogs\": 3}".getBytes(StandardCharsets.UTF_8), OtlpDecoder.Encoding.JSON, NOW))
                .hasMessageStartingWith("body is not a valid OTLP/JSON ExportLogsServiceRequest");
        assertThatThrownBy(() -> decoder.logs("[1]".getBytes(StandardCharsets.UTF_8), OtlpDecoder.Encoding.JSON, NOW))
                .hasMessage("body must be a JSON object (ExportLogsServiceRequest)");
        assertThatThrownBy(() -> decoder.logs("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\"xyz\"}]}]}]}"
                .getBytes(StandardCharsets.UTF_8), OtlpDecoder.Encoding.JSON, NOW))
                .hasMessage("\"traceId\" must be a hex string, was \"xyz\"");
    }

    @Test
    void gzipIsCappedWhileDecompressing() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(new byte[10 * 1024 * 1024]);
        }
        byte[] bomb = out.toByteArray();
        assertThat(bomb.length).isLessThan(20_000);
        assertThatThrownBy(() -> Gzip.decompress(bomb, 1024 * 1024, n -> true))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.status()).isEqualTo(413))
                .hasMessage("gzip body decompresses to more than 1048576 bytes (limits.max-decompressed-bytes)");
        assertThat(Gzip.decompress(bomb, 10 * 1024 * 1024, n -> true)).hasSize(10 * 1024 * 1024);
        assertThatThrownBy(() -> Gzip.decompress(bomb, 10 * 1024 * 1024, n -> false))
                .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.status()).isEqualTo(429));
    }

    static NumberDataPoint point(long timeNanos, String key, String value) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(timeNanos).setAsDouble(1.5)
                .addAttributes(KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)))
                .build();
    }

    static ExportMetricsServiceRequest metrics(NumberDataPoint... points) {
        Gauge.Builder gauge = Gauge.newBuilder();
        for (NumberDataPoint p : points) {
            gauge.addDataPoints(p);
        }
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("mem").setGauge(gauge))))
                .build();
    }
}
