package dev.tally.local.flink;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.MemorySize;

/**
 * @param checkpointDir       where checkpoints go (default {@code <home>/.tally/flink/checkpoints})
 * @param webUiPort           the Flink Web UI and REST port (default 8081; 0 picks a free one)
 * @param taskSlots           slots of the one task manager (default 20: the five jobs, one subtask per partition of three, and room to spare)
 * @param checkpointInterval  how often jobs checkpoint (default 10 s)
 * @param managedMemory       the task manager's managed memory (default 128 MiB: laptop-sized, enough for the
 *                            heap state backend's jobs; RocksDB keeps its write buffers and block cache in it)
 */
public record LocalFlinkConfig(Path checkpointDir, int webUiPort, int taskSlots, Duration checkpointInterval,
                               MemorySize managedMemory) {

    public static final MemorySize DEFAULT_MANAGED_MEMORY = MemorySize.ofMebiBytes(128);

    public LocalFlinkConfig(Path checkpointDir, int webUiPort, int taskSlots, Duration checkpointInterval) {
        this(checkpointDir, webUiPort, taskSlots, checkpointInterval, DEFAULT_MANAGED_MEMORY);
    }

    public static LocalFlinkConfig defaults(Path projectHome) {
        return new LocalFlinkConfig(projectHome.resolve(".tally/flink/checkpoints"), 8081, 20, Duration.ofSeconds(10));
    }

    public LocalFlinkConfig withWebUiPort(int port) {
        return new LocalFlinkConfig(checkpointDir, port, taskSlots, checkpointInterval, managedMemory);
    }

    public LocalFlinkConfig withCheckpointInterval(Duration interval) {
        return new LocalFlinkConfig(checkpointDir, webUiPort, taskSlots, interval, managedMemory);
    }

    public LocalFlinkConfig withManagedMemory(MemorySize size) {
        return new LocalFlinkConfig(checkpointDir, webUiPort, taskSlots, checkpointInterval, size);
    }
}
