package dev.tally.local.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tally.common.prometheus.RemoteWrite;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/**
 * The real-Prometheus harness end to end: Prometheus 2.42 scrapes the real kube-state-metrics
 * and kubelet/cAdvisor files of {@code shared/data} (served by {@link ScrapeFileExporter}) and
 * remote-writes them to a minimal capture receiver, which decodes snappy + {@code WriteRequest}
 * and records the series. The ingest gateway will take the receiver's place.
 */
class PrometheusHarnessIT {
    static final List<String> FAMILIES = List.of("container_cpu_usage_seconds_total", "kube_pod_container_resource_requests");

    private static Path sharedData;

    @BeforeAll
    static void findSharedData() {
        Optional<Path> shared = ScrapeFileExporter.sharedData();
        if (shared.isEmpty()) {
            System.err.println("SKIPPED PrometheusHarnessIT: " + ScrapeFileExporter.noSharedDataReason());
        }
        Assumptions.assumeTrue(shared.isPresent(), ScrapeFileExporter.noSharedDataReason());
        sharedData = shared.get();
    }

    @Test
    void prometheusScrapesTheRealFilesAndRemoteWritesTheirSeriesWithTheFilesLabelNames() throws Exception {
        try (ScrapeFileExporter exporter = ScrapeFileExporter.kubernetes134(sharedData);
             CaptureReceiver receiver = CaptureReceiver.start()) {
            List<TestPrometheus.ScrapeJob> jobs = List.of(
                    new TestPrometheus.ScrapeJob("kube-state-metrics", exporter.target(), ScrapeFileExporter.KSM_PATH),
                    new TestPrometheus.ScrapeJob("kubelet", exporter.target(), ScrapeFileExporter.CADVISOR_PATH));
            Map<String, Set<Map<String, String>>> expected = new TreeMap<>();
            expected.put("container_cpu_usage_seconds_total", expectedSeries(
                    exporter.endpoints().get(ScrapeFileExporter.CADVISOR_PATH), "container_cpu_usage_seconds_total",
                    "kubelet", exporter.target()));
            expected.put("kube_pod_container_resource_requests", expectedSeries(
                    exporter.endpoints().get(ScrapeFileExporter.KSM_PATH), "kube_pod_container_resource_requests",
                    "kube-state-metrics", exporter.target()));
            assertThat(expected.get("container_cpu_usage_seconds_total")).hasSize(61);
            assertThat(expected.get("kube_pod_container_resource_requests")).hasSize(28);

            long started = System.nanoTime();
            try (TestPrometheus prometheus = TestPrometheus.start(jobs, Duration.ofSeconds(1), receiver.url())) {
                long readyMillis = (System.nanoTime() - started) / 1_000_000;
                TestPrometheus.PromtoolResult check = TestPrometheus.checkConfig(prometheus.configFile());
                assertThat(check.exitCode()).as(check.output()).isZero();
                assertThat(check.output()).contains("SUCCESS");
                assertThat(Files.readString(prometheus.configFile())).contains("honor_timestamps: false");

                Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
                while (Instant.now().isBefore(deadline) && !receiver.hasAll(expected)) {
                    assertThat(prometheus.isRunning()).as("prometheus is running; its log: %s", prometheus.logTail()).isTrue();
                    Thread.sleep(200);
                }
                long receivedMillis = (System.nanoTime() - started) / 1_000_000;
                System.out.printf("event=prometheus_harness ready_ms=%d all_series_ms=%d write_requests=%d series=%d"
                                + " ksm_scrapes=%d cadvisor_scrapes=%d%n", readyMillis, receivedMillis, receiver.requests.get(),
                        receiver.series.size(), exporter.scrapes(ScrapeFileExporter.KSM_PATH),
                        exporter.scrapes(ScrapeFileExporter.CADVISOR_PATH));

                for (String family : FAMILIES) {
                    assertThat(receiver.seriesOf(family)).as(family + " as remote-written; prometheus log: " + prometheus.logTail())
                            .isEqualTo(expected.get(family));
                }
                assertThat(receiver.seriesOf("container_cpu_usage_seconds_total"))
                        .extracting(Map::keySet).flatExtracting(k -> k)
                        .contains("__name__", "job", "instance", "container", "cpu", "id", "image", "name", "namespace", "pod");
                assertThat(receiver.seriesOf("kube_pod_container_resource_requests"))
                        .allSatisfy(labels -> assertThat(labels.keySet()).containsExactlyInAnyOrder("__name__", "job", "instance",
                                "namespace", "pod", "uid", "container", "node", "resource", "unit"));
                assertThat(receiver.contentEncodings).containsOnly("snappy");
                assertThat(receiver.versions).containsOnly("0.1.0");
                assertThat(receiver.rejected.get()).isZero();
                assertThat(exporter.scrapes(ScrapeFileExporter.KSM_PATH)).isPositive();
                assertThat(exporter.scrapes(ScrapeFileExporter.CADVISOR_PATH)).isPositive();
            }
        }
    }

