package dev.tally.jobs.allocation.stream;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.prices.AllocatedPrices;
import dev.tally.common.topics.Topic;
import dev.tally.jobs.clickhouse.ClickHouseSink;
import dev.tally.jobs.clickhouse.ClickHouseSinkSettings;
import dev.tally.jobs.deadletter.DeadLetterSinks;
import java.time.Instant;
import java.util.function.Function;
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
    public static AllocationJob kafka(String bootstrapServers, String topicPrefix, String group, ClickHouseUrl clickHouse,
                                      AllocationSettings settings, WorkloadOwnerLookup owners, boolean bounded) {
        return new AllocationJob(
                TopicRecordSource.kafka(bootstrapServers, topicPrefix + Topic.USAGE.topicName(), group, bounded),
                TopicRecordSource.kafka(bootstrapServers, topicPrefix + Topic.COSTS.topicName(), group, bounded),
                new ClickHouseSink<>(ClickHouseSinkSettings.of(clickHouse), new CostAllocationDailyTable()),
                DeadLetterSinks.kafka(bootstrapServers), settings, owners);
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
        SingleOutputStreamOperator<CostAllocationDaily> allocated = usageRows.union(costRows)
                .keyBy(AllocationInput::clusterDay)
                .process(new ClusterDayFunction(settings, owners, allocatedPrices != null))
                .name("allocate per cluster and day").uid("allocation-cluster-day");
        allocated.sinkTo(allocations).name("cost_allocation_daily").uid("cost-allocation-daily-sink");
        if (allocatedPrices != null) {
            allocated.getSideOutput(AllocatedPricesTopic.PRICES).sinkTo(allocatedPrices)
                    .name("tally.allocated-prices.v1").uid("allocated-prices-sink");
        }
        usageRows.getSideOutput(UNUSABLE).union(costRows.getSideOutput(UNUSABLE))
                .sinkTo(deadLetters).name("allocation dead letters").uid("allocation-dead-letter-sink");
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
            out.collect(input);
        }
    }

    /** A reader of one topic's records. */
    @FunctionalInterface
    interface SerializableReader extends Function<TopicRecord, AllocationInput>, java.io.Serializable {
    }
}
