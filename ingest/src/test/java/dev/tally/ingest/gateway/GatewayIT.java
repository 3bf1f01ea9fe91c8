package dev.tally.ingest.gateway;

import static dev.tally.ingest.gateway.support.Payloads.label;
import static dev.tally.ingest.gateway.support.Payloads.request;
import static dev.tally.ingest.gateway.support.Payloads.series;
import static dev.tally.ingest.gateway.support.Payloads.snappy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.deadletter.DeadLetterJson;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.gateway.auth.ClusterCredentials;
import dev.tally.ingest.gateway.auth.TokenHash;
import dev.tally.ingest.gateway.kafka.GatewayProducer;
import dev.tally.ingest.gateway.kafka.TestBroker;
import dev.tally.ingest.gateway.support.GatewayClient;
import dev.tally.ingest.gateway.support.Payloads;
import dev.tally.ingest.gateway.support.TopicReader;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
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
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The gateway over real HTTP and a real (in-JVM) Kafka: what a member cluster sees, and what lands in the topics. */
class GatewayIT {

    private static TestBroker kafka;
    private static IngestGateway gateway;
    private static GatewayClient client;

    @BeforeAll
    static void start() {
        kafka = TestBroker.shared();
        GatewayConfig config = GatewayConfig.defaults()
                .withBind("127.0.0.1", 0)
                .withKafka(GatewayConfig.defaults().kafka().withBootstrapServers(kafka.bootstrapServers()))
                .withClusters(List.of(
                        new ClusterCredentials("aks-a", true, List.of(TokenHash.sha256Hex("token-a-old"), TokenHash.sha256Hex("token-a"))),
                        new ClusterCredentials("aks-b", true, List.of(TokenHash.sha256Hex("token-b"))),
                        new ClusterCredentials("aks-off", false, List.of(TokenHash.sha256Hex("token-off")))));
        gateway = IngestGateway.start(config);
        client = new GatewayClient(gateway.url());
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void remoteWriteIsStoredUncompressedWithTheTokensClusterEvenWhenLabelsClaimAnother() {
        long now = System.currentTimeMillis();
        byte[] raw = request(
                series(0.25, now, label("__name__", "container_cpu_usage_seconds_total"), label("cluster", "aks-b"),
                        label("namespace", "shop"), label("pod", "cart-1")),
                series(1024, now, label("__name__", "container_memory_working_set_bytes"), label("cluster", "aks-b"))).toByteArray();

        HttpResponse<byte[]> response = client.remoteWrite("token-a", snappy(raw));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        ConsumerRecord<byte[], byte[]> record = onlyRecord(Topic.METRICS, requestId(response));
        assertThat(record.value()).isEqualTo(raw);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("aks-a");
        assertThat(TopicReader.header(record, RecordHeaders.CLUSTER_ID)).isEqualTo("aks-a");
        assertThat(TopicReader.header(record, RecordHeaders.CONTENT_TYPE)).isEqualTo(RecordHeaders.REMOTE_WRITE_PROTOBUF);
    }

    @Test
    void theSecondTokenOfARotationWorksToo() {
        HttpResponse<byte[]> response = client.remoteWrite("token-a-old",
                snappy(request(series(1, System.currentTimeMillis(), label("__name__", "up"))).toByteArray()));
        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(TopicReader.header(onlyRecord(Topic.METRICS, requestId(response)), RecordHeaders.CLUSTER_ID)).isEqualTo("aks-a");
    }

    @Test
    void wrongMissingAndDisabledTokens() {
        byte[] body = snappy(request(series(1, System.currentTimeMillis(), label("__name__", "up"))).toByteArray());

        HttpResponse<byte[]> wrong = client.remoteWrite("token-nobody", body);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(GatewayClient.text(wrong)).isEqualTo("the bearer token is not valid for any cluster\n");
        // the body was not read: the connection is not reused (a client reusing it would fail its next request)
        assertThat(wrong.headers().firstValue("Connection")).hasValue("close");

        HttpResponse<byte[]> missing = client.remoteWrite(null, body);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(GatewayClient.text(missing)).startsWith("missing Authorization header");

        HttpResponse<byte[]> disabled = client.remoteWrite("token-off", body);
        assertThat(disabled.statusCode()).isEqualTo(403);
        assertThat(GatewayClient.text(disabled)).isEqualTo("cluster aks-off is disabled in the gateway's configuration\n");
    }

    @Test
    void aSnappyHeaderClaimingTwoGigabytesIs413FromItsHeaderAndDeadLettered() {
        // Nine bytes that declare 2 GiB: the answer must come from the declared length, before any
        // decompression (the message quotes the header's figure; speed belongs to bench/, not here).
        byte[] bomb = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08, 0, 0, 0, 0};

        HttpResponse<byte[]> response = client.remoteWrite("token-b", bomb);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(GatewayClient.text(response)).startsWith("snappy body declares 2147483648 bytes uncompressed, above the limit of 67108864");
        assertThat(gateway.inFlightBytes()).isZero();
        DeadLetter deadLetter = onlyDeadLetter(requestId(response));
        assertThat(deadLetter.payload()).isEqualTo(bomb);
        assertThat(deadLetter.clusterId()).isEqualTo("aks-b");
    }

