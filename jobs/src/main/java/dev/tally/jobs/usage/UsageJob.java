package dev.tally.jobs.usage;

import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.topics.Topic;
import dev.tally.jobs.kafka.KafkaSinks;
import dev.tally.jobs.clickhouse.ClickHouseSink;
import dev.tally.jobs.clickhouse.ClickHouseSinkSettings;
import dev.tally.jobs.deadletter.DeadLetterSinks;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.telemetry.RawTelemetrySource;
import dev.tally.jobs.telemetry.TelemetryEventTime;
import dev.tally.jobs.telemetry.UnusableTelemetryException;
import dev.tally.jobs.usage.decode.ClusterSamples;
import dev.tally.jobs.usage.decode.DecodedRecord;
import dev.tally.jobs.usage.decode.MetricsDecoder;
import dev.tally.jobs.usage.rows.NodeHourly;
import dev.tally.jobs.usage.rows.NodeHourlyTable;
import dev.tally.jobs.usage.rows.UsageHourly;
import dev.tally.jobs.usage.rows.UsageHourlyTable;
import dev.tally.jobs.usage.rows.UsageTopicRecord;
import dev.tally.jobs.usage.rows.VolumeHourly;
import dev.tally.jobs.usage.rows.VolumeHourlyTable;
import java.time.Instant;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * From the raw metrics topic to hourly usage: {@code usage_hourly}, {@code node_hourly},
 * {@code volume_hourly} in ClickHouse and usage rows on {@code tally.usage.v1}. Decodes each
 * record (remote_write or OTLP), keys samples by cluster with event time from the samples (per
 * Kafka partition, {@link TelemetryEventTime}), and
 * computes each hour with {@link dev.tally.jobs.usage.hour.HourUsage}. Source and sinks are
 * constructor arguments, as for every job.
 */
public final class UsageJob {
    public static final String STAGE = "jobs.usage";
    public static final String CONSUMER_GROUP = "tally-usage";
    /** Dead letters of {@link Decode}. */
    public static final OutputTag<DeadLetter> UNUSABLE = new OutputTag<>("unusable") { };

    private final Source<RawTelemetry, ?, ?> source;
    private final Sink<UsageHourly> usage;
    private final Sink<NodeHourly> nodes;
    private final Sink<VolumeHourly> volumes;
    private final Sink<UsageTopicRecord> usageTopic;
    private final Sink<DeadLetter> deadLetters;
    private final UsageSettings settings;

    public UsageJob(Source<RawTelemetry, ?, ?> source, Sink<UsageHourly> usage, Sink<NodeHourly> nodes,
                    Sink<VolumeHourly> volumes, Sink<UsageTopicRecord> usageTopic, Sink<DeadLetter> deadLetters,
                    UsageSettings settings) {
        this.source = source;
        this.usage = usage;
        this.nodes = nodes;
        this.volumes = volumes;
        this.usageTopic = usageTopic;
        this.deadLetters = deadLetters;
        this.settings = settings;
    }

    /**
     * The job on Kafka and ClickHouse: reads {@code topic} (normally {@code tally.metrics.v1}) as
     * consumer group {@code group}, writes the three tables and {@code tally.usage.v1}.
     */
    public static UsageJob kafka(KafkaConnection kafka, String topic, String group, ClickHouseUrl clickHouse,
                                 UsageSettings settings, boolean bounded) {
        return kafka(kafka, topic, group, ClickHouseSinkSettings.of(clickHouse), settings, bounded);
    }

    /** As above, with the ClickHouse sinks' settings (batch size, retries during an outage) given. */
    public static UsageJob kafka(KafkaConnection kafka, String topic, String group, ClickHouseSinkSettings sink,
                                 UsageSettings settings, boolean bounded) {
        return new UsageJob(RawTelemetrySource.kafka(kafka, topic, group, bounded),
                new ClickHouseSink<>(sink, new UsageHourlyTable()),
                new ClickHouseSink<>(sink, new NodeHourlyTable()),
                new ClickHouseSink<>(sink, new VolumeHourlyTable()),
                usageTopic(kafka),
                DeadLetterSinks.kafka(kafka),
                settings);
    }

