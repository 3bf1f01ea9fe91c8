package dev.tally.local.prometheus;

import com.sun.net.httpserver.HttpServer;
import dev.tally.local.clickhouse.TestClickHouse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP server on a free local port that serves real scrape files as Prometheus
 * {@code /metrics} endpoints, read in place at every request (the repository never holds
 * copies). Each endpoint is a path, e.g. {@code /ksm/metrics} for kube-state-metrics and
 * {@code /kubelet/metrics/cadvisor} for the kubelet's cAdvisor endpoint.
 */
public final class ScrapeFileExporter implements AutoCloseable {

    /** The text exposition format Prometheus 2.42 expects from a classic endpoint. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** The real Kubernetes 1.34 scrapes of {@code shared/data/prometheus/nri-kubernetes-k8s-1.34}. */
    public static final String NRI_K8S_1_34 = "prometheus/nri-kubernetes-k8s-1.34";
    public static final String KSM_PATH = "/ksm/metrics";
    public static final String CADVISOR_PATH = "/kubelet/metrics/cadvisor";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "scrape-file-exporter");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Path> endpoints;
    private final Map<String, AtomicInteger> scrapes = new ConcurrentHashMap<>();

    private ScrapeFileExporter(HttpServer server, Map<String, Path> endpoints) {
        this.server = server;
        this.endpoints = endpoints;
    }

    /**
     * The shared data folder ({@code ../shared/data} beside the project root), or empty when it
     * is absent; {@link #noSharedDataReason()} says why tests that need it are skipped.
     */
    public static Optional<Path> sharedData() {
        Path candidate = TestClickHouse.projectHome().resolve("../shared/data").normalize();
        return Files.isRegularFile(candidate.resolve("PROVENANCE.md")) ? Optional.of(candidate) : Optional.empty();
    }

    public static String noSharedDataReason() {
        return TestClickHouse.projectHome().resolve("../shared/data").normalize()
                + " (the real Prometheus scrapes) is not beside this checkout";
    }

    /** Serves the kube-state-metrics and the kubelet/cAdvisor scrape of {@link #NRI_K8S_1_34}. */
    public static ScrapeFileExporter kubernetes134(Path sharedData) {
        Path dir = sharedData.resolve(NRI_K8S_1_34);
        Map<String, Path> endpoints = new LinkedHashMap<>();
        endpoints.put(KSM_PATH, dir.resolve("ksm/metrics"));
        endpoints.put(CADVISOR_PATH, dir.resolve("kubelet/metrics/cadvisor"));
        return start(endpoints);
    }

    /** Serves each file at its path; every file must exist. */
    public static ScrapeFileExporter start(Map<String, Path> endpoints) {
        endpoints.forEach((path, file) -> {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("scrape file " + file + " for " + path + " does not exist");
            }
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ScrapeFileExporter exporter = new ScrapeFileExporter(server, Map.copyOf(endpoints));
            server.createContext("/", exchange -> {
                try (exchange) {
                    Path file = exporter.endpoints.get(exchange.getRequestURI().getPath());
                    if (file == null || !exchange.getRequestMethod().equals("GET")) {
                        exchange.sendResponseHeaders(404, -1);
                        return;
                    }
                    byte[] body = Files.readAllBytes(file);
                    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                    exporter.scrapes.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger()).incrementAndGet();
                }
            });
            server.setExecutor(exporter.executor);
            server.start();
            return exporter;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the scrape file exporter: " + e.getMessage(), e);
        }
    }

    /** {@code host:port}, as a Prometheus static target. */
    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public URI uri(String path) {
        return URI.create("http://" + target() + path);
    }

    public Map<String, Path> endpoints() {
        return endpoints;
    }

    /** How many times {@code path} was served. */
    public int scrapes(String path) {
        AtomicInteger n = scrapes.get(path);
        return n == null ? 0 : n.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