    @Test
    void anInvalidUtf8LabelIs400NamingItAndADeadLetter() {
        long now = System.currentTimeMillis();
        byte[] raw = Payloads.patch(request(
                series(1, now, label("__name__", "up")),
                series(1, now, label("__name__", "up"), label("pod", "a~("))).toByteArray(),
                "a~(", new byte[] {'a', (byte) 0xff, '('});
        byte[] body = snappy(raw);

        HttpResponse<byte[]> response = client.remoteWrite("token-b", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(GatewayClient.text(response)).isEqualTo("series 1 label \"pod\": value is not valid UTF-8\n");
        DeadLetter deadLetter = onlyDeadLetter(requestId(response));
        assertThat(deadLetter.reason()).isEqualTo("series 1 label \"pod\": value is not valid UTF-8");
        assertThat(deadLetter.stage()).isEqualTo("ingest.gateway");
        assertThat(deadLetter.position().source()).isEqualTo("/api/v1/write#" + requestId(response));
        assertThat(deadLetter.clusterId()).isEqualTo("aks-b");
        assertThat(deadLetter.contentType()).isEqualTo("application/x-protobuf (Content-Encoding: snappy)");
        assertThat(deadLetter.payload()).isEqualTo(body);
        assertThat(TopicReader.read(kafka.bootstrapServers(), Topic.METRICS, r -> requestId(response).equals(TopicReader.header(r, GatewayProducer.REQUEST_ID_HEADER)),
                l -> true, Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void otlpProtobufMetricsAreStoredByteForByte() throws IOException {
        long nowNanos = System.currentTimeMillis() * 1_000_000L;
        byte[] body = otlpMetrics(nowNanos, nowNanos).toByteArray();

        HttpResponse<byte[]> response = client.otlp("v1/metrics", "token-a", "application/x-protobuf", null, body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-protobuf");
        assertThat(ExportMetricsServiceResponse.parseFrom(response.body()).hasPartialSuccess()).isFalse();
        ConsumerRecord<byte[], byte[]> record = onlyRecord(Topic.METRICS, requestId(response));
        assertThat(record.value()).isEqualTo(body);
        assertThat(TopicReader.header(record, RecordHeaders.CONTENT_TYPE)).isEqualTo(RecordHeaders.OTLP_METRICS_PROTOBUF);
        assertThat(TopicReader.header(record, RecordHeaders.CLUSTER_ID)).isEqualTo("aks-a");
    }

    @Test
    void theSharedOtlpJsonExamplesAreAcceptedAndStoredAsProtobuf() throws IOException {
        Path metrics = Payloads.otlpExample("metrics.json");
        assumeTrue(Payloads.exists(metrics), "shared sample " + metrics + " is absent");
        byte[] json = Files.readAllBytes(metrics);

        HttpResponse<byte[]> response = client.otlp("v1/metrics", "token-a", "application/json", "gzip", gzip(json));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(GatewayClient.text(response)).isEqualTo("{}");
        ConsumerRecord<byte[], byte[]> record = onlyRecord(Topic.METRICS, requestId(response));
        assertThat(ExportMetricsServiceRequest.parseFrom(record.value()).getResourceMetrics(0).getScopeMetrics(0).getMetricsCount()).isEqualTo(4);
        assertThat(TopicReader.header(record, RecordHeaders.CONTENT_TYPE)).isEqualTo(RecordHeaders.OTLP_METRICS_PROTOBUF);

        Path logs = Payloads.otlpExample("logs.json");
        assumeTrue(Payloads.exists(logs), "shared sample " + logs + " is absent");
        HttpResponse<byte[]> logsResponse = client.otlp("v1/logs", "token-a", "application/json", null, Files.readAllBytes(logs));
        assertThat(logsResponse.statusCode()).isEqualTo(200);
        assertThat(GatewayClient.text(logsResponse)).isEqualTo("{}");
        ConsumerRecord<byte[], byte[]> logRecord = onlyRecord(Topic.LOGS, requestId(logsResponse));
        assertThat(ExportLogsServiceRequest.parseFrom(logRecord.value()).getResourceLogs(0).getScopeLogs(0).getLogRecordsCount()).isEqualTo(1);
        assertThat(TopicReader.header(logRecord, RecordHeaders.CONTENT_TYPE)).isEqualTo(RecordHeaders.OTLP_LOGS_PROTOBUF);
    }

    @Test
    void partialSuccessIsReportedKeptItemsStoredRejectedOnesDeadLettered() throws IOException {
        long nowNanos = System.currentTimeMillis() * 1_000_000L;
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .addScopeLogs(ScopeLogs.newBuilder()
                        .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(nowNanos).setBody(AnyValue.newBuilder().setStringValue("kept")))
                        .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(nowNanos + 86_400_000_000_000L).setBody(AnyValue.newBuilder().setStringValue("tomorrow")))))
                .build();

        HttpResponse<byte[]> response = client.otlp("v1/logs", "token-b", "application/x-protobuf", null, request.toByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        ExportLogsServiceResponse answer = ExportLogsServiceResponse.parseFrom(response.body());
        assertThat(answer.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
        assertThat(answer.getPartialSuccess().getErrorMessage()).startsWith("1 log records rejected; first: resource 0 scope 0 log record 1: timestamp ");
        ConsumerRecord<byte[], byte[]> record = onlyRecord(Topic.LOGS, requestId(response));
        List<LogRecord> stored = ExportLogsServiceRequest.parseFrom(record.value()).getResourceLogs(0).getScopeLogs(0).getLogRecordsList();
        assertThat(stored).extracting(r -> r.getBody().getStringValue()).containsExactly("kept");
        DeadLetter deadLetter = onlyDeadLetter(requestId(response));
        assertThat(deadLetter.reason()).isEqualTo(answer.getPartialSuccess().getErrorMessage());
        assertThat(deadLetter.payload()).isEqualTo(request.toByteArray());

        HttpResponse<byte[]> jsonResponse = client.otlp("v1/metrics", "token-b", "application/json", null,
                dev.tally.ingest.gateway.otlp.OtlpJson.print(otlpMetrics(nowNanos, nowNanos + 86_400_000_000_000L)).getBytes(StandardCharsets.UTF_8));
        assertThat(jsonResponse.statusCode()).isEqualTo(200);
        assertThat(GatewayClient.text(jsonResponse)).startsWith("{\"partialSuccess\":{\"rejectedDataPoints\":\"1\",\"errorMessage\":\"1 data points rejected; first: ");
    }

    @Test
    void malformedOtlpIs400WithAStatusInTheRequestsEncoding() {
        HttpResponse<byte[]> response = client.otlp("v1/metrics", "token-a", "application/json", null, "{\"resourceMetrics\":7}".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(GatewayClient.text(response)).startsWith("{\"code\":3,\"message\":\"body is not a valid OTLP/JSON ExportMetricsServiceRequest: ");
        HttpResponse<byte[]> wrongType = client.otlp("v1/logs", "token-a", "text/plain", null, new byte[] {1});
        assertThat(wrongType.statusCode()).isEqualTo(415);
        HttpResponse<byte[]> unauthenticated = client.otlp("v1/logs", "nope", "application/json", null, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(unauthenticated.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(GatewayClient.text(unauthenticated)).isEqualTo("{\"code\":16,\"message\":\"the bearer token is not valid for any cluster\"}");
    }

    @Test
    void randomBodiesNeverBreakTheServer() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 30; i++) {
            byte[] body = new byte[random.nextInt(200)];
            random.nextBytes(body);
            int remoteWrite = client.remoteWrite("token-a", body).statusCode();
            int otlpMetrics = client.otlp("v1/metrics", "token-a", "application/x-protobuf", null, body).statusCode();
            int otlpLogs = client.otlp("v1/logs", "token-a", "application/json", "gzip", body).statusCode();
            assertThat(List.of(remoteWrite, otlpMetrics, otlpLogs)).allSatisfy(status -> assertThat(status).isIn(200, 204, 400, 413));
        }
        assertThat(client.get("healthy").statusCode()).isEqualTo(200);
        assertThat(gateway.inFlightBytes()).isZero();
    }

    @Test
    void metricsReadyAndHealthy() {
        String before = GatewayClient.text(client.get("metrics"));
        HttpResponse<byte[]> ok = client.remoteWrite("token-b", snappy(request(
                series(1, System.currentTimeMillis(), label("__name__", "up")),
                series(2, System.currentTimeMillis(), label("__name__", "down"))).toByteArray()));
        assertThat(ok.statusCode()).isEqualTo(204);
        client.remoteWrite("token-nobody", new byte[] {1});

        HttpResponse<byte[]> metrics = client.get("metrics");
        String after = GatewayClient.text(metrics);

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(value(after, "tally_gateway_requests_total{endpoint=\"/api/v1/write\",status=\"204\"}"))
                .isEqualTo(value(before, "tally_gateway_requests_total{endpoint=\"/api/v1/write\",status=\"204\"}") + 1);
        assertThat(value(after, "tally_gateway_accepted_total{endpoint=\"/api/v1/write\",kind=\"samples\"}"))
                .isEqualTo(value(before, "tally_gateway_accepted_total{endpoint=\"/api/v1/write\",kind=\"samples\"}") + 2);
        assertThat(value(after, "tally_gateway_rejections_total{endpoint=\"/api/v1/write\",reason=\"unknown_token\"}"))
                .isEqualTo(value(before, "tally_gateway_rejections_total{endpoint=\"/api/v1/write\",reason=\"unknown_token\"}") + 1);
        assertThat(value(after, "tally_gateway_kafka_send_seconds_count{topic=\"tally.metrics.v1\"}"))
                .isGreaterThan(value(before, "tally_gateway_kafka_send_seconds_count{topic=\"tally.metrics.v1\"}"));
        assertThat(value(after, "tally_gateway_received_bytes_total{endpoint=\"/api/v1/write\"}"))
                .isGreaterThan(value(before, "tally_gateway_received_bytes_total{endpoint=\"/api/v1/write\"}"));
        assertThat(after).contains("tally_gateway_in_flight_bytes 0");

        assertThat(client.get("ready").statusCode()).isEqualTo(200);
        assertThat(client.get("healthy").statusCode()).isEqualTo(200);
        assertThat(client.get("nothing").statusCode()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- helpers

    static double value(String exposition, String series) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        return 0;
    }

    static String requestId(HttpResponse<byte[]> response) {
        return response.headers().firstValue("X-Request-Id").orElseThrow();
    }

    static ConsumerRecord<byte[], byte[]> onlyRecord(Topic topic, String requestId) {
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.read(kafka.bootstrapServers(), topic,
                r -> requestId.equals(TopicReader.header(r, GatewayProducer.REQUEST_ID_HEADER)),
                l -> !l.isEmpty(), Duration.ofSeconds(20));
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    static DeadLetter onlyDeadLetter(String requestId) {
        return DeadLetterJson.read(onlyRecord(Topic.DEAD_LETTER, requestId).value());
    }

    static ExportMetricsServiceRequest otlpMetrics(long firstNanos, long secondNanos) {
        Gauge.Builder gauge = Gauge.newBuilder();
        for (long t : new long[] {firstNanos, secondNanos}) {
            gauge.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(t).setAsInt(7)
                    .addAttributes(KeyValue.newBuilder().setKey("k8s.pod.name").setValue(AnyValue.newBuilder().setStringValue("pod-" + t))));
        }
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("k8s.pod.memory.working_set").setGauge(gauge))))
                .build();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }
}
