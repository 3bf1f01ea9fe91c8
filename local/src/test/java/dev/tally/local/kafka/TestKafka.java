package dev.tally.local.kafka;

import dev.tally.local.stack.DataFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    /** A fresh directory under the module's {@code target/}, so {@code mvn clean} removes what a killed run leaves. */
    public static Path newTempDir(String prefix) {
        try {
            Path target = Files.createDirectories(Path.of("target", "test-kafka"));
            return Files.createTempDirectory(target, prefix).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


}
