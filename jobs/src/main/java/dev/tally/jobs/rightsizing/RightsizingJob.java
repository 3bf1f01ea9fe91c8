package dev.tally.jobs.rightsizing;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.rightsizing.RightsizingJson;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.topics.Topic;
import dev.tally.jobs.clickhouse.ClickHouseSink;
import dev.tally.jobs.clickhouse.ClickHouseSinkSettings;
import dev.tally.jobs.deadletter.DeadLetterSinks;
import dev.tally.jobs.kafka.KafkaSinks;
import dev.tally.jobs.rightsizing.recommend.ContainerRecommender;
import dev.tally.jobs.rightsizing.signals.ClusterSignalsFunction;
import dev.tally.jobs.rightsizing.signals.ContainerSignal;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.telemetry.RawTelemetrySource;
import dev.tally.jobs.telemetry.TelemetryEventTime;
import dev.tally.jobs.usage.UsageJob;
import dev.tally.jobs.usage.decode.ClusterSamples;
import dev.tally.jobs.usage.decode.MetricsDecoder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * From the raw metrics topic to rightsizing recommendations (issue 7, docs/rightsizing.md):
 * decodes each record as the usage job does, turns each cluster's samples into per-container
 * signals at scrape resolution ({@link ClusterSignalsFunction}), keeps per container of a workload
 * both strategies' histories and emits, every {@code emitEvery} of event time, one recommendation
 * per strategy ({@link ContainerRecommender}) to {@code rightsizing_recommendations}; the
 * {@code topicStrategy}'s go to the compacted {@code tally.rightsizing.v1}, keyed by container,
 * and a tombstone when a container is forgotten.
 * Source and sinks are constructor arguments.
 */
public final class RightsizingJob {
    public static final String STAGE = "jobs.rightsizing";
    public static final String CONSUMER_GROUP = "tally-rightsizing";

    private final Source<RawTelemetry, ?, ?> source;
    private final Sink<RightsizingRecommendation> table;
    private final Sink<RightsizingTopicRecord> topic;
    private final Sink<DeadLetter> deadLetters;
    private final RightsizingSettings settings;

    public RightsizingJob(Source<RawTelemetry, ?, ?> source, Sink<RightsizingRecommendation> table,
                          Sink<RightsizingTopicRecord> topic, Sink<DeadLetter> deadLetters,
                          RightsizingSettings settings) {
        this.source = source;
        this.table = table;
        this.topic = topic;
        this.deadLetters = deadLetters;
        this.settings = settings;
    }

    /** The job on Kafka and ClickHouse, reading {@code topic} (normally {@code tally.metrics.v1}). */
    public static RightsizingJob kafka(String bootstrapServers, String topic, String group, ClickHouseUrl clickHouse,
                                       RightsizingSettings settings, boolean bounded) {
        return new RightsizingJob(RawTelemetrySource.kafka(bootstrapServers, topic, group, bounded),
                new ClickHouseSink<>(ClickHouseSinkSettings.of(clickHouse), new RightsizingRecommendationTable()),
                recommendationTopic(bootstrapServers), DeadLetterSinks.kafka(bootstrapServers), settings);
    }

    /**
     * {@code tally.rightsizing.v1}: {@link RightsizingJson}, keyed by the container; a forgotten
     * container's tombstone is its key with a null value.
     */
    public static KafkaSink<RightsizingTopicRecord> recommendationTopic(String bootstrapServers) {
        return KafkaSinks.atLeastOnce(bootstrapServers, (KafkaRecordSerializationSchema<RightsizingTopicRecord>) (r, context, timestamp) ->
                new ProducerRecord<>(Topic.RIGHTSIZING.topicName(), RightsizingJson.key(r.container()),
                        r.tombstone() ? null : RightsizingJson.write(r.recommendation())));
    }

    public void addTo(StreamExecutionEnvironment env) {
        SingleOutputStreamOperator<ClusterSamples> decoded = env.fromSource(source,
                        TelemetryEventTime.watermarks(settings.outOfOrderness(), settings.sourceIdleness()), "raw metrics")
                .uid("rightsizing-raw-metrics-source")
                .process(new UsageJob.Decode(new MetricsDecoder(settings.replicaLabels()), STAGE))
                .name("decode samples").uid("rightsizing-decode");
        SingleOutputStreamOperator<ContainerSignal> signals = decoded
                .keyBy(ClusterSamples::cluster)
                .process(new ClusterSignalsFunction(settings))
                .name("container signals per cluster").uid("rightsizing-signals");
        SingleOutputStreamOperator<RightsizingRecommendation> recommendations = signals
                .keyBy(ContainerSignal::container)
                .process(new ContainerRecommender(settings))
                .name("recommendations per container").uid("rightsizing-recommender");
        recommendations.sinkTo(table).name("rightsizing_recommendations").uid("rightsizing-table-sink");
        recommendations.getSideOutput(ContainerRecommender.TOPIC)
                .sinkTo(topic).name("tally.rightsizing.v1").uid("rightsizing-topic-sink");
        decoded.getSideOutput(UsageJob.UNUSABLE).sinkTo(deadLetters).name("rightsizing dead letters")
                .uid("rightsizing-dead-letter-sink");
    }

    public String name() {
        return "tally rightsizing";
    }
}
