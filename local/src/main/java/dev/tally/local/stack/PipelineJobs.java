package dev.tally.local.stack;

import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.topics.Topic;
import dev.tally.jobs.allocation.stream.AllocatedPricesTopic;
import dev.tally.jobs.clickhouse.ClickHouseRetry;
import dev.tally.jobs.clickhouse.ClickHouseSinkSettings;
import dev.tally.jobs.allocation.stream.AllocationJob;
import dev.tally.jobs.allocation.stream.AllocationSettings;
import dev.tally.jobs.allocation.stream.WorkloadOwnerLookup;
import dev.tally.jobs.ingesthealth.IngestSamplesJob;
import dev.tally.jobs.logvolume.LogVolumeJob;
import dev.tally.jobs.rightsizing.RightsizingJob;
import dev.tally.jobs.rightsizing.RightsizingSettings;
import dev.tally.jobs.usage.UsageJob;
import dev.tally.jobs.usage.UsageSettings;
import dev.tally.local.flink.LocalFlink;
import dev.tally.local.kafka.LocalKafkaConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Submits the pipeline's Flink jobs to the local stack, wired to its Kafka and ClickHouse. */
public final class PipelineJobs {
    /**
     * Each job reads with one source subtask per topic partition. Event time is tracked per
     * source subtask, so one subtask per partition makes a cluster whose partition lags hold
     * event time back instead of seeing its samples as late (the gateway keys by cluster: one
     * cluster, one partition). With fewer subtasks than partitions, a fast partition would
     * carry event time ahead of a slow one.
     */
    public static final int PARALLELISM = LocalKafkaConfig.DEFAULT_TOPIC_PARTITIONS;

    private PipelineJobs() {
    }

    /** A job running on the stack's MiniCluster, under the name its checkpoints and savepoints are kept by. */
    public record RunningJob(String name, JobClient client) {
    }

    /**
     * Starts the jobs {@code tally up} runs (ingest samples, usage, log volume, allocation without a
     * catalog, all with their default settings), each resuming from its newest checkpoint or savepoint.
     *
     * @param parallelism subtasks per operator; {@link #PARALLELISM} normally. A job resumed from a
     *                    savepoint may take another (its keyed state is redistributed)
     */
    public static List<RunningJob> startStackJobs(LocalStack stack, int parallelism) throws Exception {
        KafkaConnection kafka = KafkaConnection.plaintext(stack.kafka().bootstrapServers());
        IngestSamplesJob ingest = ingestSamples(kafka, stack.clickHouseUrl(), IngestSamplesJob.IngestSamplesSettings.defaults(), false);
        UsageJob usage = UsageJob.kafka(kafka, Topic.METRICS.topicName(), UsageJob.CONSUMER_GROUP, stack.clickHouseUrl(),
                UsageSettings.defaults(), false);
        LogVolumeJob logs = LogVolumeJob.kafka(kafka, stack.clickHouseUrl(), LogVolumeJob.LogVolumeSettings.defaults(), false);
        // no catalog configured here: every workload is unowned until one is (docs/ownership.md)
        AllocationJob allocation = allocation(stack, AllocationSettings.defaults(), WorkloadOwnerLookup.none(),
                ClickHouseRetry.defaults());
        List<RunningJob> jobs = new ArrayList<>();
        jobs.add(start(stack, ingest.name(), parallelism, ingest::addTo));
        jobs.add(start(stack, usage.name(), parallelism, usage::addTo));
        jobs.add(start(stack, logs.name(), parallelism, logs::addTo));
        jobs.add(start(stack, allocation.name(), parallelism, allocation::addTo));
        return jobs;
    }

    private static RunningJob start(LocalStack stack, String name, int parallelism, Consumer<StreamExecutionEnvironment> addTo)
            throws Exception {
        StreamExecutionEnvironment env = stack.flink().environment(name, parallelism);
        addTo.accept(env);
        return new RunningJob(name, env.executeAsync(name));
    }

    /** Starts the ingest-samples job; it follows the metrics topic until cancelled. */
    public static JobClient startIngestSamples(LocalStack stack, IngestSamplesJob.IngestSamplesSettings settings)
            throws Exception {
        return startIngestSamples(stack, settings, ClickHouseRetry.defaults());
    }

    /** As above, its ClickHouse sink retrying an outage as {@code retry} says (fault tests: a short budget). */
    public static JobClient startIngestSamples(LocalStack stack, IngestSamplesJob.IngestSamplesSettings settings,
                                               ClickHouseRetry retry) throws Exception {
        return startIngestSamples(stack.flink(), stack.kafka().bootstrapServers(), sinkSettings(stack, retry), settings);
    }

    /** The same on any Flink, Kafka and ClickHouse (e.g. a benchmark's, each in a process of its own). */
    public static JobClient startIngestSamples(LocalFlink flink, String bootstrapServers, ClickHouseUrl clickHouse,
                                               IngestSamplesJob.IngestSamplesSettings settings) throws Exception {
        return startIngestSamples(flink, bootstrapServers, ClickHouseSinkSettings.of(clickHouse), settings);
    }

    private static JobClient startIngestSamples(LocalFlink flink, String bootstrapServers, ClickHouseSinkSettings sink,
                                                IngestSamplesJob.IngestSamplesSettings settings) throws Exception {
        IngestSamplesJob job = IngestSamplesJob.kafka(KafkaConnection.plaintext(bootstrapServers), sink, settings, false);
        StreamExecutionEnvironment env = flink.environment(job.name(), PARALLELISM);
        job.addTo(env);
        return env.executeAsync(job.name());
    }

