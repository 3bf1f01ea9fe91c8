package dev.tally.local.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The {@code tally} CLI as a user runs it: a separate JVM from the built jar and its lib folder,
 * with the launcher's JVM flags. Output is collected line by line for the test to read.
 */
public final class TallyProcess implements AutoCloseable {
    private final Process process;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());

    private TallyProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "tally-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    public static TallyProcess start(String... args) throws IOException {
        Path home = home();
        Path jar = home.resolve("local/target/tally-local.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: run the package phase first (mvn verify does)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + home.resolve("jvm.options"), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dtally.home=" + home,
                "-cp", jar + java.io.File.pathSeparator + home.resolve("local/target/lib") + "/*",
                "dev.tally.local.cli.TallyCli"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TALLY_HOME", home.toString());
        return new TallyProcess(builder.start());
    }

    public static Path home() {
        return Path.of(System.getProperty("tally.home", "..")).toAbsolutePath().normalize();
    }

    /** Waits for a line of output that satisfies {@code wanted}; fails with all output when the process ends first. */
    public String awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            synchronized (lines) {
                for (String line : lines) {
                    if (wanted.test(line)) {
                        return line;
                    }
                }
            }
            if (!process.isAlive()) {
                Thread.sleep(200);
                throw new AssertionError("tally exited with " + process.exitValue() + " before the expected line; output:\n" + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no expected line within " + timeout + "; output:\n" + output());
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("tally did not exit within " + timeout + "; output:\n" + output());
        }
        Thread.sleep(100); // let the reader drain the last lines
        return process.exitValue();
    }

    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
