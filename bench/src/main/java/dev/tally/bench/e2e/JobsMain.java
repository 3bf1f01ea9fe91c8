package dev.tally.bench.e2e;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.jobs.ingesthealth.IngestSamplesJob;
import dev.tally.jobs.rightsizing.RightsizingSettings;
import dev.tally.jobs.usage.UsageSettings;
import dev.tally.local.flink.LocalFlink;
import dev.tally.local.flink.LocalFlinkConfig;
import dev.tally.local.stack.PipelineJobs;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Flink MiniCluster with the three jobs that read every sample of {@code tally.metrics.v1}
 * (ingest samples, usage, rightsizing), at their deployed defaults, alone in its process:
 * {@code JobsMain <bootstrap servers> <ClickHouse URL> <checkpoint dir> <checkpoint interval s>};
 * prints {@code jobs ready} once all three are submitted and runs until the process is stopped.
 */
public final class JobsMain {

    private JobsMain() {
    }

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        ClickHouseUrl clickHouse = ClickHouseUrl.parse(args[1]);
        LocalFlink flink = LocalFlink.start(new LocalFlinkConfig(Path.of(args[2]), 0, 20,
                Duration.ofSeconds(Long.parseLong(args[3]))));
        Runtime.getRuntime().addShutdownHook(new Thread(flink::close, "flink-stop"));
        PipelineJobs.startIngestSamples(flink, bootstrap, clickHouse, IngestSamplesJob.IngestSamplesSettings.defaults());
        PipelineJobs.startUsage(flink, bootstrap, clickHouse, UsageSettings.defaults());
        PipelineJobs.startRightsizing(flink, bootstrap, clickHouse, RightsizingSettings.defaults());
        System.out.println("jobs ready " + flink.webUi());
        Thread.currentThread().join();
    }
}
