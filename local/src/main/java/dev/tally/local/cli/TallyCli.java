package dev.tally.local.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tally} command line: the local stack, the demo, tests, benchmarks, and later stages' commands. */
@Command(name = "tally",
        mixinStandardHelpOptions = true,
        versionProvider = TallyVersion.class,
        description = {
                "Tally: streaming chargeback and rightsizing for Kubernetes on Azure.",
                "Defaults may also come from <project>/tally.properties (key = option name without dashes, e.g. kafka-port=9192)."},
        subcommands = {UpCommand.class, DownCommand.class, MigrateCommand.class, DemoCommand.class, FleetCommand.class, CostsCommand.class, ReportCommand.class,
                TestCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class TallyCli {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs one command line with the given output and error streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new TallyCli()).setOut(out).setErr(err).setUsageHelpWidth(110);
        Path properties = ProjectHome.find().resolve("tally.properties");
        if (Files.exists(properties)) {
            cli.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(properties.toFile()));
        }
        cli.setExecutionExceptionHandler(new OneLineErrors());
        return cli.execute(args);
    }
}
