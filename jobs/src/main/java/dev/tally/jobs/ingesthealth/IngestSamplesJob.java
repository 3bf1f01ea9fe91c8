package dev.tally.jobs.ingesthealth;

import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.topics.Topic;
import dev.tally.jobs.clickhouse.ClickHouseSink;
import dev.tally.jobs.clickhouse.ClickHouseSinkSettings;
import dev.tally.jobs.deadletter.DeadLetterSinks;
import dev.tally.jobs.telemetry.RawTelemetrySource;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.telemetry.TelemetryEventTime;
import dev.tally.jobs.telemetry.UnusableTelemetryException;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Counts the samples every cluster sends, per content type and UTC hour, from the raw metrics
 * topic into {@code ingest_samples_hourly}. The first job of the pipeline and the source of
 * the ingest-health panel. Records it cannot read become dead letters; the job goes on.
 *
 * <p>Source and sinks are constructor arguments, so tests run this very pipeline on the
 * embedded broker or on in-memory inputs.
 */
public final class IngestSamplesJob {
    public static final String STAGE = "jobs.ingest-samples";
    public static final String CONSUMER_GROUP = "tally-ingest-samples";
    static final OutputTag<DeadLetter> UNUSABLE = new OutputTag<>("unusable") { };

    private final Source<RawTelemetry, ?, ?> source;
    private final Sink<IngestSamplesHourly> totals;
    private final Sink<DeadLetter> deadLetters;
    private final IngestSamplesJob.IngestSamplesSettings settings;

    public IngestSamplesJob(Source<RawTelemetry, ?, ?> source, Sink<IngestSamplesHourly> totals,
                            Sink<DeadLetter> deadLetters, IngestSamplesSettings settings) {
        this.source = source;
        this.totals = totals;
        this.deadLetters = deadLetters;
        this.settings = settings;
    }

    /** The job on Kafka and ClickHouse: {@code tally.metrics.v1} as consumer group {@value #CONSUMER_GROUP}. */
    public static IngestSamplesJob kafka(KafkaConnection kafka, ClickHouseUrl clickHouse, IngestSamplesSettings settings,
                                         boolean bounded) {
        return kafka(kafka, ClickHouseSinkSettings.of(clickHouse), settings, bounded);
    }

    /** As above, with the ClickHouse sink's settings (batch size, retries during an outage) given. */
    public static IngestSamplesJob kafka(KafkaConnection kafka, ClickHouseSinkSettings clickHouse, IngestSamplesSettings settings,
                                         boolean bounded) {
        return new IngestSamplesJob(RawTelemetrySource.kafka(kafka, Topic.METRICS.topicName(), CONSUMER_GROUP, bounded),
                new ClickHouseSink<>(clickHouse, new IngestSamplesHourlyTable()),
                DeadLetterSinks.kafka(kafka), settings);
    }

    /** Adds the job's operators to {@code env}; the caller executes it. */
    public void addTo(StreamExecutionEnvironment env) {
        // the hour totals close 2 days after their hour: records need no out-of-orderness slack
        DataStream<RawTelemetry> raw = env.fromSource(source,
                        TelemetryEventTime.watermarks(Duration.ZERO, settings.sourceIdleness()), "raw metrics")
                .uid("raw-metrics-source");

        SingleOutputStreamOperator<SampleCount> counts = raw.process(new CountSamples())
                .name("count samples per hour").uid("count-samples");

        SingleOutputStreamOperator<IngestSamplesHourly> hourly = counts
                .keyBy(SampleCount::rowKey)
                .process(new HourlySampleTotals(settings.earlyResultInterval(), settings.lateness()))
                .name("hourly totals").uid("hourly-totals");

        hourly.sinkTo(totals).name("ingest_samples_hourly").uid("ingest-samples-hourly-sink");
        counts.getSideOutput(UNUSABLE)
                .union(hourly.getSideOutput(HourlySampleTotals.TOO_LATE))
                .sinkTo(deadLetters).name("dead letters").uid("dead-letter-sink");
    }

    public String name() {
        return "tally ingest samples";
    }

    /** Decodes each record just enough to count its samples; an unreadable record is a dead letter. */
    static final class CountSamples extends ProcessFunction<RawTelemetry, SampleCount> {
        @Override
        public void processElement(RawTelemetry record, Context ctx, Collector<SampleCount> out) {
            try {
                SampleCounting.countByHour(record).forEach(out::collect);
            } catch (UnusableTelemetryException e) {
                ctx.output(UNUSABLE, DeadLetter.of(e.getMessage(), STAGE, record.position(), record.clusterId(),
                        record.contentType(), record.payload(), Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
            }
        }
    }

    /**
     * @param earlyResultInterval how often, at most, a growing hour's total is written while data flows
     * @param lateness            how long after its hour samples are still counted
     * @param sourceIdleness      after how long a silent input stops holding back event time
     */
    public record IngestSamplesSettings(Duration earlyResultInterval, Duration lateness, Duration sourceIdleness)
            implements java.io.Serializable {
        public static IngestSamplesSettings defaults() {
            return new IngestSamplesSettings(Duration.ofSeconds(10), Duration.ofDays(2), Duration.ofMinutes(1));
        }
    }
}
