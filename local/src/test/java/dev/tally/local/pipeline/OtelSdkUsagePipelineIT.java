package dev.tally.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.gateway.GatewayConfig;
import dev.tally.ingest.gateway.IngestGateway;
import dev.tally.ingest.gateway.auth.ClusterCredentials;
import dev.tally.ingest.gateway.auth.TokenHash;
import dev.tally.jobs.clickhouse.ClickHouseSink;
import dev.tally.jobs.clickhouse.ClickHouseSinkSettings;
import dev.tally.jobs.deadletter.DeadLetterSinks;
import dev.tally.jobs.logvolume.LogUsageHourlyTable;
import dev.tally.jobs.logvolume.LogVolumeJob;
import dev.tally.jobs.telemetry.RawTelemetrySource;
import dev.tally.jobs.usage.UsageJob;
import dev.tally.jobs.usage.UsageSettings;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.flink.TestFlink;
import dev.tally.local.fleet.truth.LogVolume;
import dev.tally.local.fleet.truth.WorkloadHour;
import dev.tally.local.kafka.TestKafka;
import dev.tally.local.stack.LocalStack;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporterBuilder;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.exporter.otlp.internal.HttpExporterBuilder;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * An application instrumented with the real OpenTelemetry Java SDK, exporting metrics in the
 * Collector's own names ({@code k8s.container.cpu_request}, {@code k8s.pod.phase} as k8s_cluster
 * sends them, a cumulative {@code container.cpu.time} as kubeletstats sends it, the resource
 * attributes of the receivers and the k8sattributes processor) and logs, over OTLP/HTTP to the
 * ingest gateway, once as protobuf and once as JSON (one cluster each). The usage job and the
 * log-volume job then run (bounded) on the Flink MiniCluster into ClickHouse; the rows must hold
 * exactly the core-seconds, records and bytes the application sent.
 *
 * <p>The SDK runs on a clock the test sets, so every collection's timestamp is known: the
 * application starts at {@code H+10:00}, its metrics are collected at {@code H+10:30},
 * {@code H+11:00} and {@code H+11:30} (30 s apart), H two hours ago.
 */
class OtelSdkUsagePipelineIT {
    /** This test's own topics on the shared broker: other tests' records never mix in. */
    static final String TOPIC_PREFIX = "it-" + UUID.randomUUID() + ".";
    private static final Instant H = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    private static final Instant STARTED = H.plus(Duration.ofMinutes(10));
    private static final Instant[] COLLECTIONS = {STARTED.plusSeconds(30), STARTED.plusSeconds(60), STARTED.plusSeconds(90)};
    /** container.cpu.time added before each collection: cumulative 1.5, 3.75, 4.5 s. */
    private static final double[] CPU_SECONDS_ADDED = {1.5, 2.25, 0.75};
    private static final double CPU_REQUEST_CORES = 0.5;
    private static final List<String> LOG_LINES = List.of("order 41 placed", "payment declined: card expired",
            "GET /cart 200 12ms", "réduction appliquée: 10 %");

    enum Encoding { PROTOBUF, JSON }

    /** A settable clock: the SDK reads the time of every collection from it. */
    static final class TestClock implements Clock {
        final AtomicLong nanos = new AtomicLong();

        void set(Instant t) {
            nanos.set(TimeUnit.SECONDS.toNanos(t.getEpochSecond()) + t.getNano());
        }

        @Override
        public long now() {
            return nanos.get();
        }

        @Override
        public long nanoTime() {
            return nanos.get();
        }
    }

    @Test
    void sdkMetricsInTheCollectorsNamesAndSdkLogsBecomeExactRowsOverProtobufAndJson() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<Encoding, String> clusters = new LinkedHashMap<>();
        Map<Encoding, String> tokens = new LinkedHashMap<>();
        List<ClusterCredentials> credentials = new ArrayList<>();
        for (Encoding e : Encoding.values()) {
            clusters.put(e, "otel-sdk-" + e.name().toLowerCase() + "-" + run);
            tokens.put(e, "token-" + e + "-" + run);
            credentials.add(new ClusterCredentials(clusters.get(e), true, List.of(TokenHash.sha256Hex(tokens.get(e)))));
        }
        for (Topic topic : List.of(Topic.METRICS, Topic.LOGS, Topic.DEAD_LETTER)) {
            TestKafka.createTopic(TOPIC_PREFIX + topic.topicName(), 3);
        }
        GatewayConfig config = GatewayConfig.defaults().withBind("127.0.0.1", 0)
                .withKafka(GatewayConfig.defaults().kafka().withBootstrapServers(TestKafka.bootstrapServers())
                        .withTopicPrefix(TOPIC_PREFIX))
                .withClusters(credentials);
        try (IngestGateway gateway = IngestGateway.start(config)) {
            for (Encoding e : Encoding.values()) {
                export(gateway.url().toString(), tokens.get(e), e);
            }
        }

