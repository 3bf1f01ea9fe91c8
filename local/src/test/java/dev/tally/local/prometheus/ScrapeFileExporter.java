package dev.tally.local.prometheus;

import com.sun.net.httpserver.HttpServer;
import dev.tally.local.clickhouse.TestClickHouse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP server on a free local port that serves real scrape files as Prometheus
 * {@code /metrics} endpoints, read in place at every request (the repository never holds
 * copies). Each endpoint is a path, e.g. {@code /ksm/metrics} for kube-state-metrics and
 * {@code /kubelet/metrics/cadvisor} for the kubelet's cAdvisor endpoint.
 *
 * <p>By default every serve shows the file as it is ({@link Playback#AS_IN_FILE}). A real scrape
 * file is one instant, so a counter scraped again and again from it never increases: every CPU
 * increase Tally computes would be 0, which proves nothing about the usage rules.
 * {@link Playback#COUNTERS_ADVANCE} plays the real files forward instead: at the n-th serve of an
 * endpoint (n = 1, 2, …) every sample of a family the file declares {@code # TYPE … counter}
 * shows the file's value × n, so each scrape adds the file's own value once; gauges (working
 * set, requests, limits, phases) stay as in the file. The increases are then known exactly from
 * the files: value × (number of serves between two scrapes).
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
    private final Playback playback;
    private final Map<String, ExpositionFile> parsed;
    private final Map<String, AtomicInteger> scrapes = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** What each serve of a file shows. */
    public enum Playback {
        /** the file as it is, read at every request */
        AS_IN_FILE,
        /** at the n-th serve, every counter sample shows the file's value × n; all else as in the file */
        COUNTERS_ADVANCE
    }

    private ScrapeFileExporter(HttpServer server, Map<String, Path> endpoints, Playback playback) {
        this.server = server;
        this.endpoints = endpoints;
        this.playback = playback;
        Map<String, ExpositionFile> files = new ConcurrentHashMap<>();
        if (playback == Playback.COUNTERS_ADVANCE) {
            endpoints.forEach((path, file) -> files.put(path, ExpositionFile.read(file)));
        }
        this.parsed = files;
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
        return kubernetes134(sharedData, Playback.AS_IN_FILE);
    }

    /** As {@link #kubernetes134(Path)}, each serve showing what {@code playback} says. */
    public static ScrapeFileExporter kubernetes134(Path sharedData, Playback playback) {
        Path dir = sharedData.resolve(NRI_K8S_1_34);
        Map<String, Path> endpoints = new LinkedHashMap<>();
        endpoints.put(KSM_PATH, dir.resolve("ksm/metrics"));
        endpoints.put(CADVISOR_PATH, dir.resolve("kubelet/metrics/cadvisor"));
        return start(endpoints, playback);
    }

    /** Serves each file at its path as it is; every file must exist. */
    public static ScrapeFileExporter start(Map<String, Path> endpoints) {
        return start(endpoints, Playback.AS_IN_FILE);
    }

    /** Serves each file at its path as {@code playback} says; every file must exist. */
    public static ScrapeFileExporter start(Map<String, Path> endpoints, Playback playback) {
        endpoints.forEach((path, file) -> {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("scrape file " + file + " for " + path + " does not exist");
            }
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ScrapeFileExporter exporter = new ScrapeFileExporter(server, Map.copyOf(endpoints), playback);
            server.createContext("/", exchange -> {
                try (exchange) {
                    Path file = exporter.endpoints.get(exchange.getRequestURI().getPath());
                    if (file == null || !exchange.getRequestMethod().equals("GET")) {
                        exchange.sendResponseHeaders(404, -1);
                        return;
                    }
                    String path = exchange.getRequestURI().getPath();
                    byte[] body = exporter.body(path, file);
                    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            });
            server.setExecutor(exporter.executor);
            server.start();
            return exporter;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the scrape file exporter: " + e.getMessage(), e);
        }
    }

    /** The n-th serve's body; n counts from 1 per path (serves of one path are sequential: one scraper). */
    private synchronized byte[] body(String path, Path file) throws IOException {
        int n = scrapes.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        return switch (playback) {
            case AS_IN_FILE -> Files.readAllBytes(file);
            case COUNTERS_ADVANCE -> parsed.get(path).advancedCounters(n).getBytes(StandardCharsets.UTF_8);
        };
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

    /** Stops serving (Prometheus' next scrapes fail); safe to call again. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }
}
