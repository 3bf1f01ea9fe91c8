package dev.tally.local.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs one of the launcher's scripts in {@code local/bin}, so the CLI and ./tally do the same thing. */
final class ScriptCommand {
    private ScriptCommand() {
    }

    static int run(String script, List<String> args) throws Exception {
        Path home = ProjectHome.find();
        Path path = home.resolve("local/bin").resolve(script);
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is missing or not executable: run from a complete checkout");
        }
        List<String> command = new ArrayList<>(List.of(path.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).inheritIO();
        builder.environment().put("TALLY_HOME", home.toString());
        return builder.start().waitFor();
    }
}
