package dev.tally.local.prometheus;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the programs of Debian's {@code prometheus} package (2.42: {@code prometheus},
 * {@code promtool}) are, which {@code ./tally test} installs: the tests' harness and the
 * benchmarks start them from here.
 */
public final class PrometheusInstallation {
    public static final String NOT_INSTALLED =
            "prometheus is not installed (Debian package 'prometheus', 2.42): run ./tally test, which installs it"
                    + " (local/bin/tally-setup), or apt-get install prometheus";

    private PrometheusInstallation() {
    }

    /** Where {@code name} is on the PATH (or in /usr/bin, /usr/local/bin without one), if anywhere. */
    public static Optional<Path> executable(String name) {
        return executable(name, System.getenv("PATH"));
    }

    static Optional<Path> executable(String name, String path) {
        for (String dir : (path == null ? "/usr/bin:/usr/local/bin" : path).split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
