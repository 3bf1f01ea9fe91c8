package dev.tally.local.kafka;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.properties.MetaProperties;
import org.apache.kafka.metadata.properties.MetaPropertiesVersion;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The broker's single data directory: checked, formatted on first start (as {@code kafka-storage.sh
 * format} would), and its cluster id read back on every start.
 *
 * <p>The cluster id lives only in Kafka's own {@code meta.properties}; a restart on the same directory
 * finds it there and keeps every topic and offset. Every problem is reported in one line naming the
 * directory, with the way out (usually: delete it to start fresh).
 */
final class KafkaDataDir {

    /** The local stack is one KRaft node; its id is fixed so a data dir can be recognised as ours. */
    static final int NODE_ID = 1;

    static final String META_PROPERTIES = "meta.properties";
    /** Kafka's per-directory lock file; present in every directory a broker has used. */
    private static final String LOCK_FILE = ".lock";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaDataDir.class);

    /**
     * Directories used by a broker of this JVM. Checked before touching Kafka's lock file, because
     * closing any channel on a file drops every POSIX lock this process holds on it: probing the
     * lock of our own running broker would silently unlock its directory.
     */
    private static final Set<Path> CLAIMED = ConcurrentHashMap.newKeySet();

    private KafkaDataDir() {
    }

    /**
     * Makes {@code dir} ready for the broker and returns its cluster id. On success the directory is
     * claimed for this JVM until {@link #release(Path)}; on failure it is left unclaimed.
     */
    static String prepare(Path dir) {
        if (!CLAIMED.add(dir)) {
            throw inUse(dir, null);
        }
        try {
            ensureUsableDirectory(dir);
            ensureNotInUseByAnotherProcess(dir);
            Path metaProperties = dir.resolve(META_PROPERTIES);
            if (Files.exists(metaProperties)) {
                return readClusterId(dir, metaProperties);
            }
            ensureEmpty(dir);
            return format(dir);
        } catch (RuntimeException e) {
            CLAIMED.remove(dir);
            throw e;
        }
    }

    /** Lets another broker of this JVM use {@code dir} once ours has stopped. */
    static void release(Path dir) {
        CLAIMED.remove(dir);
    }

    private static void ensureUsableDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new LocalKafkaException("Kafka data dir " + dir + " is not a directory: remove it or choose another data dir");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LocalKafkaException("cannot create Kafka data dir " + dir + ": " + describe(e), e);
        }
        if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
            throw new LocalKafkaException("Kafka data dir " + dir
                    + " is not readable and writable by this user: fix its permissions or choose another data dir");
        }
    }

    /**
     * Kafka locks every directory it uses; trying that lock first turns "another broker uses this
     * directory" into a clear message instead of a failure deep inside start-up.
     */
    private static void ensureNotInUseByAnotherProcess(Path dir) {
        Path lockFile = dir.resolve(LOCK_FILE);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dir, null);
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            // Held in this JVM by a broker that is not a LocalKafka (e.g. a test kit).
            throw inUse(dir, e);
        } catch (IOException e) {
            throw new LocalKafkaException("cannot lock Kafka data dir " + dir + ": " + describe(e), e);
        }
    }

    private static LocalKafkaException inUse(Path dir, Throwable cause) {
        return new LocalKafkaException("Kafka data dir " + dir + " is in use by another running Kafka: stop it or choose another data dir", cause);
    }

    private static String readClusterId(Path dir, Path metaPropertiesFile) {
        MetaProperties meta;
        try (InputStream in = Files.newInputStream(metaPropertiesFile)) {
            Properties properties = new Properties();
            properties.load(in);
            meta = new MetaProperties.Builder(properties).build();
        } catch (IOException e) {
            throw new LocalKafkaException("cannot read " + metaPropertiesFile + ": " + describe(e) + "; delete " + dir + " to start fresh", e);
        } catch (RuntimeException e) {
            throw new LocalKafkaException("Kafka data dir " + dir + " has an invalid " + META_PROPERTIES + " (" + e.getMessage() + "): delete " + dir + " to start fresh", e);
        }
        if (meta.version() != MetaPropertiesVersion.V1) {
            throw new LocalKafkaException("Kafka data dir " + dir + " was formatted for a ZooKeeper-mode Kafka, not KRaft: delete " + dir + " to start fresh");
        }
        String clusterId = meta.clusterId().orElseThrow(() -> new LocalKafkaException(
                "Kafka data dir " + dir + " has no cluster.id in " + META_PROPERTIES + ": delete " + dir + " to start fresh"));
        int nodeId = meta.nodeId().orElse(-1);
        if (nodeId != NODE_ID) {
            throw new LocalKafkaException("Kafka data dir " + dir + " belongs to another Kafka (cluster.id " + clusterId
                    + ", node.id " + nodeId + "; the local stack is node.id " + NODE_ID + "): choose another data dir or delete " + dir + " to start fresh");
        }
        return clusterId;
    }

    /** Formatting writes into the directory; refuse to do that to something that is not ours. */
    private static void ensureEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> foreign = entries.map(p -> p.getFileName().toString())
                    .filter(name -> !name.equals(LOCK_FILE))
                    .sorted()
                    .limit(3)
                    .toList();
            if (!foreign.isEmpty()) {
                throw new LocalKafkaException("Kafka data dir " + dir + " is not empty and has no " + META_PROPERTIES
                        + " (found " + String.join(", ", foreign) + "): it is not a Kafka data dir; choose an empty or new dir");
            }
        } catch (IOException e) {
            throw new LocalKafkaException("cannot list Kafka data dir " + dir + ": " + describe(e), e);
        }
    }

    /**
     * What {@code kafka-storage.sh format --cluster-id <new id> --config <ours>} does: writes
     * {@code meta.properties} and the bootstrap metadata (latest production metadata version) for a
     * static single-voter quorum, the metadata log in the same directory as the data.
     */
    private static String format(Path dir) {
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream formatterOutput = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    .setPrintStream(formatterOutput)
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(dir.toString()))
                    .setMetadataLogDirectory(dir.toString())
                    .setControllerListenerName(ListenerSockets.CONTROLLER_LISTENER)
                    .run();
        } catch (Exception e) {
            throw new LocalKafkaException("cannot format Kafka data dir " + dir + ": " + describe(e), e);
        }
        LOG.info("event=kafka_data_dir_formatted dir={} cluster_id={}", dir, clusterId);
        LOG.debug("kafka formatter output: {}", output.toString(StandardCharsets.UTF_8).strip());
        return clusterId;
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
