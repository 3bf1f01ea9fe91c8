package dev.tally.local.kafka;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how the local stack's embedded Kafka runs.
 *
 * @param dataDir         the broker's only log directory; it also holds the KRaft metadata log and
 *                        {@code meta.properties} (with the cluster id). Formatted on first start.
 * @param port            the client (PLAINTEXT) port on localhost; 0 picks a free port
 * @param controllerPort  the KRaft controller port on localhost; 0 picks a free port. It is not
 *                        stored in the data dir, so it may change between restarts.
 * @param topicPartitions partitions of each Tally topic created at start-up
 */
public record LocalKafkaConfig(Path dataDir, int port, int controllerPort, int topicPartitions) {

    public static final int DEFAULT_PORT = 9092;
    public static final int DEFAULT_TOPIC_PARTITIONS = 3;

    public LocalKafkaConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        dataDir = dataDir.toAbsolutePath().normalize();
        requirePort("port", port);
        requirePort("controllerPort", controllerPort);
        if (port != 0 && port == controllerPort) {
            throw new IllegalArgumentException("port and controllerPort must differ, both are " + port);
        }
        if (topicPartitions < 1) {
            throw new IllegalArgumentException("topicPartitions must be at least 1, got " + topicPartitions);
        }
    }

    public LocalKafkaConfig(Path dataDir, int port, int controllerPort) {
        this(dataDir, port, controllerPort, DEFAULT_TOPIC_PARTITIONS);
    }

    /** The local stack's defaults: data under {@code <projectHome>/.tally/kafka}, port 9092, any free controller port. */
    public static LocalKafkaConfig defaults(Path projectHome) {
        return new LocalKafkaConfig(projectHome.resolve(".tally").resolve("kafka"), DEFAULT_PORT, 0);
    }

    public LocalKafkaConfig withPort(int newPort) {
        return new LocalKafkaConfig(dataDir, newPort, controllerPort, topicPartitions);
    }

    public LocalKafkaConfig withControllerPort(int newControllerPort) {
        return new LocalKafkaConfig(dataDir, port, newControllerPort, topicPartitions);
    }

    public LocalKafkaConfig withTopicPartitions(int partitions) {
        return new LocalKafkaConfig(dataDir, port, controllerPort, partitions);
    }

    private static void requirePort(String name, int value) {
        if (value < 0 || value > 65_535) {
            throw new IllegalArgumentException(name + " must be 0 (any free port) or 1-65535, got " + value);
        }
    }
}
