package dev.tally.bench.gateway;

import dev.tally.local.prometheus.ChildProcess;
import dev.tally.local.prometheus.PrometheusInstallation;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's 2.42) as a remote-write receiver: {@code --web.enable-remote-write-receiver},
 * its own storage folder, no scrape jobs, nothing else to do than store what is pushed.
 */
final class PrometheusReceiver implements AutoCloseable {
    private final ChildProcess child;
    private final String version;

    private PrometheusReceiver(ChildProcess child, String version) {
        this.child = child;
        this.version = version;
    }

    static PrometheusReceiver start(Path dir) throws IOException, InterruptedException {
        Path binary = PrometheusInstallation.executable("prometheus")
                .orElseThrow(() -> new IllegalStateException(PrometheusInstallation.NOT_INSTALLED));
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "# a remote-write receiver only: no scrape jobs\nglobal: {}\n");
        Process versionProcess = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
        String version = new String(versionProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .findFirst().orElse("?").trim();
        versionProcess.waitFor(10, TimeUnit.SECONDS);
        int port = ChildProcess.freePort();
        ChildProcess child = ChildProcess.start("prometheus", List.of(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-remote-write-receiver", "--log.level=warn"), dir, port, "/-/ready", Duration.ofSeconds(60));
        return new PrometheusReceiver(child, version);
    }

    URI writeUrl() {
        return child.webUrl().resolve("/api/v1/write");
    }

    String version() {
        return version;
    }

    long pid() {
        return child.pid();
    }

    String logTail() {
        return child.logTail();
    }

    /** Stops Prometheus; its folder stays with the benchmark's other files. */
    @Override
    public void close() {
        child.stop();
    }
}
