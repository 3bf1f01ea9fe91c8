package dev.tally.jobs.logvolume;

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
import dev.tally.jobs.usage.UsageJob;
import dev.tally.jobs.usage.rows.UsageTopicRecord;
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
 * Log volume for chargeback: from the raw logs topic ({@code tally.logs.v1}, OTLP
 * {@code ExportLogsServiceRequest} as received) to {@code log_usage_hourly}, records and body
 * bytes per hour × cluster × namespace × workload, and the same rows on {@code tally.usage.v1}
 * ({@code UsageJson}, row_kind {@code log}) when given that sink, for the allocation job. Rules: {@link LogVolumeCounting},
 * {@link LogWorkload}, {@link LogBodies}. Undecodable records, records without a cluster, log
 * records without any time and records later than {@code lateness} become dead letters.
 *
 * <p>Source and sinks are constructor arguments, so tests run this very pipeline on the
 * embedded broker or on in-memory inputs.
 */
public final class LogVolumeJob {
    public static final String STAGE = "jobs.log-volume";
    public static final String CONSUMER_GROUP = "tally-log-volume";
    static final OutputTag<DeadLetter> UNUSABLE = new OutputTag<>("unusable-logs") { };

    private final Source<RawTelemetry, ?, ?> source;
    private final Sink<LogUsageHourly> totals;
    private final Sink<DeadLetter> deadLetters;
    private final Sink<UsageTopicRecord> usageTopic;
    private final LogVolumeSettings settings;

    /** The job writing {@code log_usage_hourly} only. */
    public LogVolumeJob(Source<RawTelemetry, ?, ?> source, Sink<LogUsageHourly> totals, Sink<DeadLetter> deadLetters,
                        LogVolumeSettings settings) {
        this(source, totals, deadLetters, null, settings);
    }

    /**
     * @param usageTopic where the same rows go as {@code row_kind} {@code log} records of {@code tally.usage.v1}
     *                   ({@code UsageJson}, row_kind {@code log}), for the allocation job to charge log bytes; null for none
     */
    public LogVolumeJob(Source<RawTelemetry, ?, ?> source, Sink<LogUsageHourly> totals, Sink<DeadLetter> deadLetters,
                        Sink<UsageTopicRecord> usageTopic, LogVolumeSettings settings) {
        this.source = source;
        this.totals = totals;
        this.deadLetters = deadLetters;
        this.usageTopic = usageTopic;
        this.settings = settings;
    }

    /**
     * The job on Kafka and ClickHouse: {@code tally.logs.v1} as consumer group {@value #CONSUMER_GROUP}, its
     * hourly rows to {@code log_usage_hourly} and to {@code tally.usage.v1} (for the allocation job).
     */
    public static LogVolumeJob kafka(KafkaConnection kafka, ClickHouseUrl clickHouse, LogVolumeSettings settings,
                                     boolean bounded) {
        return kafka(kafka, ClickHouseSinkSettings.of(clickHouse), settings, bounded);
    }

    /** As above, with the ClickHouse sink's settings (batch size, retries during an outage) given. */
    public static LogVolumeJob kafka(KafkaConnection kafka, ClickHouseSinkSettings clickHouse, LogVolumeSettings settings,
                                     boolean bounded) {
        return new LogVolumeJob(RawTelemetrySource.kafka(kafka, Topic.LOGS.topicName(), CONSUMER_GROUP, bounded),
                new ClickHouseSink<>(clickHouse, new LogUsageHourlyTable()),
                DeadLetterSinks.kafka(kafka), UsageJob.usageTopic(kafka), settings);
    }

    /** Adds the job's operators to {@code env}; the caller executes it. */
    public void addTo(StreamExecutionEnvironment env) {
        // the hour totals close 2 days after their hour: records need no out-of-orderness slack
        DataStream<RawTelemetry> raw = env.fromSource(source,
                        TelemetryEventTime.watermarks(Duration.ZERO, settings.sourceIdleness()), "raw logs")
                .uid("raw-logs-source");

        SingleOutputStreamOperator<LogCount> counts = raw.process(new CountLogs())
                .name("count logs per workload and hour").uid("count-logs");

        SingleOutputStreamOperator<LogUsageHourly> hourly = counts
                .keyBy(LogCount::rowKey)
                .process(new HourlyLogTotals(settings.earlyResultInterval(), settings.lateness()))
                .name("hourly log totals").uid("hourly-log-totals");

        hourly.sinkTo(totals).name("log_usage_hourly").uid("log-usage-hourly-sink");
        if (usageTopic != null) {
            hourly.map(UsageTopicRecord::of).returns(UsageTopicRecord.class).name("log rows as JSON").uid("log-usage-json")
                    .sinkTo(usageTopic).name("tally.usage.v1 (log rows)").uid("log-usage-topic-sink");
        }
        counts.getSideOutput(UNUSABLE)
                .union(hourly.getSideOutput(HourlyLogTotals.TOO_LATE))
                .sinkTo(deadLetters).name("dead letters").uid("dead-letter-sink");
    }

    public String name() {
        return "tally log volume";
    }

    /** Decodes each record and counts it; what cannot be counted is a dead letter. */
    static final class CountLogs extends ProcessFunction<RawTelemetry, LogCount> {
        @Override
        public void processElement(RawTelemetry record, Context ctx, Collector<LogCount> out) {
            Instant now = Instant.ofEpochMilli(ctx.timerService().currentProcessingTime());
            LogVolumeCounting.Result result;
            try {
                result = LogVolumeCounting.count(record);
            } catch (UnusableTelemetryException e) {
                ctx.output(UNUSABLE, DeadLetter.of(e.getMessage(), STAGE, record.position(), record.clusterId(),
                        record.contentType(), record.payload(), now));
                return;
            }
            result.counts().forEach(out::collect);
            if (result.untimedRecords() > 0) {
                ctx.output(UNUSABLE, DeadLetter.of(result.untimedRecords()
                                + " log records have neither time_unix_nano nor observed_time_unix_nano, so they belong to no hour;"
                                + " the payload holds just those records, the rest of the request was counted",
                        STAGE, record.position(), record.clusterId(), record.contentType(),
                        result.untimed().toByteArray(), now));
            }
        }
    }

    /**
     * @param earlyResultInterval how often, at most, a growing hour's totals are written while data flows
     * @param lateness            how long after its hour log records are still counted
     * @param sourceIdleness      after how long a silent input stops holding back event time
     */
    public record LogVolumeSettings(Duration earlyResultInterval, Duration lateness, Duration sourceIdleness)
            implements java.io.Serializable {
        public static LogVolumeSettings defaults() {
            return new LogVolumeSettings(Duration.ofSeconds(10), Duration.ofDays(2), Duration.ofMinutes(1));
        }
    }
}
