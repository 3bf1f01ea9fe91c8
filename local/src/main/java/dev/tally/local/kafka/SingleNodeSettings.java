package dev.tally.local.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The broker configuration of the local stack: one KRaft node that is controller and broker at once,
 * sized for a laptop. Everything not set here is Kafka's default.
 */
final class SingleNodeSettings {

    /** Segment size of data topics: small, so retention and compaction act on a laptop's volumes. */
    static final int SEGMENT_BYTES = 16 * 1024 * 1024;
    /** Flink's KafkaSink asks for 1 h transactions unless told otherwise; the broker must allow that. */
    static final Duration TRANSACTION_MAX_TIMEOUT = Duration.ofHours(1);

    private SingleNodeSettings() {
    }

    static Map<String, String> of(Path dataDir, int clientPort, int controllerPort, int partitions) {
        return of(dataDir, clientPort, controllerPort, partitions, Optional.empty());
    }

    static Map<String, String> of(Path dataDir, int clientPort, int controllerPort, int partitions,
                                  Optional<ExtraListener> extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        roleAndListeners(settings, clientPort, controllerPort);
        extra.ifPresent(listener -> listener.addTo(settings));
        storage(settings, dataDir, partitions);
        singleReplica(settings);
        smallFootprint(settings);
        return settings;
    }

    private static void roleAndListeners(Map<String, String> s, int clientPort, int controllerPort) {
        String host = ListenerSockets.HOST;
        String client = ListenerSockets.CLIENT_LISTENER;
        String controller = ListenerSockets.CONTROLLER_LISTENER;
        s.put("process.roles", "broker,controller");
        s.put("node.id", Integer.toString(KafkaDataDir.NODE_ID));
        s.put("listeners", client + "://" + host + ":" + clientPort + "," + controller + "://" + host + ":" + controllerPort);
        s.put("advertised.listeners", client + "://" + host + ":" + clientPort);
        s.put("listener.security.protocol.map", client + ":PLAINTEXT," + controller + ":PLAINTEXT");
        s.put("inter.broker.listener.name", client);
        s.put("controller.listener.names", controller);
        // A static voter set: the controller's address lives in this config, not in the data dir,
        // so the controller port may change from one start to the next.
        s.put("controller.quorum.voters", KafkaDataDir.NODE_ID + "@" + host + ":" + controllerPort);
    }

    private static void storage(Map<String, String> s, Path dataDir, int partitions) {
        // One directory for data and the metadata log: one thing to find, back up or delete.
        s.put("log.dirs", dataDir.toString());
        s.put("metadata.log.dir", dataDir.toString());
        // Topics exist because Tally created them with their settings, never because of a typo.
        s.put("auto.create.topics.enable", "false");
        s.put("num.partitions", Integer.toString(partitions));
        s.put("log.segment.bytes", Integer.toString(SEGMENT_BYTES));
        s.put("log.retention.hours", "168");
        // The default 128 MiB compaction buffer is sized for servers; 8 MiB covers the rightsizing topic.
        s.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        s.put("log.cleaner.threads", "1");
        s.put("transaction.max.timeout.ms", Long.toString(TRANSACTION_MAX_TIMEOUT.toMillis()));
    }

    /** One node holds every replica: internal topics must not ask for three. */
    private static void singleReplica(Map<String, String> s) {
        s.put("default.replication.factor", "1");
        s.put("min.insync.replicas", "1");
        s.put("offsets.topic.replication.factor", "1");
        s.put("transaction.state.log.replication.factor", "1");
        s.put("transaction.state.log.min.isr", "1");
        s.put("share.coordinator.state.topic.replication.factor", "1");
        s.put("share.coordinator.state.topic.min.isr", "1");
        // Internal topics are created on first use, with 50 partitions by default; 4 make the first
        // consumer group join and the first initTransactions() about 0.3 s faster each (measured).
        s.put("offsets.topic.num.partitions", "4");
        s.put("transaction.state.log.num.partitions", "4");
        s.put("share.coordinator.state.topic.num.partitions", "1");
    }

    /*
     * Start-up needs no tuning: a single static voter elects itself at once, and a cold start in a
     * fresh JVM (about 2.5 s here) is almost all class loading. Shorter election, fetch and broker
     * heartbeat intervals were measured and made no difference, so they stay at Kafka's defaults.
     */
    private static void smallFootprint(Map<String, String> s) {
        // A consumer group with one member need not wait 3 s for others to join.
        s.put("group.initial.rebalance.delay.ms", "0");
        // Fail with a message instead of hanging if start-up cannot complete.
        s.put("server.max.startup.time.ms", Long.toString(Duration.ofMinutes(2).toMillis()));
        // Thread pools sized for a laptop running Flink and ClickHouse next to Kafka.
        s.put("num.network.threads", "2");
        s.put("num.io.threads", "2");
        s.put("background.threads", "2");
        s.put("num.recovery.threads.per.data.dir", "1");
        s.put("group.coordinator.threads", "1");
        s.put("share.coordinator.threads", "1");
        s.put("num.replica.alter.log.dirs.threads", "1");
    }
}