    /**
     * The series of {@code family} in an exposition file, as Prometheus stores them: empty label
     * values dropped (an empty label is no label), {@code job} and {@code instance} added.
     */
    static Set<Map<String, String>> expectedSeries(Path file, String family, String job, String instance) {
        Set<Map<String, String>> series = new HashSet<>();
        for (ExpositionFile.Sample sample : ExpositionFile.read(file).samples(family)) {
            Map<String, String> labels = new TreeMap<>(sample.labels());
            labels.values().removeIf(String::isEmpty);
            labels.put("__name__", family);
            labels.put("job", job);
            labels.put("instance", instance);
            series.add(labels);
        }
        return series;
    }

    /** A minimal remote-write 1.0 receiver: snappy block + {@code WriteRequest}, series recorded, 204. */
    static final class CaptureReceiver implements AutoCloseable {
        final HttpServer server;
        final Set<Map<String, String>> series = ConcurrentHashMap.newKeySet();
        final Set<String> contentEncodings = ConcurrentHashMap.newKeySet();
        final Set<String> versions = ConcurrentHashMap.newKeySet();
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger rejected = new AtomicInteger();

        private CaptureReceiver(HttpServer server) {
            this.server = server;
        }

        static CaptureReceiver start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            CaptureReceiver receiver = new CaptureReceiver(server);
            server.createContext("/api/v1/write", exchange -> {
                try (exchange) {
                    receiver.requests.incrementAndGet();
                    receiver.contentEncodings.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Encoding")));
                    receiver.versions.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Prometheus-Remote-Write-Version")));
                    RemoteWrite.WriteRequest request;
                    try {
                        request = RemoteWrite.WriteRequest.parseFrom(Snappy.uncompress(exchange.getRequestBody().readAllBytes()));
                    } catch (IOException e) {
                        receiver.rejected.incrementAndGet();
                        exchange.sendResponseHeaders(400, -1);
                        return;
                    }
                    for (RemoteWrite.TimeSeries ts : request.getTimeseriesList()) {
                        receiver.series.add(ts.getLabelsList().stream()
                                .collect(Collectors.toMap(RemoteWrite.Label::getName, RemoteWrite.Label::getValue,
                                        (a, b) -> b, TreeMap::new)));
                    }
                    exchange.sendResponseHeaders(204, -1);
                }
            });
            server.start();
            return receiver;
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write");
        }

        Set<Map<String, String>> seriesOf(String family) {
            return series.stream().filter(s -> family.equals(s.get("__name__"))).collect(Collectors.toSet());
        }

        boolean hasAll(Map<String, Set<Map<String, String>>> expected) {
            return expected.entrySet().stream().allMatch(e -> seriesOf(e.getKey()).containsAll(e.getValue()));
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