    /**
     * {@code tally.usage.v1}: usage, node and volume rows as JSON ({@link dev.tally.jobs.usage.rows.UsageJson}),
     * each keyed by the row's identity.
     */
    public static KafkaSink<UsageTopicRecord> usageTopic(KafkaConnection kafka) {
        return usageTopic(kafka, "");
    }

    /** As above, to {@code topicPrefix} + {@code tally.usage.v1} (the allocation job's prefix, for pipelines sharing a broker). */
    public static KafkaSink<UsageTopicRecord> usageTopic(KafkaConnection kafka, String topicPrefix) {
        String topic = topicPrefix + Topic.USAGE.topicName();
        return KafkaSinks.atLeastOnce(kafka, (KafkaRecordSerializationSchema<UsageTopicRecord>) (row, context, timestamp) ->
                new ProducerRecord<>(topic, row.key(), row.value()));
    }

    public void addTo(StreamExecutionEnvironment env) {
        DataStream<RawTelemetry> raw = env.fromSource(source,
                        TelemetryEventTime.watermarks(settings.outOfOrderness(), settings.sourceIdleness()), "raw metrics")
                .uid("usage-raw-metrics-source");
        SingleOutputStreamOperator<ClusterSamples> decoded = raw.process(new Decode(new MetricsDecoder(settings.replicaLabels()), STAGE))
                .name("decode usage samples").uid("usage-decode");
        SingleOutputStreamOperator<UsageHourly> hourly = decoded
                .keyBy(ClusterSamples::cluster)
                .process(new UsageHours(settings))
                .name("usage per cluster and hour").uid("usage-hours");
        hourly.sinkTo(usage).name("usage_hourly").uid("usage-hourly-sink");
        DataStream<NodeHourly> nodeRows = hourly.getSideOutput(UsageHours.NODES);
        DataStream<VolumeHourly> volumeRows = hourly.getSideOutput(UsageHours.VOLUMES);
        nodeRows.sinkTo(nodes).name("node_hourly").uid("node-hourly-sink");
        volumeRows.sinkTo(volumes).name("volume_hourly").uid("volume-hourly-sink");
        // the allocation job's input: all three kinds of row on one topic (docs/pipeline.md, the usage topic)
        hourly.map(UsageTopicRecord::of).returns(UsageTopicRecord.class).name("usage rows as JSON").uid("usage-topic-usage-json")
                .union(nodeRows.map(UsageTopicRecord::of).returns(UsageTopicRecord.class).name("node rows as JSON").uid("usage-topic-node-json"),
                        volumeRows.map(UsageTopicRecord::of).returns(UsageTopicRecord.class).name("volume rows as JSON").uid("usage-topic-volume-json"))
                .sinkTo(usageTopic).name("tally.usage.v1").uid("usage-topic-sink");
        decoded.getSideOutput(UNUSABLE)
                .union(hourly.getSideOutput(UsageHours.TOO_LATE))
                .sinkTo(deadLetters).name("usage dead letters").uid("usage-dead-letter-sink");
    }

    public String name() {
        return "tally usage";
    }

    /**
     * Decodes a record; an unreadable record, or anything unusable in it, becomes a dead letter
     * ({@link #UNUSABLE}) naming {@code stage}. The rightsizing job decodes the same way.
     */
    public static final class Decode extends ProcessFunction<RawTelemetry, ClusterSamples> {
        private final MetricsDecoder decoder;
        private final String stage;

        public Decode(MetricsDecoder decoder, String stage) {
            this.decoder = decoder;
            this.stage = stage;
        }

        @Override
        public void processElement(RawTelemetry record, Context ctx, Collector<ClusterSamples> out) {
            Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
            try {
                DecodedRecord decoded = decoder.decode(record, now.toEpochMilli());
                decoded.byHour().forEach(out::collect);
                for (String problem : decoded.problems()) {
                    ctx.output(UNUSABLE, DeadLetter.of(problem, stage, record.position(), record.clusterId(),
                            record.contentType(), record.payload(), now));
                }
            } catch (UnusableTelemetryException e) {
                ctx.output(UNUSABLE, DeadLetter.of(e.getMessage(), stage, record.position(), record.clusterId(),
                        record.contentType(), record.payload(), now));
            }
        }
    }
}
