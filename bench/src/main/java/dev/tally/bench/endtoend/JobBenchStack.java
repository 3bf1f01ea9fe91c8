package dev.tally.bench.endtoend;

import dev.tally.local.flink.LocalFlink;
import dev.tally.local.flink.LocalFlinkConfig;
import dev.tally.local.kafka.LocalKafka;
import dev.tally.local.kafka.LocalKafkaConfig;
import dev.tally.local.stack.DataFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.MemorySize;

/**
 * What a job benchmark runs on: an embedded Kafka broker, and a Flink MiniCluster started once the
 * topics are filled, in a temporary folder that is removed, with both, at the end.
 */
public final class JobBenchStack implements AutoCloseable {
    private final Path work;
    private final LocalKafka kafka;
    private LocalFlink flink;

    private JobBenchStack(Path work, LocalKafka kafka) {
        this.work = work;
        this.kafka = kafka;
    }

    public static JobBenchStack start(String name) throws IOException {
        Path work = Files.createTempDirectory(name);
        try {
            return new JobBenchStack(work, LocalKafka.start(new LocalKafkaConfig(work.resolve("kafka"), 0, 0)));
        } catch (RuntimeException e) {
            DataFolder.deleteRecursively(work);
            throw e;
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public LocalFlink startFlink(int taskSlots, Duration checkpointInterval) {
        return startFlink(taskSlots, checkpointInterval, LocalFlinkConfig.DEFAULT_MANAGED_MEMORY);
    }

    /** With {@code managedMemory} for the task manager (RocksDB's write buffers and block cache). */
    public LocalFlink startFlink(int taskSlots, Duration checkpointInterval, MemorySize managedMemory) {
        flink = LocalFlink.start(new LocalFlinkConfig(work.resolve("checkpoints"), 0, taskSlots, checkpointInterval, managedMemory));
        return flink;
    }

    @Override
    public void close() throws IOException {
        try {
            if (flink != null) {
                flink.close();
            }
        } finally {
            kafka.close();
            DataFolder.deleteRecursively(work);
        }
    }
}
