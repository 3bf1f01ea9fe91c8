package dev.tally.ingest.drift;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the drift exporter until the process is stopped: {@code DriftExporterMain [config.yaml|.properties]}
 * (or {@code TALLY_DRIFT_EXPORTER_CONFIG}); environment overrides as in {@link DriftExporterConfigLoader}.
 */
public final class DriftExporterMain {

    private DriftExporterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String file = args.length > 0 ? args[0] : System.getenv(DriftExporterConfigLoader.ENV_CONFIG_FILE);
        DriftExporterConfig config;
        try {
            config = DriftExporterConfigLoader.load(file == null || file.isBlank() ? null : Path.of(file));
        } catch (RuntimeException e) {
            System.err.println("tally drift exporter: " + e.getMessage());
            System.exit(2);
            return;
        }
        DriftExporter exporter = DriftExporter.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            exporter.close();
            stopped.countDown();
        }, "drift-exporter-shutdown"));
        System.out.println("tally drift exporter listening on " + exporter.url());
        stopped.await();
    }
}
