package dev.tally.local.flink;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;

/**
 * One Flink MiniCluster per test JVM (start-up costs ~15 s here), with a throw-away checkpoint
 * folder and short checkpoints so restart tests run quickly.
 */
public final class TestFlink {
    private static LocalFlink flink;

    private TestFlink() {
    }

    public static synchronized LocalFlink cluster() {
        if (flink == null) {
            try {
                LocalFlinkConfig config = new LocalFlinkConfig(Files.createTempDirectory("tally-it-flink"), 0, 8,
                        Duration.ofMillis(500));
                flink = LocalFlink.start(config);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create a checkpoint folder: " + e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(flink::close, "test-flink-stop"));
        }
        return flink;
    }
}
