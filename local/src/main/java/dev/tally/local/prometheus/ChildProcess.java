package dev.tally.local.prometheus;

import dev.tally.local.stack.DataFolder;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server program the tests and benchmarks run as a child process (Prometheus, Alertmanager): its
 * own folder (deleted on close), a log file there, an HTTP port on 127.0.0.1, started when its
 * readiness path answers 200, stopped by {@link #close()} or {@link #stop()}, or when the JVM exits.
 */
public final class ChildProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path home;
    private final int port;

    private ChildProcess(String name, Process process, Path home, int port) {
        this.name = name;
        this.process = process;
        this.home = home;
        this.port = port;
    }

    /**
     * Runs {@code command} in {@code home} (its output to {@code home/<name>.log}) and waits until
     * {@code http://127.0.0.1:port<readyPath>} answers 200, at most {@code timeout}.
     */
    public static ChildProcess start(String name, List<String> command, Path home, int port, String readyPath, Duration timeout)
            throws IOException {
        Process process = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile())
                .start();
        ChildProcess child = new ChildProcess(name, process, home, port);
        Runtime.getRuntime().addShutdownHook(new Thread(child::stop, "test-" + name + "-stop"));
        child.awaitReady(readyPath, timeout);
        return child;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public URI webUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady(String readyPath, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " before it was ready: " + logTail());
            }
            if (httpStatus(readyPath) == 200) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        stop();
        throw new IllegalStateException(name + " was not ready after " + timeout + ": " + logTail());
    }

    /** The last lines the program logged. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(home.resolve(name + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private int httpStatus(String path) {
        try {
            HttpURLConnection c = (HttpURLConnection) webUrl().resolve(path).toURL().openConnection();
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

    /** Stops the program (SIGTERM, then SIGKILL after 10 s) and deletes its folder. */
    @Override
    public void close() {
        stop();
        DataFolder.deleteRecursively(home);
    }

    /** Stops the program (SIGTERM, then SIGKILL after 10 s); its folder stays. */
    public void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
