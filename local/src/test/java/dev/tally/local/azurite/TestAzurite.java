package dev.tally.local.azurite;

import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.stack.DataFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Azurite's Blob service (the Azure Storage emulator, npm package {@code azurite}, installed into
 * {@code local/azurite} by {@code ./tally test}), one per test JVM on a free port, stopped when the
 * JVM exits. Without the package the tests fail saying how to install it; they are never skipped.
 */
public final class TestAzurite {
    /** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static Integer port;

    private TestAzurite() {
    }

    /** The Blob endpoint, e.g. {@code http://127.0.0.1:41234/devstoreaccount1}. */
    public static synchronized String blobEndpoint() {
        if (port == null) {
            port = start();
        }
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    public static String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=" + blobEndpoint() + ";";
    }

    private static int start() {
        Path main = TestClickHouse.projectHome().resolve("local/azurite/node_modules/azurite/dist/src/blob/main.js");
        if (!Files.isRegularFile(main)) {
            throw new IllegalStateException("Azurite is not installed (" + main + " is missing): run ./tally test once, "
                    + "or npm ci --prefix local/azurite");
        }
        try {
            Path workspace = Files.createTempDirectory("tally-azurite-");
            int free;
            try (ServerSocket s = new ServerSocket(0)) {
                free = s.getLocalPort();
            }
            Path log = workspace.resolve("azurite.log");
            Process process = new ProcessBuilder(List.of("node", main.toString(), "--blobHost", "127.0.0.1",
                    "--blobPort", Integer.toString(free), "--location", workspace.toString(), "--silent",
                    "--skipApiVersionCheck", "--loose", "--disableTelemetry"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                process.destroy();
                DataFolder.deleteRecursively(workspace);
            }, "test-azurite-stop"));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Azurite exited with " + process.exitValue() + ": " + Files.readString(log));
                }
                try (Socket ignored = new Socket("127.0.0.1", free)) {
                    return free;
                } catch (IOException notYet) {
                    Thread.sleep(100);
                }
            }
            process.destroy();
            throw new IllegalStateException("Azurite did not listen on port " + free + " within 60 s: " + Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