    /** Starts the usage job: raw metrics to usage_hourly, node_hourly, volume_hourly and tally.usage.v1. */
    public static JobClient startUsage(LocalStack stack, UsageSettings settings) throws Exception {
        return startUsage(stack, settings, ClickHouseRetry.defaults());
    }

    /** As above, its ClickHouse sinks retrying an outage as {@code retry} says. */
    public static JobClient startUsage(LocalStack stack, UsageSettings settings, ClickHouseRetry retry) throws Exception {
        return startUsage(stack.flink(), stack.kafka().bootstrapServers(), sinkSettings(stack, retry), settings);
    }

    /** The same on any Flink, Kafka and ClickHouse. */
    public static JobClient startUsage(LocalFlink flink, String bootstrapServers, ClickHouseUrl clickHouse, UsageSettings settings)
            throws Exception {
        return startUsage(flink, bootstrapServers, ClickHouseSinkSettings.of(clickHouse), settings);
    }

    private static JobClient startUsage(LocalFlink flink, String bootstrapServers, ClickHouseSinkSettings sink, UsageSettings settings)
            throws Exception {
        UsageJob job = UsageJob.kafka(KafkaConnection.plaintext(bootstrapServers), Topic.METRICS.topicName(), UsageJob.CONSUMER_GROUP,
                sink, settings, false);
        StreamExecutionEnvironment env = flink.environment(job.name(), PARALLELISM);
        job.addTo(env);
        return env.executeAsync(job.name());
    }

    /**
     * Starts the rightsizing job: raw metrics to rightsizing_recommendations and tally.rightsizing.v1, its money at
     * the prices of tally.allocated-prices.v1.
     */
    public static JobClient startRightsizing(LocalStack stack, RightsizingSettings settings) throws Exception {
        return startRightsizing(stack.flink(), stack.kafka().bootstrapServers(), stack.clickHouseUrl(), settings);
    }

    /** The same on any Flink, Kafka and ClickHouse. */
    public static JobClient startRightsizing(LocalFlink flink, String bootstrapServers, ClickHouseUrl clickHouse,
                                             RightsizingSettings settings) throws Exception {
        RightsizingJob job = RightsizingJob.kafka(KafkaConnection.plaintext(bootstrapServers), Topic.METRICS.topicName(),
                RightsizingJob.CONSUMER_GROUP, clickHouse, settings, false);
        StreamExecutionEnvironment env = flink.environment(job.name(), PARALLELISM);
        job.addTo(env);
        return env.executeAsync(job.name());
    }

    /** Starts the log volume job: OTLP logs to log_usage_hourly and, as log rows, to tally.usage.v1 (the allocation job charges them). */
    public static JobClient startLogVolume(LocalStack stack, LogVolumeJob.LogVolumeSettings settings) throws Exception {
        return startLogVolume(stack, settings, ClickHouseRetry.defaults());
    }

    /** As above, its ClickHouse sink retrying an outage as {@code retry} says. */
    public static JobClient startLogVolume(LocalStack stack, LogVolumeJob.LogVolumeSettings settings, ClickHouseRetry retry)
            throws Exception {
        LogVolumeJob job = LogVolumeJob.kafka(KafkaConnection.plaintext(stack.kafka().bootstrapServers()),
                sinkSettings(stack, retry), settings, false);
        StreamExecutionEnvironment env = stack.flink().environment(job.name(), PARALLELISM);
        job.addTo(env);
        return env.executeAsync(job.name());
    }

    /**
     * Starts the allocation job: tally.usage.v1 and tally.costs.v1 to cost_allocation_daily, and its prices to
     * tally.allocated-prices.v1 (the rightsizing job's money).
     */
    public static JobClient startAllocation(LocalStack stack, AllocationSettings settings, WorkloadOwnerLookup owners)
            throws Exception {
        return startAllocation(stack, settings, owners, ClickHouseRetry.defaults());
    }

    /** As above, with the ClickHouse sink retrying an outage as {@code retry} says. */
    public static JobClient startAllocation(LocalStack stack, AllocationSettings settings, WorkloadOwnerLookup owners,
                                            ClickHouseRetry retry) throws Exception {
        AllocationJob job = allocation(stack, settings, owners, retry);
        StreamExecutionEnvironment env = stack.flink().environment(job.name(), PARALLELISM);
        job.addTo(env);
        return env.executeAsync(job.name());
    }

    /** The stack's allocation job (unbounded, its own consumer group) with its prices to tally.allocated-prices.v1. */
    private static AllocationJob allocation(LocalStack stack, AllocationSettings settings, WorkloadOwnerLookup owners,
                                            ClickHouseRetry retry) {
        KafkaConnection kafka = KafkaConnection.plaintext(stack.kafka().bootstrapServers());
        return AllocationJob.kafka(kafka, "", AllocationJob.CONSUMER_GROUP, sinkSettings(stack, retry), settings, owners, false)
                .allocatedPricesTo(AllocatedPricesTopic.kafka(kafka, ""));
    }

    private static ClickHouseSinkSettings sinkSettings(LocalStack stack, ClickHouseRetry retry) {
        return ClickHouseSinkSettings.of(stack.clickHouseUrl()).withRetry(retry);
    }

    public static IngestSamplesJob ingestSamples(KafkaConnection kafka, ClickHouseUrl clickHouse,
                                                 IngestSamplesJob.IngestSamplesSettings settings, boolean bounded) {
        return IngestSamplesJob.kafka(kafka, clickHouse, settings, bounded);
    }
}
