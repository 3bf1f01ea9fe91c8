package dev.tally.jobs.allocation.stream;

import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.prices.AllocatedPrices;
import dev.tally.common.topics.Topic;
import dev.tally.jobs.clickhouse.ClickHouseSink;
import dev.tally.jobs.clickhouse.ClickHouseSinkSettings;
import dev.tally.jobs.deadletter.DeadLetterSinks;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import java.util.function.Function;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Cost allocation (issue 6, docs/allocation.md): from {@code tally.usage.v1} (usage, node and
 * volume rows) and {@code tally.costs.v1} (the export's line items) to {@code cost_allocation_daily}.
 * Inputs are keyed by cluster and UTC day ({@link ClusterDayFunction}); a day is recomputed when
 * its usage or costs change, including restatements, and written whole as a new version.
 * Source and sinks are constructor arguments, as for every job.
 */
public final class AllocationJob {
    public static final String STAGE = "jobs.allocation";
    public static final String CONSUMER_GROUP = "tally-allocation";
    static final OutputTag<DeadLetter> UNUSABLE = new OutputTag<>("unusable-allocation-input") { };
    static final OutputTag<DeadLetter> EXPIRED = new OutputTag<>("expired-allocation-input") { };
    /** Inputs of one source subtask silent this long stop holding the job's clock back. */
    static final Duration CLOCK_IDLENESS = Duration.ofMinutes(1);

    private final Source<TopicRecord, ?, ?> usage;
    private final Source<TopicRecord, ?, ?> costs;
    private final Sink<CostAllocationDaily> allocations;
    private final Sink<DeadLetter> deadLetters;
    private final AllocationSettings settings;
    private final WorkloadOwnerLookup owners;
    private Sink<AllocatedPrices> allocatedPrices;

    public AllocationJob(Source<TopicRecord, ?, ?> usage, Source<TopicRecord, ?, ?> costs,
                         Sink<CostAllocationDaily> allocations, Sink<DeadLetter> deadLetters,
                         AllocationSettings settings, WorkloadOwnerLookup owners) {
        this.usage = usage;
        this.costs = costs;
        this.allocations = allocations;
        this.deadLetters = deadLetters;
        this.settings = settings;
        this.owners = owners;
    }

    /** The job on Kafka and ClickHouse: {@code tally.usage.v1} and {@code tally.costs.v1} as consumer group {@code group}. */
    public static AllocationJob kafka(KafkaConnection kafka, String topicPrefix, String group, ClickHouseUrl clickHouse,
                                      AllocationSettings settings, WorkloadOwnerLookup owners, boolean bounded) {
        return kafka(kafka, topicPrefix, group, ClickHouseSinkSettings.of(clickHouse), settings, owners, bounded);
    }

    /** As above, with the ClickHouse sink's settings (batch size, retries during an outage) given. */
    public static AllocationJob kafka(KafkaConnection kafka, String topicPrefix, String group, ClickHouseSinkSettings clickHouse,
                                      AllocationSettings settings, WorkloadOwnerLookup owners, boolean bounded) {
        return new AllocationJob(
                TopicRecordSource.kafka(kafka, topicPrefix + Topic.USAGE.topicName(), group, bounded),
                TopicRecordSource.kafka(kafka, topicPrefix + Topic.COSTS.topicName(), group, bounded),
                new ClickHouseSink<>(clickHouse, new CostAllocationDailyTable()),
                DeadLetterSinks.kafka(kafka), settings, owners);
    }

    /** Also writes each cluster-day's allocated prices ({@link AllocatedPricesTopic}) to {@code sink}. */
    public AllocationJob allocatedPricesTo(Sink<AllocatedPrices> sink) {
        this.allocatedPrices = sink;
        return this;
    }

    public void addTo(StreamExecutionEnvironment env) {
        AllocationInputReader reader = new AllocationInputReader(settings.tagKeys());
        SingleOutputStreamOperator<AllocationInput> usageRows = env
                .fromSource(usage, WatermarkStrategy.noWatermarks(), "usage rows").uid("allocation-usage-source")
                .process(new Read(r -> reader.fromUsageTopic(r.value()), settings)).name("read usage rows").uid("allocation-read-usage");
        SingleOutputStreamOperator<AllocationInput> costRows = env
                .fromSource(costs, WatermarkStrategy.noWatermarks(), "cost rows").uid("allocation-costs-source")
                .process(new Read(r -> reader.fromCostTopic(r.value(), r.timestampMillis()), settings)).name("read cost rows").uid("allocation-read-costs");
        // the job's clock for state expiry (DayRetention): the rows' days, never wall-clock time
        SingleOutputStreamOperator<AllocationInput> usageTimed = usageRows.assignTimestampsAndWatermarks(dayClock())
                .name("usage rows' days as event time").uid("allocation-usage-clock")
                .process(new RefuseExpiredDays(settings.retention())).name("refuse usage rows of expired days")
                .uid("allocation-usage-expired");
        SingleOutputStreamOperator<AllocationInput> costTimed = costRows.assignTimestampsAndWatermarks(dayClock())
                .name("cost rows' days as event time").uid("allocation-costs-clock")
                .process(new RefuseExpiredDays(settings.retention())).name("refuse cost rows of expired days")
                .uid("allocation-costs-expired");
        // each cost group's runs are told to every cluster-day of the group (restatements that remove a day's rows)
        DataStream<AllocationInput> costRowsAndRuns = costTimed
                .keyBy(in -> in.cost().runGroup(), Types.STRING)
                .process(new CostRunDirectory(settings.retention())).name("tell cluster-days of cost runs").uid("allocation-cost-runs");
        SingleOutputStreamOperator<CostAllocationDaily> allocated = usageTimed.union(costRowsAndRuns)
                .keyBy(AllocationInput::clusterDay)
                .process(new ClusterDayFunction(settings, owners, allocatedPrices != null))
                .name("allocate per cluster and day").uid("allocation-cluster-day");
        allocated.sinkTo(allocations).name("cost_allocation_daily").uid("cost-allocation-daily-sink");
        if (allocatedPrices != null) {
            allocated.getSideOutput(AllocatedPricesTopic.PRICES).sinkTo(allocatedPrices)
                    .name("tally.allocated-prices.v1").uid("allocated-prices-sink");
        }
        usageRows.getSideOutput(UNUSABLE).union(costRows.getSideOutput(UNUSABLE), usageTimed.getSideOutput(EXPIRED),
                        costTimed.getSideOutput(EXPIRED), allocated.getSideOutput(EXPIRED))
                .sinkTo(deadLetters).name("allocation dead letters").uid("allocation-dead-letter-sink");
    }

    /**
     * Event time = the row's UTC day (DayRetention.eventMillis), watermark = the newest day seen,
     * emitted with the row that moved it (at most once per new day: cheap, and a row that comes
     * after it in the same partition always sees the day's clock).
     */
    private static WatermarkStrategy<AllocationInput> dayClock() {
        return WatermarkStrategy.<AllocationInput>forGenerator(context -> new WatermarkGenerator<>() {
                    private long newest = Long.MIN_VALUE;

                    @Override
                    public void onEvent(AllocationInput in, long eventTimestamp, WatermarkOutput output) {
                        if (eventTimestamp > newest) {
                            newest = eventTimestamp;
                            output.emitWatermark(new Watermark(newest));
                        }
                    }

                    @Override
                    public void onPeriodicEmit(WatermarkOutput output) {
                    }
                })
                .withTimestampAssigner((in, previous) -> DayRetention.eventMillis(in.day(), System.currentTimeMillis()))
                .withIdleness(CLOCK_IDLENESS);
    }

    public String name() {
        return "tally allocation";
    }

    /** Reads a record; one that cannot be read is a dead letter with the reason. Cost rows of other datasets are skipped. */
    static final class Read extends ProcessFunction<TopicRecord, AllocationInput> {
        private final SerializableReader reader;
        private final AllocationSettings settings;

        Read(SerializableReader reader, AllocationSettings settings) {
            this.reader = reader;
            this.settings = settings;
        }

        @Override
        public void processElement(TopicRecord record, Context ctx, Collector<AllocationInput> out) {
            AllocationInput input;
            try {
                input = reader.apply(record);
            } catch (RuntimeException e) {
                ctx.output(UNUSABLE, DeadLetter.of(e.getMessage() == null ? e.toString() : e.getMessage(), STAGE,
                        record.position(), null, "application/json", record.value(),
                        Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
                return;
            }
            if (input.cost() != null && !settings.costDataset().isEmpty()
                    && !input.cost().dataset().equalsIgnoreCase(settings.costDataset())) {
                return;   // another dataset of the same invoice: allocating both would count it twice
            }
            out.collect(input.at(record.position()));
        }
    }

    /** A reader of one topic's records. */
    @FunctionalInterface
    interface SerializableReader extends Function<TopicRecord, AllocationInput>, java.io.Serializable {
    }
}
