package dev.tally.local.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * A failed command prints one line, {@code tally <command>: <cause and fix>}, and exits 1.
 * The stack trace is for developers: set {@code TALLY_DEBUG=1} to see it.
 */
final class OneLineErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
        command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + message(e)); // "tally costs runs"
        if (System.getenv("TALLY_DEBUG") != null) {
            e.printStackTrace(command.getErr());
        }
        return 1;
    }

    static String message(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
