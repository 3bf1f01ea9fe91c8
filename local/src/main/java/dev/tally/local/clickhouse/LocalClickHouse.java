package dev.tally.local.clickhouse;

import dev.tally.common.clickhouse.ClickHouseUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local ClickHouse endpoint: {@code local/clickhouse-http/server.js} (the real ClickHouse engine,
 * embedded by chDB, behind ClickHouse's HTTP interface) run as a child process of this JVM.
 *
 * <p>The child cannot outlive us: it holds a pipe to our process as its stdin and exits when that
 * pipe closes, which the OS does however this JVM ends. {@link #close()} and a shutdown hook stop
 * it sooner.
 */
public final class LocalClickHouse implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalClickHouse.class);

    private static final Pattern READY_LINE = Pattern.compile("ready port=(\\d+)");
    // Warm, the server is ready in well under a second; loading the ~500 MB engine from a cold disk
    // takes seconds, and a machine busy with other builds longer still.
    static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    // Running queries finish before the server exits; beyond this we stop waiting for them.
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final int REMEMBERED_ERROR_LINES = 20;

    private final LocalClickHouseConfig config;
    private final Process process;
    private final int port;
    private final OutputStream parentPipe;
    private final List<Thread> outputPumps;
    private final Thread shutdownHook;
    private boolean stopped; // guarded by this

    private LocalClickHouse(LocalClickHouseConfig config, Process process, int port, List<Thread> outputPumps) {
        this.config = config;
        this.process = process;
        this.port = port;
        this.parentPipe = process.getOutputStream();
        this.outputPumps = outputPumps;
        this.shutdownHook = new Thread(this::stop, "local-clickhouse-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        process.onExit().thenRun(this::reportUnexpectedExit);
    }

    private synchronized void reportUnexpectedExit() {
        if (!stopped) {
            LOG.error("local ClickHouse (pid {}) exited unexpectedly with code {}; queries to port {} will fail",
                    process.pid(), process.exitValue(), port);
        }
    }

    /**
     * Starts the endpoint and returns once it answers queries.
     *
     * @throws LocalClickHouseException with the one line that says why it could not start (chDB not
     *                                  installed, port in use, Node.js missing, …)
     */
    public static LocalClickHouse start(LocalClickHouseConfig config) {
        if (!Files.isRegularFile(config.serverScript())) {
            throw new LocalClickHouseException("the local ClickHouse server is missing: " + config.serverScript()
                    + " does not exist");
        }
        long started = System.nanoTime();
        Process process = launch(config);
        StartupWatch watch = new StartupWatch();
        List<Thread> pumps = List.of(
                pump(process.getInputStream(), "stdout", watch::onStdout),
                pump(process.getErrorStream(), "stderr", watch::onStderr));
        int port = watch.awaitReady(process, pumps);
        LOG.info("local ClickHouse (pid {}) serves http://127.0.0.1:{} from {}, ready after {} ms", process.pid(), port,
                config.dataDir(), (System.nanoTime() - started) / 1_000_000);
        return new LocalClickHouse(config, process, port, pumps);
    }

    private static Process launch(LocalClickHouseConfig config) {
        List<String> command = new ArrayList<>(List.of(config.nodeCommand(), config.serverScript().toString(),
                "--data-dir", config.dataDir().toString(),
                "--port", Integer.toString(config.port()),
                "--exit-with-stdin"));
        if (config.configFile() != null) {
            command.addAll(List.of("--config-file", config.configFile().toString()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(config.serverDir().toFile());
        // server.js pins UTC itself; setting it here too keeps any other child tool consistent.
        builder.environment().put("TZ", "UTC");
        try {
            return builder.start();
        } catch (IOException e) {
            throw nodeDidNotStart(config.nodeCommand(), e);
        }
    }

    private static LocalClickHouseException nodeDidNotStart(String nodeCommand, IOException e) {
        String reason = String.valueOf(e.getMessage());
        boolean notFound = reason.contains("error=2,") || reason.contains("No such file");
        if (notFound) {
            String where = nodeCommand.contains("/") ? "" : " on PATH";
            return new LocalClickHouseException(nodeCommand + " was not found" + where + ": install Node.js 20", e);
        }
        return new LocalClickHouseException("could not run " + nodeCommand + ": " + reason, e);
    }

    /** Copies one output stream of the child, line by line, to {@code sink}; ends with the stream. */
    private static Thread pump(InputStream stream, String name, Consumer<String> sink) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                LOG.debug("local ClickHouse {} closed: {}", name, e.toString());
            }
        }, "local-clickhouse-" + name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Follows the child's output until it says it is ready, and remembers why it failed if it does not. */
    private static final class StartupWatch {
        private final CompletableFuture<Integer> ready = new CompletableFuture<>();
        private final Deque<String> errorLines = new ArrayDeque<>();

        void onStdout(String line) {
            Matcher matcher = READY_LINE.matcher(line.trim());
            if (!ready.isDone() && matcher.matches()) {
                ready.complete(Integer.parseInt(matcher.group(1)));
            } else {
                LOG.info("clickhouse-http: {}", line);
            }
        }

        void onStderr(String line) {
            if (line.isBlank()) {
                return;
            }
            // once the server is up, its stderr is just a warning; before that (and when it exited
            // first, which completes `ready` exceptionally, possibly before this line is read) it
            // is the reason it could not start
            if (ready.isDone() && !ready.isCompletedExceptionally()) {
                LOG.warn("clickhouse-http: {}", line);
                return;
            }
            LOG.debug("clickhouse-http: {}", line);
            synchronized (errorLines) {
                errorLines.addLast(line.trim());
                if (errorLines.size() > REMEMBERED_ERROR_LINES) {
                    errorLines.removeFirst();
                }
            }
        }

        int awaitReady(Process process, List<Thread> pumps) {
            process.onExit().thenRun(() -> ready.completeExceptionally(new IllegalStateException("exited")));
            try {
                return ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException exited) {
                joinQuietly(pumps); // the reason may still be in the stderr pipe
                throw new LocalClickHouseException(lastErrorLine().orElse(
                        "the local ClickHouse server exited with code " + process.exitValue() + " before it was ready"));
            } catch (TimeoutException e) {
                process.destroyForcibly();
                throw new LocalClickHouseException("the local ClickHouse server was not ready within "
                        + START_TIMEOUT.toSeconds() + " s" + lastErrorLine().map(l -> ": " + l).orElse(""));
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new LocalClickHouseException("interrupted while starting the local ClickHouse server", e);
            }
        }

        private Optional<String> lastErrorLine() {
            synchronized (errorLines) {
                return Optional.ofNullable(errorLines.peekLast());
            }
        }
    }

    private static void joinQuietly(List<Thread> threads) {
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The HTTP port the endpoint listens on (on 127.0.0.1). */
    public int port() {
        return port;
    }

    /** The plain ClickHouse HTTP URL, {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Tally's URL for this endpoint: database {@value ClickHouseUrl#DEFAULT_DATABASE}, no credentials. */
    public ClickHouseUrl clickHouseUrl() {
        return new ClickHouseUrl("http", "127.0.0.1", port, ClickHouseUrl.DEFAULT_DATABASE, ClickHouseUrl.DEFAULT_USER, "");
    }

    /** The process id of the Node.js child. */
    public long pid() {
        return process.pid();
    }

    public LocalClickHouseConfig config() {
        return config;
    }

    /**
     * What starts this endpoint again as it is now: the same data folder and the same port, also when
     * 0 picked it, so clients configured with its URL find it again (an outage in a fault test).
     */
    public LocalClickHouseConfig sameAgain() {
        return config.withPort(port);
    }

    /** Stops the child and waits until it has exited. Idempotent. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    /** Synchronized: whoever comes second (close() or the shutdown hook) returns once the child is gone. */
    private synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            // End of stdin is the server's signal to finish running queries, close the engine and exit.
            closeParentPipe();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("local ClickHouse (pid {}) did not stop within {} s; terminating it", process.pid(),
                        STOP_TIMEOUT.toSeconds());
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        joinQuietly(outputPumps);
        LOG.info("local ClickHouse (pid {}) stopped", process.pid());
    }

    private void closeParentPipe() {
        try {
            parentPipe.close();
        } catch (IOException e) {
            LOG.debug("could not close the local ClickHouse server's stdin; terminating it instead", e);
            process.destroy();
        }
    }
}
