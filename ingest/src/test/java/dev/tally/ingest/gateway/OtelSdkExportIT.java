package dev.tally.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.topics.RecordHeaders;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.gateway.auth.ClusterCredentials;
import dev.tally.ingest.gateway.auth.TokenHash;
import dev.tally.ingest.gateway.kafka.TestBroker;
import dev.tally.ingest.gateway.support.TopicReader;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry Java SDK's own OTLP/HTTP exporters (protobuf; metrics gzip-compressed) against the gateway. */
class OtelSdkExportIT {

    private static final String TOKEN = "token-otel";

    @Test
    void sdkMetricsAndLogsAreAcceptedAndStored() throws Exception {
        TestBroker kafka = TestBroker.shared();
        GatewayConfig config = GatewayConfig.defaults()
                .withBind("127.0.0.1", 0)
                .withKafka(GatewayConfig.defaults().kafka().withBootstrapServers(kafka.bootstrapServers()))
                .withClusters(List.of(new ClusterCredentials("aks-otel", true, List.of(TokenHash.sha256Hex(TOKEN)))));
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                AttributeKey.stringKey("k8s.namespace.name"), "shop", AttributeKey.stringKey("k8s.pod.name"), "cart-7d9f-x2")));
        try (IngestGateway gateway = IngestGateway.start(config)) {
            SdkMeterProvider meters = SdkMeterProvider.builder().setResource(resource)
                    .registerMetricReader(PeriodicMetricReader.builder(OtlpHttpMetricExporter.builder()
                                    .setEndpoint(gateway.url() + "v1/metrics")
                                    .addHeader("Authorization", "Bearer " + TOKEN)
                                    .setCompression("gzip")
                                    .build())
                            .setInterval(Duration.ofHours(1)).build())
                    .build();
            SdkLoggerProvider loggers = SdkLoggerProvider.builder().setResource(resource)
                    .addLogRecordProcessor(BatchLogRecordProcessor.builder(OtlpHttpLogRecordExporter.builder()
                            .setEndpoint(gateway.url() + "v1/logs")
                            .addHeader("Authorization", "Bearer " + TOKEN)
                            .build()).build())
                    .build();
            try {
                meters.get("tally-test").counterBuilder("tally.test.requests").build()
                        .add(5, Attributes.of(AttributeKey.stringKey("route"), "/cart"));
                for (int i = 0; i < 3; i++) {
                    loggers.get("tally-test").logRecordBuilder().setSeverity(Severity.INFO).setBody("order " + i + " placed").emit();
                }
                CompletableResultCode metricsFlush = meters.forceFlush().join(30, TimeUnit.SECONDS);
                CompletableResultCode logsFlush = loggers.forceFlush().join(30, TimeUnit.SECONDS);
                assertThat(metricsFlush.isSuccess()).as("metrics export succeeded").isTrue();
                assertThat(logsFlush.isSuccess()).as("logs export succeeded").isTrue();
            } finally {
                meters.shutdown().join(10, TimeUnit.SECONDS);
                loggers.shutdown().join(10, TimeUnit.SECONDS);
            }
        }

        List<ConsumerRecord<byte[], byte[]>> metricRecords = TopicReader.read(kafka.bootstrapServers(), Topic.METRICS,
                r -> "aks-otel".equals(TopicReader.header(r, RecordHeaders.CLUSTER_ID)), l -> !l.isEmpty(), Duration.ofSeconds(20));
        assertThat(metricRecords).isNotEmpty().allSatisfy(r ->
                assertThat(TopicReader.header(r, RecordHeaders.CONTENT_TYPE)).isEqualTo(RecordHeaders.OTLP_METRICS_PROTOBUF));
        List<Metric> metrics = new java.util.ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : metricRecords) {
            ExportMetricsServiceRequest.parseFrom(r.value()).getResourceMetricsList()
                    .forEach(rm -> rm.getScopeMetricsList().forEach(sm -> metrics.addAll(sm.getMetricsList())));
        }
        // exported at forceFlush and again at shutdown, cumulative: 5 each time
        assertThat(metrics).filteredOn(m -> m.getName().equals("tally.test.requests")).isNotEmpty()
                .allSatisfy(m -> assertThat(m.getSum().getDataPoints(0).getAsInt()).isEqualTo(5));

        List<ConsumerRecord<byte[], byte[]>> logRecords = TopicReader.read(kafka.bootstrapServers(), Topic.LOGS,
                r -> "aks-otel".equals(TopicReader.header(r, RecordHeaders.CLUSTER_ID)), l -> !l.isEmpty(), Duration.ofSeconds(20));
        List<String> bodies = new java.util.ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : logRecords) {
            assertThat(TopicReader.header(r, RecordHeaders.CONTENT_TYPE)).isEqualTo(RecordHeaders.OTLP_LOGS_PROTOBUF);
            ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(r.value());
            assertThat(request.getResourceLogs(0).getResource().getAttributesList())
                    .anySatisfy(kv -> assertThat(kv.getKey() + "=" + kv.getValue().getStringValue()).isEqualTo("k8s.namespace.name=shop"));
            request.getResourceLogsList().forEach(rl -> rl.getScopeLogsList().forEach(sl ->
                    sl.getLogRecordsList().stream().map(LogRecord::getBody).forEach(b -> bodies.add(b.getStringValue()))));
        }
        assertThat(bodies).containsExactly("order 0 placed", "order 1 placed", "order 2 placed");
    }
}
