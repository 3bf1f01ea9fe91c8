package dev.tally.local.kafka;

import dev.tally.common.kafka.KafkaConnection;
import dev.tally.local.stack.DataFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;

/**
 * The one broker of a test JVM: started on first use (temp data dir under {@code target/}, free
 * ports), shared by every test class, closed and deleted when the JVM exits. Start-up dominates
 * test time, so tests never start their own broker unless the story is about starting one.
 */
public final class TestKafka {

    private static LocalKafka kafka;

    private TestKafka() {
    }

    public static synchronized LocalKafka get() {
        if (kafka == null) {
            Path dataDir = newTempDir("kafka-shared-");
            kafka = LocalKafka.start(new LocalKafkaConfig(dataDir, 0, 0));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                kafka.close();
                DataFolder.deleteRecursively(dataDir);
            }, "test-kafka-cleanup"));
        }
        return kafka;
    }

    public static String bootstrapServers() {
        return get().bootstrapServers();
    }

    /** The shared broker as the jobs' and clients' factories take it: its plaintext listener. */
    public static KafkaConnection connection() {
        return KafkaConnection.plaintext(bootstrapServers());
    }

    /** A fresh directory under the module's {@code target/}, so {@code mvn clean} removes what a killed run leaves. */
    /**
     * Creates a topic on the shared broker and returns once every partition's leader serves it.
     * Producing right after creation otherwise meets NOT_LEADER_OR_FOLLOWER, and an idempotent
     * producer's retries can then loop on OutOfOrderSequence until its delivery timeout.
     */
    public static String createTopic(String name, int partitions) {
        return createTopic(name, partitions, Map.of());
    }

    /** As {@link #createTopic(String, int)}, with topic-level settings. */
    public static String createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs))).all().get(1, TimeUnit.MINUTES);
            List<TopicPartition> created = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                created.add(new TopicPartition(name, p));
            }
            TallyTopics.awaitLeadersServing(admin, created);
            return name;
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name + ": " + e.getMessage(), e);
        }
    }

    public static Path newTempDir(String prefix) {
        try {
            Path target = Files.createDirectories(Path.of("target", "test-kafka"));
            return Files.createTempDirectory(target, prefix).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


}
