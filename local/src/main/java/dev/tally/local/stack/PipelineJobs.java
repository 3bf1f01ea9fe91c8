package dev.tally.local.stack;

import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.topics.Topic;
import dev.tally.jobs.allocation.stream.AllocatedPricesTopic;
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
    static final int PARALLELISM = LocalKafkaConfig.DEFAULT_TOPIC_PARTITIONS;

    private PipelineJobs() {
    }

    /** Starts the ingest-samples job; it follows the metrics topic until cancelled. */
    public static JobClient startIngestSamples(LocalStack stack, IngestSamplesJob.IngestSamplesSettings settings)
            throws Exception {
        return startIngestSamples(stack.flink(), stack.kafka().bootstrapServers(), stack.clickHouseUrl(), settings);
    }

    /** The same on any Flink, Kafka and ClickHouse (e.g. a benchmark's, each in a process of its own). */
    public static JobClient startIngestSamples(LocalFlink flink, String bootstrapServers, ClickHouseUrl clickHouse,
                                               IngestSamplesJob.IngestSamplesSettings settings) throws Exception {
        IngestSamplesJob job = ingestSamples(KafkaConnection.plaintext(bootstrapServers), clickHouse, settings, false);
        StreamExecutionEnvironment env = flink.environment(job.name(), PARALLELISM);
        job.addTo(env);
        return env.executeAsync(job.name());
    }

    /** Starts the usage job: raw metrics to usage_hourly, node_hourly, volume_hourly and tally.usage.v1. */
    public static JobClient startUsage(LocalStack stack, UsageSettings settings) throws Exception {
        return startUsage(stack.flink(), stack.kafka().bootstrapServers(), stack.clickHouseUrl(), settings);
    }

    /** The same on any Flink, Kafka and ClickHouse. */
    public static JobClient startUsage(LocalFlink flink, String bootstrapServers, ClickHouseUrl clickHouse, UsageSettings settings)
            throws Exception {
        UsageJob job = UsageJob.kafka(KafkaConnection.plaintext(bootstrapServers), Topic.METRICS.topicName(), UsageJob.CONSUMER_GROUP,
                clickHouse, settings, false);
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
        LogVolumeJob job = LogVolumeJob.kafka(KafkaConnection.plaintext(stack.kafka().bootstrapServers()), stack.clickHouseUrl(), settings, false);
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
        AllocationJob job = AllocationJob.kafka(KafkaConnection.plaintext(stack.kafka().bootstrapServers()), "", AllocationJob.CONSUMER_GROUP,
                        stack.clickHouseUrl(), settings, owners, false)
                .allocatedPricesTo(AllocatedPricesTopic.kafka(KafkaConnection.plaintext(stack.kafka().bootstrapServers()), ""));
        StreamExecutionEnvironment env = stack.flink().environment(job.name(), PARALLELISM);
        job.addTo(env);
        return env.executeAsync(job.name());
    }

    public static IngestSamplesJob ingestSamples(KafkaConnection kafka, ClickHouseUrl clickHouse,
                                                 IngestSamplesJob.IngestSamplesSettings settings, boolean bounded) {
        return IngestSamplesJob.kafka(kafka, clickHouse, settings, bounded);
    }
}
