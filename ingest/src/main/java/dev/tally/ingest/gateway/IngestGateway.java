package dev.tally.ingest.gateway;

import dev.tally.ingest.gateway.kafka.GatewayProducer;
import dev.tally.ingest.gateway.kafka.RecordSink;
import dev.tally.ingest.gateway.limits.CardinalityGuard;
import dev.tally.ingest.gateway.limits.InFlightBudget;
import dev.tally.ingest.gateway.metrics.GatewayMetrics;
import java.net.URI;
import java.time.Clock;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest gateway: the HTTP door member clusters push metrics and logs through, into Kafka.
 *
 * <pre>{@code
 * try (IngestGateway gateway = IngestGateway.start(GatewayConfigLoader.load(path))) {
 *     URI url = gateway.url();   // http://127.0.0.1:8480/
 * }
 * }</pre>
 */
public final class IngestGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestGateway.class);

    private final Server server;
    private final RecordSink producer;
    private final URI url;
    private final GatewayMetrics metrics;
    private final InFlightBudget budget;
    private boolean closed;

    private IngestGateway(Server server, RecordSink producer, URI url, GatewayMetrics metrics, InFlightBudget budget) {
        this.server = server;
        this.producer = producer;
        this.url = url;
        this.metrics = metrics;
        this.budget = budget;
    }

    /** Starts the HTTP server and the Kafka producer; returns once the port accepts connections. */
    public static IngestGateway start(GatewayConfig config) {
        return start(config, Clock.systemUTC());
    }

    static IngestGateway start(GatewayConfig config, Clock clock) {
        return start(config, clock, new GatewayProducer(config.kafka(), config.limits().maxDecompressedBytes(),
                config.limits().maxInFlightBytes()));
    }

    /** With another record sink than Kafka (tests); the gateway closes it. */
    static IngestGateway start(GatewayConfig config, Clock clock, RecordSink producer) {
        long startNanos = System.nanoTime();
        InFlightBudget budget = new InFlightBudget(config.limits().maxInFlightBytes());
        GatewayMetrics metrics = new GatewayMetrics(budget::used);
        CardinalityGuard cardinality = new CardinalityGuard(config.limits().maxActiveSeriesPerCluster(),
                config.limits().activeSeriesWindow(), clock);
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("gateway-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        ServerConnector connector;
        if (config.tls() == null) {
            connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        } else {
            // HTTPS only: with TLS configured there is no plain-HTTP connector, so bearer tokens never travel in clear
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(config.tls().keyStore().toAbsolutePath().toString());
            ssl.setKeyStoreType(config.tls().keyStoreType());
            ssl.setKeyStorePassword(config.tls().password());
            http.addCustomizer(new SecureRequestCustomizer());
            connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(http));
        }
        connector.setHost(config.bindAddress());
        connector.setPort(config.port());
        connector.setIdleTimeout(60_000);
        server.addConnector(connector);
        server.setHandler(new GatewayHandler(config, producer, budget, cardinality, metrics, clock));
        server.setStopTimeout(5_000);
        try {
            server.start();
        } catch (Exception e) {
            producer.close();
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing
            }
            throw new IllegalStateException("the ingest gateway did not start on " + config.bindAddress() + ":" + config.port()
                    + ": " + e.getMessage(), e);
        }
        String host = config.bindAddress().equals("0.0.0.0") || config.bindAddress().equals("::") ? "127.0.0.1" : config.bindAddress();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        URI url = URI.create((config.tls() == null ? "http://" : "https://") + host + ":" + connector.getLocalPort() + "/");
        LOG.info("event=gateway_started url={} tls={} bind={} kafka={} clusters={} start_ms={}", url, config.tls() != null, config.bindAddress(),
                config.kafka().bootstrapServers(), config.clusters().size(), (System.nanoTime() - startNanos) / 1_000_000);
        return new IngestGateway(server, producer, url, metrics, budget);
    }

    /** Base URL, e.g. {@code http://127.0.0.1:8480/}; endpoints are relative to it. */
    public URI url() {
        return url;
    }

    public int port() {
        return url.getPort();
    }

    /** Request bytes currently held (for tests and benchmarks). */
    public long inFlightBytes() {
        return budget.used();
    }

    GatewayMetrics metrics() {
        return metrics;
    }

    /** Stops accepting requests, lets running ones finish (up to 5 s), then closes the producer. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("event=gateway_stop_failed error=\"{}\"", e.toString());
        }
        producer.close();
        LOG.info("event=gateway_stopped url={}", url);
    }
}