        ClickHouseUrl clickHouse = TestClickHouse.server().withDatabase("it_" + UUID.randomUUID().toString().replace("-", ""));
        LocalStack.migrate(clickHouse, MigrationSettings.defaults().withDatabase(clickHouse.database()));
        runUsageJob(clickHouse, "it-otel-sdk-usage-" + run);
        runLogVolumeJob(clickHouse, "it-otel-sdk-logs-" + run);

        // container.cpu.time started at H+10:00 (in H): its whole cumulative value is usage, 4.5 core-seconds.
        // k8s.container.cpu_request 0.5 cores while Running (k8s.pod.phase 2) at 3 collections, each held 30 s
        // until the next (the last one the rules' lastHold, 30 s): 0.5 × 90 = 45 core-seconds.
        // the bodies' UTF-8 bytes (é is two), as LogBodies counts a string body
        long logBytes = LOG_LINES.stream().mapToLong(l -> l.getBytes(StandardCharsets.UTF_8).length).sum();
        for (Encoding e : Encoding.values()) {
            String cluster = clusters.get(e);
            List<String> rows = usageRows(clickHouse, cluster);
            assertThat(rows).as(e + " usage rows").containsExactly(String.join(" ", H.toString(), cluster, "shop",
                    "cart-7d9f8b6c5d-x2kq4", podUid(e), "cart", "aks-user-12345678-vmss000001", "Deployment", "cart",
                    "45.000000000", "90.000", "4.500000000"));
            assertThat(LogVolumePipelineIT.readBack(clickHouse)).as(e + " log rows").containsEntry(
                    new WorkloadHour(cluster, "shop", "Deployment", "cart", H), new LogVolume(LOG_LINES.size(), logBytes));
        }
    }

    private static String podUid(Encoding e) {
        return e == Encoding.PROTOBUF ? "5f0c6a43-3a56-4b8e-9c1f-0d2e3a4b5c6d" : "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    }

    /** One application's metrics and logs, exported by the SDK's own OTLP/HTTP exporters. */
    private static void export(String gatewayUrl, String token, Encoding encoding) throws Exception {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.builder()
                .put("k8s.namespace.name", "shop").put("k8s.pod.name", "cart-7d9f8b6c5d-x2kq4")
                .put("k8s.pod.uid", podUid(encoding)).put("k8s.container.name", "cart")
                .put("container.id", "containerd://4f3c2b1a0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b")
                .put("k8s.node.name", "aks-user-12345678-vmss000001")
                .put("k8s.replicaset.name", "cart-7d9f8b6c5d").put("k8s.deployment.name", "cart").build()));
        TestClock clock = new TestClock();
        clock.set(STARTED);
        OtlpHttpMetricExporterBuilder metricExporter = OtlpHttpMetricExporter.builder()
                .setEndpoint(gatewayUrl + "v1/metrics").addHeader("Authorization", "Bearer " + token);
        OtlpHttpLogRecordExporterBuilder logExporter = OtlpHttpLogRecordExporter.builder()
                .setEndpoint(gatewayUrl + "v1/logs").addHeader("Authorization", "Bearer " + token);
        if (encoding == Encoding.JSON) {
            asJson(metricExporter);
            asJson(logExporter);
        } else {
            metricExporter.setCompression("gzip");
        }
        OtlpHttpMetricExporter metrics = metricExporter.build();
        OtlpHttpLogRecordExporter logs = logExporter.build();
        // the exporters say which encoding they send: make sure the JSON case really is JSON
        assertThat(metrics.toString()).contains("exportAsJson=" + (encoding == Encoding.JSON));
        assertThat(logs.toString()).contains("exportAsJson=" + (encoding == Encoding.JSON));
        PeriodicMetricReader reader = PeriodicMetricReader.builder(metrics).setInterval(Duration.ofHours(1)).build();
        SdkMeterProvider meters = SdkMeterProvider.builder().setClock(clock).setResource(resource).registerMetricReader(reader).build();
        SdkLoggerProvider loggers = SdkLoggerProvider.builder().setClock(clock).setResource(resource)
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs)).build();
        try {
            Meter meter = meters.get("tally-it");
            meter.gaugeBuilder("k8s.container.cpu_request").setUnit("{cpu}")
                    .buildWithCallback(m -> m.record(CPU_REQUEST_CORES));
            meter.gaugeBuilder("k8s.pod.phase").ofLongs().buildWithCallback(m -> m.record(2));
            DoubleCounter cpu = meter.counterBuilder("container.cpu.time").setUnit("s").ofDoubles().build();
            for (int i = 0; i < COLLECTIONS.length; i++) {
                cpu.add(CPU_SECONDS_ADDED[i]);
                clock.set(COLLECTIONS[i]);
                CompletableResultCode flushed = reader.forceFlush().join(30, TimeUnit.SECONDS);
                assertThat(flushed.isSuccess()).as(encoding + " metrics export " + i).isTrue();
            }
            for (int i = 0; i < LOG_LINES.size(); i++) {
                loggers.get("tally-it").logRecordBuilder().setTimestamp(STARTED.plusSeconds(5 + i))
                        .setSeverity(Severity.INFO).setBody(LOG_LINES.get(i)).emit();
            }
            assertThat(loggers.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).as(encoding + " logs export").isTrue();
        } finally {
            meters.shutdown().join(10, TimeUnit.SECONDS);
            loggers.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    /**
     * The SDK's exporters can send OTLP/JSON, but their switch ({@code exportAsJson}) is not public
     * API in 1.68: reached through the builder's delegate, which is the SDK's own JSON encoding.
     */
    private static void asJson(Object exporterBuilder) throws ReflectiveOperationException {
        Field delegate = exporterBuilder.getClass().getDeclaredField("delegate");
        delegate.setAccessible(true);
        ((HttpExporterBuilder) delegate.get(exporterBuilder)).exportAsJson();
    }

    private static void runUsageJob(ClickHouseUrl clickHouse, String group) throws Exception {
        StreamExecutionEnvironment env = TestFlink.cluster().environment(group, 1);
        UsageJob.kafka(TestKafka.connection(), TOPIC_PREFIX + Topic.METRICS.topicName(), group, clickHouse,
                UsageSettings.defaults().withSourceIdleness(Duration.ofSeconds(2)), true).addTo(env);
        JobClient job = env.executeAsync("it otel sdk usage");
        job.getJobExecutionResult().get(5, TimeUnit.MINUTES);
    }

    private static void runLogVolumeJob(ClickHouseUrl clickHouse, String group) throws Exception {
        StreamExecutionEnvironment env = TestFlink.cluster().environment(group, 1);
        new LogVolumeJob(RawTelemetrySource.kafka(TestKafka.connection(), TOPIC_PREFIX + Topic.LOGS.topicName(), group, true),
                new ClickHouseSink<>(ClickHouseSinkSettings.of(clickHouse), new LogUsageHourlyTable()),
                DeadLetterSinks.kafka(TestKafka.connection()),
                new LogVolumeJob.LogVolumeSettings(Duration.ofSeconds(1), Duration.ofDays(2), Duration.ofSeconds(2)))
                .addTo(env);
        env.executeAsync("it otel sdk log volume").getJobExecutionResult().get(5, TimeUnit.MINUTES);
    }

    private static List<String> usageRows(ClickHouseUrl clickHouse, String cluster) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = clickHouse.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT toUnixTimestamp(hour), cluster, namespace, pod, pod_uid, container, node,"
                     + " workload_kind, workload_name, cpu_request_core_seconds, pod_running_seconds, cpu_usage_core_seconds"
                     + " FROM " + clickHouse.database() + ".usage_hourly_latest WHERE cluster = '" + cluster + "'")) {
            while (r.next()) {
                rows.add(String.join(" ", Instant.ofEpochSecond(r.getLong(1)).toString(), r.getString(2), r.getString(3),
                        r.getString(4), r.getString(5), r.getString(6), r.getString(7), r.getString(8), r.getString(9),
                        r.getBigDecimal(10).toPlainString(), r.getBigDecimal(11).toPlainString(),
                        r.getBigDecimal(12).toPlainString()));
            }
        }
        return rows;
    }
}
