package dev.tally.bench.gateway;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import dev.tally.local.prometheus.PrometheusInstallation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus (Debian's 2.42) as a remote-write receiver: {@code --web.enable-remote-write-receiver},
 * its own storage folder, no scrape jobs, nothing else to do than store what is pushed.
 */
final class PrometheusReceiver implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final int port;
    private final String version;

    private PrometheusReceiver(Process process, Path dir, int port, String version) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.version = version;
    }

    static PrometheusReceiver start(Path dir) throws IOException, InterruptedException {
        Path binary = PrometheusInstallation.executable("prometheus")
                .orElseThrow(() -> new IllegalStateException(PrometheusInstallation.NOT_INSTALLED));
        Files.createDirectories(dir);
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "# a remote-write receiver only: no scrape jobs\nglobal: {}\n");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process versionProcess = new ProcessBuilder(binary.toString(), "--version").redirectErrorStream(true).start();
        String version = new String(versionProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .findFirst().orElse("?").trim();
        versionProcess.waitFor(10, TimeUnit.SECONDS);
        Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-remote-write-receiver", "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "bench-prometheus-stop"));
        PrometheusReceiver prometheus = new PrometheusReceiver(process, dir, port, version);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with code " + process.exitValue() + ": " + prometheus.logTail());
            }
            if (status(URI.create("http://127.0.0.1:" + port + "/-/ready")) == 200) {
                return prometheus;
            }
            Thread.sleep(100);
        }
        prometheus.close();
        throw new IllegalStateException("prometheus was not ready within 60 s: " + prometheus.logTail());
    }

    private static int status(URI uri) {
        try {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(1000);
            try {
                return c.getResponseCode();
            } finally {
                c.disconnect();
            }
        } catch (IOException e) {
            return -1;
        }
    }

    URI writeUrl() {
        return URI.create("http://127.0.0.1:" + port + "/api/v1/write");
    }

    String version() {
        return version;
    }

    long pid() {
        return process.pid();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("prometheus.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
