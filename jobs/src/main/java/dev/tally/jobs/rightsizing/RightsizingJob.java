package dev.tally.jobs.rightsizing;

import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.prices.AllocatedPrices;
import dev.tally.common.rightsizing.RightsizingJson;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.topics.Topic;
import dev.tally.jobs.allocation.stream.TopicRecord;
import dev.tally.jobs.allocation.stream.TopicRecordSource;
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
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
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
    private Source<TopicRecord, ?, ?> allocatedPrices;
    private boolean allocatedPricesBounded;

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
    public static RightsizingJob kafka(KafkaConnection kafka, String topic, String group, ClickHouseUrl clickHouse,
                                       RightsizingSettings settings, boolean bounded) {
        return kafka(kafka, topic, group, ClickHouseSinkSettings.of(clickHouse), settings, bounded);
    }

    /** As above, with the ClickHouse sink's settings (batch size, retries during an outage) given. */
    public static RightsizingJob kafka(KafkaConnection kafka, String topic, String group, ClickHouseSinkSettings clickHouse,
                                       RightsizingSettings settings, boolean bounded) {
        return new RightsizingJob(RawTelemetrySource.kafka(kafka, topic, group, bounded),
                new ClickHouseSink<>(clickHouse, new RightsizingRecommendationTable()),
                recommendationTopic(kafka), DeadLetterSinks.kafka(kafka), settings)
                .allocatedPricesFrom(TopicRecordSource.kafka(kafka, Topic.ALLOCATED_PRICES.topicName(), group, bounded),
                        bounded);
    }

    /**
     * Prices the money with the allocation job's prices ({@code tally.allocated-prices.v1}, read
     * whole: compacted). Bounded (a batch run), event time waits until all of them are read, so
     * every recommendation has them; unbounded, they apply from when they arrive, and a cluster's
     * recommendations before that are at the configured prices ({@code priceSource} says which).
     */
    public RightsizingJob allocatedPricesFrom(Source<TopicRecord, ?, ?> source, boolean bounded) {
        this.allocatedPrices = source;
        this.allocatedPricesBounded = bounded;
        return this;
    }

    /**
     * {@code tally.rightsizing.v1}: {@link RightsizingJson}, keyed by the container; a forgotten
     * container's tombstone is its key with a null value.
     */
    public static KafkaSink<RightsizingTopicRecord> recommendationTopic(KafkaConnection kafka) {
        return KafkaSinks.atLeastOnce(kafka, (KafkaRecordSerializationSchema<RightsizingTopicRecord>) (r, context, timestamp) ->
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
        DataStream<AllocatedPrices> prices;
        if (allocatedPrices == null) {
            prices = noAllocatedPrices(signals);
        } else {
            // one reader for every partition: a reader without a partition would hold event time back
            SingleOutputStreamOperator<AllocatedPrices> read = env.fromSource(allocatedPrices,
                            AllocatedPricesInput.watermarks(allocatedPricesBounded), "allocated prices")
                    .setParallelism(1).uid("rightsizing-allocated-prices-source")
                    .process(new AllocatedPricesInput(STAGE)).setParallelism(1)
                    .name("read allocated prices").uid("rightsizing-read-allocated-prices");
            read.getSideOutput(AllocatedPricesInput.UNUSABLE).sinkTo(deadLetters).name("allocated prices dead letters")
                    .uid("rightsizing-allocated-prices-dead-letter-sink");
            prices = read;
        }
        SingleOutputStreamOperator<RightsizingRecommendation> recommendations = recommend(signals, prices, settings)
                .name("recommendations per container").uid("rightsizing-recommender");
        recommendations.sinkTo(table).name("rightsizing_recommendations").uid("rightsizing-table-sink");
        recommendations.getSideOutput(ContainerRecommender.TOPIC)
                .sinkTo(topic).name("tally.rightsizing.v1").uid("rightsizing-topic-sink");
        decoded.getSideOutput(UsageJob.UNUSABLE).sinkTo(deadLetters).name("rightsizing dead letters")
                .uid("rightsizing-dead-letter-sink");
    }

    /**
     * A prices input with nothing in it, for configured prices only: derived from {@code alongside}
     * (which it drops), so it carries that stream's event time and never ends in a job that does
     * not (a finished task in an unbounded job would change how it checkpoints).
     */
    public static <T> DataStream<AllocatedPrices> noAllocatedPrices(DataStream<T> alongside) {
        return alongside.flatMap(new FlatMapFunction<T, AllocatedPrices>() {
            @Override
            public void flatMap(T value, Collector<AllocatedPrices> out) {
            }
        }).returns(AllocatedPrices.class).name("no allocated prices").uid("rightsizing-no-allocated-prices");
    }

    /** Signals per container with the allocated prices on every subtask: {@link ContainerRecommender}. */
    public static SingleOutputStreamOperator<RightsizingRecommendation> recommend(DataStream<ContainerSignal> signals,
                                                                              DataStream<AllocatedPrices> prices,
                                                                              RightsizingSettings settings) {
        return signals.keyBy(ContainerSignal::container)
                .connect(prices.broadcast(ContainerRecommender.ALLOCATED_PRICES))
                .process(new ContainerRecommender(settings));
    }

    public String name() {
        return "tally rightsizing";
    }
}
