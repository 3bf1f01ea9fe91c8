package dev.tally.local.stack;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.topics.Topic;
import dev.tally.jobs.clickhouse.ClickHouseSink;
import dev.tally.jobs.clickhouse.ClickHouseSinkSettings;
import dev.tally.jobs.deadletter.DeadLetterSinks;
import dev.tally.jobs.ingesthealth.IngestSamplesHourlyTable;
import dev.tally.jobs.ingesthealth.IngestSamplesJob;
import dev.tally.jobs.telemetry.RawTelemetrySource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Submits the pipeline's Flink jobs to the local stack, wired to its Kafka and ClickHouse. */
public final class PipelineJobs {
    public static final String INGEST_SAMPLES_GROUP = "tally-ingest-samples";

    private PipelineJobs() {
    }

    /** Starts the ingest-samples job; it follows the metrics topic until cancelled. */
    public static JobClient startIngestSamples(LocalStack stack, IngestSamplesJob.IngestSamplesSettings settings)
            throws Exception {
        IngestSamplesJob job = ingestSamples(stack.kafka().bootstrapServers(), stack.clickHouseUrl(), settings, false);
        StreamExecutionEnvironment env = stack.flink().environment(job.name(), 2);
        job.addTo(env);
        return env.executeAsync(job.name());
    }

    public static IngestSamplesJob ingestSamples(String bootstrapServers, ClickHouseUrl clickHouse,
                                                 IngestSamplesJob.IngestSamplesSettings settings, boolean bounded) {
        return new IngestSamplesJob(
                RawTelemetrySource.kafka(bootstrapServers, Topic.METRICS.topicName(), INGEST_SAMPLES_GROUP, bounded),
                new ClickHouseSink<>(ClickHouseSinkSettings.of(clickHouse),
                        new IngestSamplesHourlyTable()),
                DeadLetterSinks.kafka(bootstrapServers),
                settings);
    }
}
