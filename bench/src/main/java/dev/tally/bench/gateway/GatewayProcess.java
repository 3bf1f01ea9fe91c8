package dev.tally.bench.gateway;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The ingest gateway ({@code GatewayMain}) in its own JVM with a capped heap, so its heap is
 * measured alone (not with the broker and the load clients) and a too-small cap would show as
 * lost throughput or an OutOfMemoryError. Its GC log is the heap measurement: every collection's
 * heap before (the peak of what the gateway allocated and held) and after (what stays live).
 */
final class GatewayProcess implements AutoCloseable {
    private static final Pattern GC_LINE = Pattern.compile("GC\\(\\d+\\) (Pause [^()]*).*? (\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final Process process;
    private final Path dir;
    private final URI url;

    private GatewayProcess(Process process, Path dir, URI url) {
        this.process = process;
        this.dir = dir;
        this.url = url;
    }

    /** Heap at the collections within a window of the run. */
    record Heap(int collections, long peakBeforeGcMb, long maxAfterGcMb, long committedMb) {
    }

    static GatewayProcess start(String bootstrapServers, Map<String, String> tokenByCluster, String maxHeap, Path dir)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path config = dir.resolve("gateway.properties");
        Files.writeString(config, "bind-address=127.0.0.1\nport=0\nkafka.bootstrap-servers=" + bootstrapServers + "\n");
        Path log = dir.resolve("gateway.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-Xlog:gc:file=" + dir.resolve("gc.log"),
                "-XX:+HeapDumpOnOutOfMemoryError", "-XX:HeapDumpPath=" + dir,
                "-cp", System.getProperty("java.class.path"), "dev.tally.ingest.gateway.GatewayMain", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TALLY_GATEWAY_TOKENS", tokenByCluster.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "bench-gateway-stop"));
        Pattern listening = Pattern.compile("tally gateway listening on (\\S+)");
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited with code " + process.exitValue() + ": " + tail(log));
            }
            Matcher m = listening.matcher(Files.readString(log));
            if (m.find()) {
                return new GatewayProcess(process, dir, URI.create(m.group(1)));
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the gateway did not start within 90 s: " + tail(log));
    }

    URI url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Lines of the GC log so far: mark a window's start and end with it. */
    int gcLogLines() throws IOException {
        Path gc = dir.resolve("gc.log");
        return Files.exists(gc) ? Files.readAllLines(gc).size() : 0;
    }

    /** The collections logged between two {@link #gcLogLines()} marks. */
    Heap heapBetween(int fromLine, int toLine) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("gc.log"));
        return heapOf(lines.subList(Math.min(fromLine, lines.size()), Math.min(toLine, lines.size())));
    }

    /** Reads unified GC log lines ({@code -Xlog:gc}): each pause's heap before, after and committed. */
    static Heap heapOf(List<String> gcLogLines) {
        int collections = 0;
        long peak = 0;
        long after = 0;
        long committed = 0;
        for (String line : gcLogLines) {
            Matcher m = GC_LINE.matcher(line);
            if (m.find()) {
                collections++;
                peak = Math.max(peak, Long.parseLong(m.group(2)));
                after = Math.max(after, Long.parseLong(m.group(3)));
                committed = Math.max(committed, Long.parseLong(m.group(4)));
            }
        }
        return new Heap(collections, peak, after, committed);
    }

    String logTail() {
        return tail(dir.resolve("gateway.log"));
    }

    private static String tail(Path log) {
        return dev.tally.bench.e2e.ComponentProcess.tail(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
