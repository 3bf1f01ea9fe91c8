package dev.tally.local.stack;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * What a running stack writes to {@code <data>/stack.json}: who it is and where it listens.
 * {@code tally down} reads it to stop the stack and every child it started.
 */
public record StackFile(long pid, List<Long> childPids, String kafkaBootstrapServers, String gatewayUrl, String clickHouseUrl,
                        String flinkWebUi, String dataDir) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Optional<StackFile> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), StackFile.class));
        } catch (IOException e) {
            throw new LocalStackException("cannot read " + file + ": " + e.getMessage() + " (delete it if no stack is running)");
        }
    }

    /** True when the process that wrote this file is still alive. */
    @JsonIgnore
    public boolean isRunning() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
