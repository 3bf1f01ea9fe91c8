package dev.tally.local.cli;

import dev.tally.local.demo.Demo;
import dev.tally.local.demo.DemoSettings;
import dev.tally.local.demo.DemoSummary;
import dev.tally.local.stack.DataFolder;
import dev.tally.local.stack.LocalStack;
import dev.tally.local.stack.StackFile;
import dev.tally.local.stack.LocalStackConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline on a simulated fleet of AKS clusters: starts a fresh stack",
                "(any free ports, data in <project>/.tally/demo, wiped first), pushes simulated days of the",
                "clusters' metrics (remote_write) and logs (OTLP) through the ingest gateway into Kafka, the",
                "Flink jobs (ingest samples, usage, log volume, allocation) and ClickHouse, imports the fleet's",
                "cost export of those days, and ends with a summary read back from ClickHouse, checked against",
                "the simulator's ground truth, and a chargeback table per team reconciled to that invoice.",
                "Afterwards, ./tally up --data .tally/demo serves the demo's data."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--days", defaultValue = "1", description = "simulated days, ending at the start of today UTC (default: ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--hours", description = "simulated hours instead of days, ending at the start of today UTC, for a quick look")
    Integer hours;

    @Option(names = "--seed", defaultValue = "42", description = "the fleet simulator's seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--data", paramLabel = "DIR", description = "data folder for the demo's stack (default: <project>/.tally/demo)")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        Path home = ProjectHome.find();
        Path data = dataDir != null ? dataDir.toAbsolutePath() : home.resolve(".tally/demo");
        LocalStackConfig config = new LocalStackConfig(home, data, 0, 0, 0, 0, 0, LocalStackConfig.DEFAULT_CLUSTERS, Duration.ofSeconds(2));
        wipe(config);
        DemoSettings settings = hours != null ? DemoSettings.lastHours(seed, hours) : DemoSettings.lastHours(seed, 24 * days);
        System.out.println("Tally demo: " + Duration.between(settings.from(), settings.to()).toHours() + " simulated hours ("
                + settings.from() + " to " + settings.to() + "), seed " + seed);
        long start = System.nanoTime();
        DemoSummary summary;
        try (LocalStack stack = LocalStack.start(config, step -> System.out.println("… " + step))) {
            System.out.println("… stack up: gateway " + stack.gateway().url() + ", Kafka " + stack.kafka().bootstrapServers()
                    + ", ClickHouse " + stack.clickHouse().url()
                    + ", Flink UI " + stack.flink().webUi());
            summary = new Demo(stack, settings, System.out).run();
            System.out.println("… stopping the stack");
        }
        summary.print(System.out);
        System.out.printf("Demo finished in %.0f s. Its data stays in %s (./tally up --data %s to explore it).%n",
                (System.nanoTime() - start) / 1e9, data, home.relativize(data));
        return summary.matches() ? 0 : 1;
    }

    private static void wipe(LocalStackConfig config) throws IOException {
        Path data = config.dataDir();
        if (!Files.exists(data)) {
            return;
        }
        if (StackFile.read(config.stackFile()).filter(StackFile::isRunning).isPresent()) {
            throw new IllegalStateException("a stack runs on " + data + ": stop it with ./tally down --data " + data);
        }
        DataFolder.deleteRecursively(data);
    }
}
