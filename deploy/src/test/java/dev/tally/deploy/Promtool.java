package dev.tally.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Debian's promtool (package prometheus; local/bin/tally-setup installs it), run to its end. */
final class Promtool {
    private Promtool() {
    }

    record Result(int exitCode, String output) {
    }

    static Result run(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("promtool was not found: run local/bin/tally-setup (./tally test does), "
                    + "which installs Debian's prometheus package", e);
        }
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(process.waitFor(), out);
    }
}
