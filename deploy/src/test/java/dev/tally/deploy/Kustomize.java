package dev.tally.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Renders kustomize directories with {@code kubectl kustomize} (Debian's kubectl; local/bin/tally-setup
 * installs the {@code kubernetes-client} package when no kubectl is on the PATH). Renders are cached:
 * every test class reads the same overlays.
 */
final class Kustomize {
    static final Path KUSTOMIZE_DIR = projectRoot().resolve("deploy/kustomize");
    private static final Map<Path, String> RENDERED = new ConcurrentHashMap<>();

    private Kustomize() {
    }

    /** Every directory under deploy/kustomize/overlays. */
    static List<Path> overlays() {
        try (Stream<Path> dirs = Files.list(KUSTOMIZE_DIR.resolve("overlays"))) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + KUSTOMIZE_DIR.resolve("overlays"), e);
        }
    }

    static Path overlay(String name) {
        return KUSTOMIZE_DIR.resolve("overlays").resolve(name);
    }

    static String render(Path dir) {
        return RENDERED.computeIfAbsent(dir, Kustomize::run);
    }

    private static String run(Path dir) {
        Process process;
        try {
            process = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("kubectl was not found: run local/bin/tally-setup (./tally test does), "
                    + "which installs Debian's kubernetes-client package", e);
        }
        try {
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed: " + err.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("kubectl kustomize " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted rendering " + dir, e);
        }
    }

    /** The repository root, whether Maven runs from it or from deploy/. */
    static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        return Files.isDirectory(dir.resolve("deploy/kustomize")) ? dir : dir.getParent();
    }
}
