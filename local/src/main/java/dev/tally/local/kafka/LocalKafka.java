package dev.tally.local.kafka;

import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.server.SharedServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.fault.FaultHandlerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A Kafka broker inside this JVM for the local stack and the tests: one KRaft node in combined mode
 * (controller and broker), listening on localhost, its data in one directory that survives restarts.
 * {@link #start} returns when clients can produce and every Tally topic exists.
 *
 * <p>It is assembled from Kafka's own server classes the way {@code kafka.server.KafkaRaftServer}
 * (what {@code kafka-server-start.sh} runs) assembles them, with two differences that matter inside
 * a shared JVM: the listening sockets are bound by us first (clear "port in use" errors, race-free
 * free ports), and a fatal fault is reported instead of halting the JVM.
 */
public final class LocalKafka implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalKafka.class);

    private final LocalKafkaConfig config;
    private final int port;
    private final String clusterId;
    private final Servers servers;
    private final Thread shutdownHook;
    private boolean closed;

    private LocalKafka(LocalKafkaConfig config, int port, String clusterId, Servers servers) {
        this.config = config;
        this.port = port;
        this.clusterId = clusterId;
        this.servers = servers;
        this.shutdownHook = new Thread(this::closeOnExit, "local-kafka-shutdown");
    }

    /**
     * Starts the broker, formatting {@code config.dataDir()} on its first use, and creates every Tally
     * topic that does not exist yet.
     *
     * @throws LocalKafkaException with a one-line message (port in use, unusable data dir, ...)
     */
    public static LocalKafka start(LocalKafkaConfig config) {
        return start(config, Optional.empty());
    }

    /** As {@link #start(LocalKafkaConfig)}, with a further listener (tests of TLS clients). */
    static LocalKafka start(LocalKafkaConfig config, Optional<ExtraListener> extraListener) {
        StartTimer timer = new StartTimer();
        ListenerSockets sockets = ListenerSockets.bind(config.port(), config.controllerPort());
        String clusterId;
        try {
            clusterId = KafkaDataDir.prepare(config.dataDir());
        } catch (RuntimeException e) {
            sockets.close();
            throw e;
        }
        long dataDirMs = timer.lap();
        Servers servers = null;
        try {
            KafkaConfig kafkaConfig = new KafkaConfig(SingleNodeSettings.of(
                    config.dataDir(), sockets.clientPort(), sockets.controllerPort(), config.topicPartitions(), extraListener), false);
            servers = Servers.start(kafkaConfig, sockets);
            long serversMs = timer.lap();
            LocalKafka kafka = new LocalKafka(config, sockets.clientPort(), clusterId, servers);
            kafka.createTallyTopics();
            long topicsMs = timer.lap();
            Runtime.getRuntime().addShutdownHook(kafka.shutdownHook);
            LOG.info("event=kafka_started bootstrap={} controller_port={} data_dir={} cluster_id={} start_ms={} data_dir_ms={} servers_ms={} topics_ms={}",
                    kafka.bootstrapServers(), sockets.controllerPort(), config.dataDir(), clusterId,
                    timer.totalMs(), dataDirMs, serversMs, topicsMs);
            return kafka;
        } catch (RuntimeException e) {
            if (servers != null) {
                servers.stop();
            } else {
                sockets.close();
            }
            KafkaDataDir.release(config.dataDir());
            if (e instanceof LocalKafkaException) {
                throw e;
            }
            throw new LocalKafkaException("Kafka did not start on port " + sockets.clientPort() + " with data dir "
                    + config.dataDir() + ": " + e, e);
        }
    }

    /** {@code localhost:<port>}, for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return ListenerSockets.HOST + ":" + port;
    }

    /** The client port: the configured one, or the free port picked for 0. */
    public int port() {
        return port;
    }

    /** The KRaft cluster id, created when the data dir was formatted and kept across restarts. */
    public String clusterId() {
        return clusterId;
    }

    public LocalKafkaConfig config() {
        return config;
    }

    /**
     * What starts this broker again as it is now: the same data folder (topics, offsets, consumer
     * groups) and the same client port, also when 0 picked it, so clients reconnect by themselves.
     */
    public LocalKafkaConfig sameAgain() {
        return config.withPort(port);
    }

    /**
     * Shuts the broker down cleanly (a controlled shutdown, then the controller) and frees its ports
     * and data dir. Idempotent; also runs from a JVM shutdown hook if never called.
     *
     * @throws LocalKafkaException if Kafka hit a fatal fault while it ran (after shutting down)
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        removeShutdownHook();
        long stopNanos = System.nanoTime();
        servers.stop();
        KafkaDataDir.release(config.dataDir());
        LOG.info("event=kafka_stopped port={} stop_ms={}", port, Duration.ofNanos(System.nanoTime() - stopNanos).toMillis());
        FaultHandlerException fault = servers.faults.firstFatalFault();
        if (fault != null) {
            throw new LocalKafkaException("Kafka hit a fatal fault while it ran: " + fault.getMessage(), fault);
        }
    }

    /** The JVM is exiting without close() having been called: stop cleanly, report, never throw. */
    private void closeOnExit() {
        try {
            close();
        } catch (RuntimeException e) {
            LOG.error("event=kafka_stop_failed port={} reason=\"{}\"", port, e.getMessage(), e);
        }
    }

    private void createTallyTopics() {
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, "tally-local-topics");
        try (Admin admin = Admin.create(adminConfig)) {
            TallyTopics.ensureAll(admin, config.topicPartitions());
        }
    }

    private void removeShutdownHook() {
        if (Thread.currentThread() == shutdownHook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to run; close() is idempotent.
        }
    }

    /** Start-up phases in milliseconds, logged so a slow start shows where the time went. */
    private static final class StartTimer {
        private final long startNanos = System.nanoTime();
        private long lapNanos = startNanos;

        long lap() {
            long now = System.nanoTime();
            long ms = Duration.ofNanos(now - lapNanos).toMillis();
            lapNanos = now;
            return ms;
        }

        long totalMs() {
            return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        }
    }

    /** Kafka's controller and broker of one combined-mode node, sharing the Raft client and metadata. */
    private record Servers(ControllerServer controller, BrokerServer broker, EmbeddedFaultHandlers faults,
                           ListenerSockets sockets) {

        /** As {@code KafkaRaftServer}: controller first, so the broker can register with it. */
        static Servers start(KafkaConfig config, ListenerSockets sockets) {
            Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> logDirs =
                    KafkaRaftServer.initializeLogDirs(config, LOG, "[LocalKafka] ");
            MetaPropertiesEnsemble metaProperties = logDirs._1();
            Metrics metrics = Server.initializeMetrics(config, Time.SYSTEM, metaProperties.clusterId().get());
            EmbeddedFaultHandlers faults = new EmbeddedFaultHandlers();
            SharedServer shared = new SharedServer(
                    config,
                    metaProperties,
                    Time.SYSTEM,
                    metrics,
                    CompletableFuture.completedFuture(QuorumConfig.parseVoterConnections(config.quorumConfig().voters())),
                    QuorumConfig.parseBootstrapServers(config.quorumConfig().bootstrapServers()),
                    faults,
                    sockets);
            Servers servers = new Servers(
                    new ControllerServer(shared, KafkaRaftServer.configSchema(), logDirs._2()),
                    new BrokerServer(shared),
                    faults,
                    sockets);
            try {
                servers.controller.startup();
                servers.broker.startup();
            } catch (RuntimeException e) {
                servers.stop();
                throw e;
            }
            return servers;
        }

        /** As {@code KafkaRaftServer}: broker first, because its controlled shutdown needs the controller. */
        void stop() {
            broker.shutdown();
            controller.shutdown();
            broker.awaitShutdown();
            controller.awaitShutdown();
            // Kafka closed the sockets it took over; this closes any it never got to.
            sockets.close();
        }
    }
}
