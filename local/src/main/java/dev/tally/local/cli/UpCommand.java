package dev.tally.local.cli;

import dev.tally.local.stack.LocalStack;
import dev.tally.local.stack.PipelineJobs;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the local stack and keep it running until Ctrl-C or ./tally down:",
                "the ingest gateway (remote_write, OTLP), Kafka (KRaft) with Tally's topics, ClickHouse (chdb)",
                "with the schema migrated, a Flink MiniCluster running the pipeline's jobs (ingest samples,",
                "usage, log volume, cost allocation). Prints the endpoints.",
                "Data persists in the data folder across restarts."})
final class UpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StackOptions stackOptions;

    @Override
    public Integer call() throws Exception {
        var config = stackOptions.toConfig(ProjectHome.find(), ProjectHome.find().resolve(".tally"), Duration.ofSeconds(10));
        CountDownLatch stopped = new CountDownLatch(1);
        LocalStack stack = LocalStack.start(config, step -> out().println("… " + step));
        Thread shutdown = new Thread(() -> {
            out().println("… stopping the local stack");
            stack.close();
            stopped.countDown();
        }, "tally-up-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        PipelineJobs.startStackJobs(stack, PipelineJobs.PARALLELISM);

        out().println();
        out().println("Tally's local stack is up.");
        out().println("  Gateway     " + stack.gateway().url() + "  (remote_write: api/v1/write, OTLP: v1/metrics, v1/logs;"
                + " cluster tokens in " + stack.gatewayTokens().file() + ")");
        out().println("  Kafka       " + stack.kafka().bootstrapServers());
        out().println("  ClickHouse  " + stack.clickHouse().url() + "  (database " + stack.clickHouseUrl().database() + ", schema v"
                + stack.migrations().schemaVersion() + ")");
        out().println("  Flink UI    " + stack.flink().webUi());
        out().println("  data        " + config.dataDir());
        boolean defaultData = config.dataDir().equals(ProjectHome.find().resolve(".tally"));
        out().println("Stop it with ./tally down" + (defaultData ? "" : " --data " + config.dataDir()) + " or Ctrl-C.");
        stopped.await();
        return 0;
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
