package dev.tally.ingest.drift;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rightsizing drift exporter: reads the compacted topic {@code tally.rightsizing.v1} and serves
 * each selected container's drift, requests, savings and risks as Prometheus gauges, for the alert
 * rules in {@code deploy/prometheus/rules/}.
 *
 * <pre>{@code
 * try (DriftExporter exporter = DriftExporter.start(DriftExporterConfigLoader.load(path))) {
 *     URI metrics = exporter.url().resolve("metrics");   // GET /ready is 200 once the topic is read to its end
 * }
 * }</pre>
 */
public final class DriftExporter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DriftExporter.class);

    private final Server server;
    private final RecommendationReader reader;
    private final URI url;
    private boolean closed;

    /** Starts the HTTP server and the topic reader; returns at once (see {@link #ready()}). */
    public static DriftExporter start(DriftExporterConfig config) {
        return new DriftExporter(config);
    }

    private DriftExporter(DriftExporterConfig config) {
        DriftState state = new DriftState();
        DriftMetrics metrics = new DriftMetrics(state, config.selection());
        reader = new RecommendationReader(config, state, metrics::recordApplied,
                new InvalidRecordDeadLetters(config, Clock.systemUTC(), metrics::recordDeadLetter));
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("drift-exporter-http");
        server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        server.addConnector(connector);
        server.setHandler(new Endpoints(metrics, reader));
        try {
            server.start();
        } catch (Exception e) {
            reader.close();
            throw new IllegalStateException("the drift exporter did not start on " + config.bindAddress() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        reader.start();
        String host = config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress();
        url = URI.create("http://" + host + ":" + connector.getLocalPort() + "/");
        LOG.info("event=drift_exporter_started url={} config={}", url, config);
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8482/}. */
    public URI url() {
        return url;
    }

    /** True once the topic was read up to the end offsets found at start. */
    public boolean ready() {
        return reader.ready();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        reader.close();
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("event=drift_exporter_stop_failed error=\"{}\"", e.toString());
        }
        LOG.info("event=drift_exporter_stopped url={}", url);
    }

    /** GET /metrics, /ready, /healthy. */
    private static final class Endpoints extends Handler.Abstract {
        private final DriftMetrics metrics;
        private final RecommendationReader reader;

        Endpoints(DriftMetrics metrics, RecommendationReader reader) {
            this.metrics = metrics;
            this.reader = reader;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = request.getHttpURI().getPath();
            switch (path) {
                // a half-read topic would show missing containers and old timestamps: nothing until ready
                case "/metrics" -> {
                    if (!reader.ready()) {
                        text(response, callback, 503, "not ready: " + reader.progress());
                        return true;
                    }
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, metrics.contentType());
                    response.write(true, ByteBuffer.wrap(metrics.scrape()), callback);
                }
                case "/ready" -> text(response, callback, reader.ready() ? 200 : 503,
                        reader.ready() ? "ready" : "not ready: " + reader.progress());
                case "/healthy" -> text(response, callback, 200, "healthy");
                default -> text(response, callback, 404, "not found: " + path + " (endpoints: GET /metrics, /ready, /healthy)");
            }
            return true;
        }

        private static void text(Response response, Callback callback, int status, String message) {
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.write(true, ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)), callback);
        }
    }
}
