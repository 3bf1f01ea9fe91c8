package dev.tally.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One pipeline component in a JVM of its own (through {@link MeasuredMain}), so its heap, RSS and
 * CPU are its own and not the harness's or another component's. Started with the bench's class
 * path and the project's {@code jvm.options}; its output goes to {@code <dir>/<name>.log}.
 *
 * @param ready what the component's ready line said (group 1 of the pattern), e.g. its address
 */
public record ComponentProcess(String name, Process process, Path log, Path heapFile, String ready) implements AutoCloseable {

    /** The heap as {@link MeasuredMain} last reported it. */
    record Heap(long epochMillis, double usedMb, double committedMb, double afterGcMb, long collections) {
        static Optional<Heap> parse(String line) {
            String[] f = line.trim().split(" ");
            if (f.length != 5) {
                return Optional.empty();
            }
            return Optional.of(new Heap(Long.parseLong(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Long.parseLong(f[4])));
        }
    }

    /**
     * Starts {@code mainClass} and waits until its log has a line matching {@code readyPattern}
     * (group 1 is then {@link #ready()}, e.g. the address it listens on).
     */
    static ComponentProcess start(String name, String mainClass, List<String> args, String maxHeap, Path dir,
                                  Map<String, String> env, Pattern readyPattern, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        Path heapFile = dir.resolve(name + ".heap");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-XX:+UseG1GC"));
        Path jvmOptions = Path.of(System.getProperty("tally.home", "."), "jvm.options");
        if (Files.exists(jvmOptions)) {
            command.add("@" + jvmOptions.toAbsolutePath());
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MeasuredMain.class.getName(),
                heapFile.toString(), mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "bench-stop-" + name));
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + ": " + tail(log));
            }
            Matcher m = readyPattern.matcher(Files.readString(log));
            if (m.find()) {
                return new ComponentProcess(name, process, log, heapFile, m.groupCount() > 0 ? m.group(1) : "");
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException(name + " did not start within " + timeout + ": " + tail(log));
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Optional<Heap> heap() {
        try {
            if (!Files.exists(heapFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(heapFile);
            return lines.isEmpty() ? Optional.empty() : Heap.parse(lines.get(lines.size() - 1));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    String logTail() {
        return tail(log);
    }

    /** The last 20 lines of a log, for an error message. */
    public static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
