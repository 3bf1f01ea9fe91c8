package dev.tally.local.allocation;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.ingest.costs.CostExportReader;
import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.importer.CostItemJson;
import dev.tally.ingest.costs.importer.ImportedLineItem;
import dev.tally.ingest.costs.normalize.CostLineItem;
import dev.tally.ingest.costs.normalize.CostReadResult;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.jobs.allocation.stream.AllocationJob;
import dev.tally.jobs.allocation.stream.AllocationSettings;
import dev.tally.jobs.allocation.stream.WorkloadOwnerLookup;
import dev.tally.jobs.usage.rows.NodeHourly;
import dev.tally.jobs.usage.rows.UsageHourly;
import dev.tally.jobs.usage.rows.UsageTopicRecord;
import dev.tally.local.fleet.truth.ContainerHour;
import dev.tally.local.fleet.truth.ContainerUsage;
import dev.tally.local.fleet.truth.GroundTruth;
import dev.tally.local.fleet.truth.NodeHour;
import dev.tally.local.fleet.truth.NodeUsage;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.flink.TestFlink;
import dev.tally.local.kafka.TestKafka;
import dev.tally.local.stack.LocalStack;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The allocation job's two topics filled from the fleet simulator: usage and node rows of its
 * ground truth in the usage job's own wire format ({@code UsageJson}), and its cost export read
 * by the importer's reader and written in the importer's wire format ({@code CostItemJson}).
 */
final class FleetAllocationTopics {

    private FleetAllocationTopics() {
    }

    /** Usage and node rows of every container-hour and node-hour of {@code truth}; step = the scrape interval. */
    static List<UsageTopicRecord> usage(GroundTruth truth, Duration step) {
        List<UsageTopicRecord> out = new ArrayList<>();
        BigDecimal seconds = BigDecimal.valueOf(step.toSeconds());
        for (Map.Entry<ContainerHour, ContainerUsage> e : truth.containers().entrySet()) {
            ContainerHour k = e.getKey();
            ContainerUsage u = e.getValue();
            BigDecimal running = seconds.multiply(BigDecimal.valueOf(u.podRunningSamples()));
            out.add(UsageTopicRecord.of(new UsageHourly(k.hour(), k.cluster(), k.namespace(), k.pod(), k.podUid(), k.container(),
                    u.node(), u.workloadKind(), u.workloadName(),
                    BigDecimal.valueOf(u.cpuRequestMillis(), 3).multiply(running), BigDecimal.valueOf(u.cpuLimitMillis(), 3).multiply(running),
                    BigDecimal.valueOf(u.memoryRequestBytes()).multiply(running), BigDecimal.valueOf(u.memoryLimitBytes()).multiply(running),
                    running, u.cpuUsageNanos(), u.cfsPeriods(), u.cfsThrottledPeriods(),
                    u.memoryWorkingSetAverageBytes().doubleValue(), (double) u.memoryWorkingSetMaxBytes(), u.runningSamples(),
                    u.oomKills(), u.restarts(), u.runningSamples(), 1)));
        }
        for (Map.Entry<NodeHour, NodeUsage> e : truth.nodes().entrySet()) {
            NodeHour k = e.getKey();
            NodeUsage u = e.getValue();
            if (u.existedSeconds() <= 0) {
                continue;
            }
            out.add(UsageTopicRecord.of(new NodeHourly(k.hour(), k.cluster(), k.node(), u.pool(), u.vmSize().armSkuName(),
                    u.vmssResourceId(), "azure://" + u.vmssResourceId() + "/virtualMachines/" + u.instanceId(),
                    u.vmSize().vcpus(), u.vmSize().capacityMemoryBytes(), u.vmSize().vcpus(), u.vmSize().capacityMemoryBytes(),
                    BigDecimal.valueOf(u.existedSeconds()), 1)));
        }
        return out;
    }

    /** When the fleet's export runs were produced (one run per dataset, so any instant orders them). */
    static final java.time.Instant RUN_PRODUCED_AT = java.time.Instant.parse("2026-02-03T04:00:00Z");

    /** An export file's line items as {@code tally.costs.v1} records of one run. */
    static List<UsageTopicRecord> costs(Path export, CostView view, String dataset, String runId) throws Exception {
        List<UsageTopicRecord> out = new ArrayList<>();
        try (CostExportReader reader = CostExportReader.open(export, ReadOptions.of(view))) {
            while (reader.hasNext()) {
                CostReadResult r = reader.next();
                if (r instanceof CostLineItem item) {
                    out.add(new UsageTopicRecord(runId.getBytes(StandardCharsets.UTF_8), CostItemJson.write(
                            new ImportedLineItem("/providers/Microsoft.Billing/billingAccounts/fleet", dataset, runId,
                                    runId + "-import", RUN_PRODUCED_AT, item))));
                } else {
                    throw new IllegalStateException("the fleet's export has a rejected row: " + r);
                }
            }
        }
        return out;
    }

    /** The line items themselves, for totals. */
    static List<CostLineItem> lineItems(Path export, CostView view) throws Exception {
        List<CostLineItem> out = new ArrayList<>();
        try (CostExportReader reader = CostExportReader.open(export, ReadOptions.of(view))) {
            reader.forEachRemaining(r -> out.add((CostLineItem) r));
        }
        return out;
    }

    /** A new database on the test ClickHouse with Tally's schema. */
    static ClickHouseUrl freshClickHouse() throws Exception {
        ClickHouseUrl clickHouse = TestClickHouse.server().withDatabase("it_" + UUID.randomUUID().toString().replace("-", ""));
        LocalStack.migrate(clickHouse, MigrationSettings.defaults().withDatabase(clickHouse.database()));
        return clickHouse;
    }

    /**
     * The allocation job over the topics under {@code prefix}, bounded (it ends when it has read
     * them), parallelism 2, writing {@code clickHouse}; a quiet period longer than the run, so every
     * day is computed once, when the input ends.
     */
    static void runAllocation(String prefix, String dataset, String group, ClickHouseUrl clickHouse) throws Exception {
        runAllocation(prefix, dataset, group, clickHouse, WorkloadOwnerLookup.none());
    }

    static void runAllocation(String prefix, String dataset, String group, ClickHouseUrl clickHouse, WorkloadOwnerLookup owners)
            throws Exception {
        StreamExecutionEnvironment env = TestFlink.cluster().environment(group, 2);
        AllocationJob.kafka(TestKafka.connection(), prefix, group + "-" + UUID.randomUUID(), clickHouse,
                AllocationSettings.defaults().withCostDataset(dataset).withQuietPeriod(Duration.ofHours(1)),
                owners, true).addTo(env);
        env.executeAsync("it allocation " + group).getJobExecutionResult().get(5, TimeUnit.MINUTES);
    }

    static void produce(String topic, List<UsageTopicRecord> records) throws Exception {
        Properties config = new Properties();
        config.put("bootstrap.servers", TestKafka.bootstrapServers());
        config.put("acks", "all");
        config.put("enable.idempotence", "true");
        config.put("linger.ms", "20");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (UsageTopicRecord r : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, r.key(), r.value())));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();   // a failed write fails the test (a callback's exception would only be logged)
            }
        }
    }
}
