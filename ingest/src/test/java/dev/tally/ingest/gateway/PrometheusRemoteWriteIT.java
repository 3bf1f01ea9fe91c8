package dev.tally.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.gateway.auth.ClusterCredentials;
import dev.tally.ingest.gateway.auth.TokenHash;
import dev.tally.ingest.gateway.kafka.TestBroker;
import dev.tally.ingest.gateway.support.TopicReader;
import java.io.File;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (the Debian package's binary) scrapes the gateway's own /metrics and remote-writes
 * to it with a bearer token from a file: what Prometheus really sends is accepted, and the records
 * carry the token's cluster although Prometheus adds an external label {@code cluster="spoofed"}.
 */
class PrometheusRemoteWriteIT {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    @TempDir
    Path dir;

    @Test
    void prometheusRemoteWriteLandsInKafkaAsTheTokensCluster() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), PROMETHEUS + " is absent (Debian package prometheus)");
        TestBroker kafka = TestBroker.shared();
        GatewayConfig config = GatewayConfig.defaults()
                .withBind("127.0.0.1", 0)
                .withKafka(GatewayConfig.defaults().kafka().withBootstrapServers(kafka.bootstrapServers()))
                .withClusters(List.of(new ClusterCredentials("aks-prom", true, List.of(TokenHash.sha256Hex("token-prom")))));
        try (IngestGateway gateway = IngestGateway.start(config)) {
            Path token = Files.writeString(dir.resolve("token"), "token-prom");
            Path yaml = Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      external_labels:
                        cluster: spoofed
                    scrape_configs:
                      - job_name: gateway
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    remote_write:
                      - url: %sapi/v1/write
                        authorization:
                          credentials_file: %s
                        queue_config:
                          batch_send_deadline: 1s
                    """.formatted(gateway.port(), gateway.url(), token));
            int webPort;
            try (ServerSocket s = new ServerSocket(0)) {
                webPort = s.getLocalPort();
            }
            File log = dir.resolve("prometheus.log").toFile();
            Process prometheus = new ProcessBuilder(PROMETHEUS.toString(),
                    "--config.file=" + yaml, "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + webPort)
                    .redirectErrorStream(true).redirectOutput(log).start();
            try {
                List<ConsumerRecord<byte[], byte[]>> records = TopicReader.read(kafka.bootstrapServers(), Topic.METRICS,
                        r -> "aks-prom".equals(TopicReader.header(r, RecordHeaders.CLUSTER_ID)) && hasSeries(r.value()),
                        l -> !l.isEmpty(), Duration.ofSeconds(60));
                assertThat(records).as("remote_write from Prometheus; its log: " + tail(log)).isNotEmpty();
                ConsumerRecord<byte[], byte[]> record = records.get(0);
                assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("aks-prom");
                assertThat(TopicReader.header(record, RecordHeaders.CONTENT_TYPE)).isEqualTo(RecordHeaders.REMOTE_WRITE_PROTOBUF);
                RemoteWrite.WriteRequest request = RemoteWrite.WriteRequest.parseFrom(record.value());
                Map<String, String> first = request.getTimeseries(0).getLabelsList().stream()
                        .collect(Collectors.toMap(RemoteWrite.Label::getName, RemoteWrite.Label::getValue));
                assertThat(first).containsEntry("cluster", "spoofed").containsEntry("job", "gateway");
                assertThat(request.getTimeseriesList()).anySatisfy(ts -> assertThat(ts.getLabelsList())
                        .contains(RemoteWrite.Label.newBuilder().setName("__name__").setValue("up").build()));
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        }
    }

    private static boolean hasSeries(byte[] value) {
        try {
            return RemoteWrite.WriteRequest.parseFrom(value).getTimeseriesCount() > 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static String tail(File log) {
        try {
            List<String> lines = Files.readAllLines(log.toPath());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (Exception e) {
            return "(no log)";
        }
    }
}
