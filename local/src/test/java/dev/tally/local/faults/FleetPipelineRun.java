package dev.tally.local.faults;

import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.costs.importer.KafkaCostSink;
import dev.tally.ingest.gateway.GatewayConfig;
import dev.tally.jobs.clickhouse.ClickHouseRetry;
import dev.tally.jobs.allocation.stream.AllocationSettings;
import dev.tally.jobs.allocation.stream.WorkloadOwnerLookup;
import dev.tally.jobs.ingesthealth.IngestSamplesJob;
import dev.tally.jobs.logvolume.LogVolumeJob;
import dev.tally.jobs.usage.UsageSettings;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.demo.DemoCheck;
import dev.tally.local.demo.FleetToGateway;
import dev.tally.local.demo.TruthChecks;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.truth.GroundTruth;
import dev.tally.local.stack.LocalStack;
import dev.tally.local.stack.LocalStackConfig;
import dev.tally.local.stack.PipelineJobs;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One run of the telemetry pipeline on a local stack of its own (Kafka, gateway, ClickHouse, Flink;
 * fresh data folder, free ports): the simulated demo fleet pushes {@link #HOURS} hours through the
 * gateway as its clusters would, the day's cost export is imported first, the ingest-samples, usage,
 * log-volume and allocation jobs write ClickHouse, and the run ends when ClickHouse holds the
 * simulator's truth and the whole invoice is charged (or a timeout); then the month's finance report
 * is published from it. A {@link Fault} is told
 * each scrape's time before it is sent, so it can break the stack at a moment of the input and
 * mend it; the same input with no fault is the uninterrupted run it is compared with.
 */
final class FleetPipelineRun {
    static final long SEED = 42;
    static final int HOURS = 2;
    /** Scrapes past the last hour, so that event time passes it and the jobs close it (as the demo). */
    static final Duration CLOSING_SCRAPES = Duration.ofMinutes(5);
    static final int CONCURRENCY = 4;
    static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(4);
    /** Two checkpoint intervals and the allocation's quiet period (5 s), with room: nothing changes after it. */
    static final Duration STABLE_FOR = Duration.ofSeconds(12);

    /** Whole hours ending at the start of today: the same for every run of a test class (the input must be identical). */
    static final Instant TO = Instant.now().truncatedTo(ChronoUnit.DAYS);
    static final Instant FROM = TO.minus(Duration.ofHours(HOURS));

    /** What breaks during a run. Each call may block; the fleet waits (as a real one's agents would queue). */
    interface Fault {
        void beforeSending(Instant scrapeTime, Running run) throws Exception;

        /** Every request acknowledged by the gateway; the pipeline may still be catching up. */
        default void afterSending(Running run) throws Exception {
        }
    }

    static final Fault NONE = (scrapeTime, run) -> { };

    /** What a fault can reach while the run goes on. */
    record Running(LocalStack stack, FleetToGateway gateway, Map<String, JobClient> jobs) {

        /** Each job's status, by job name. */
        Map<String, JobStatus> jobStatuses() throws Exception {
            Map<String, JobStatus> statuses = new HashMap<>();
            for (Map.Entry<String, JobClient> job : jobs.entrySet()) {
                statuses.put(job.getKey(), job.getValue().getJobStatus().get());
            }
            return statuses;
        }

        /** Records of tally.metrics.v1 the consumer group has not committed (its checkpoints' positions), over all partitions. */
        long metricsLag(String consumerGroup) throws Exception {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()))) {
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(consumerGroup).partitionsToOffsetAndMetadata().get();
                List<TopicPartition> partitions = new ArrayList<>();
                for (int p = 0; p < stack.kafka().config().topicPartitions(); p++) {
                    partitions.add(new TopicPartition(Topic.METRICS.topicName(), p));
                }
                var ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                        .all().get();
                long lag = 0;
                for (TopicPartition partition : partitions) {
                    OffsetAndMetadata at = committed.get(partition);
                    lag += ends.get(partition).offset() - (at == null ? 0 : at.offset());
                }
                return lag;
            }
        }
    }

    /**
     * What a run ends with: the views, the checks against the simulator's truth, the invoice money
     * the allocation charged and the month's finance report published from the run's database.
     */
    record Result(PipelineSnapshot snapshot, List<DemoCheck> checks, long samplesCounted, long samplesTruth,
                  BigDecimal cpuCoreSecondsCounted, BigDecimal cpuCoreSecondsTruth, Map<String, BigDecimal> billed,
                  Map<String, BigDecimal> invoice, MonthReport report, Map<String, JobStatus> jobStatuses,
                  long requests, long retries, long unavailableWithRetryAfter) {

        boolean matchesTruth() {
            return samplesCounted == samplesTruth && checks.stream().allMatch(DemoCheck::matches);
        }
    }

    private static FleetCosts costs;

    private FleetPipelineRun() {
    }

    /**
     * The cost export of the input's day, written once: every run imports the very same file (its path
     * is part of the rows' identity: a source line, a run id), as every run sends the very same scrapes.
     */
    private static synchronized FleetCosts costs() throws Exception {
        if (costs == null) {
            costs = FleetCosts.write(FleetSpec.demo().withSeed(SEED), FROM, TO, Files.createTempDirectory("tally-it-fleet-costs-"));
        }
        return costs;
    }

    static Result run(String name, Fault fault) throws Exception {
        return run(name, fault, UnaryOperator.identity());
    }

    static Result run(String name, Fault fault, UnaryOperator<GatewayConfig> gatewayConfig) throws Exception {
        return run(name, fault, gatewayConfig, ClickHouseRetry.defaults());
    }

    /** With the jobs' ClickHouse sinks retrying an outage as {@code retry} says. */
    static Result run(String name, Fault fault, UnaryOperator<GatewayConfig> gatewayConfig, ClickHouseRetry retry)
            throws Exception {
        Path data = Files.createTempDirectory("tally-it-" + name + "-");
        LocalStackConfig config = new LocalStackConfig(TestClickHouse.projectHome(), data, 0, 0, 0, 0, 0,
                LocalStackConfig.DEFAULT_CLUSTERS, Duration.ofSeconds(2));
        FleetSimulator simulator = new FleetSimulator(FleetSpec.demo().withSeed(SEED));
        GroundTruth truth = simulator.groundTruth(FROM, TO);
        TruthChecks truthChecks = new TruthChecks(FROM, TO);
        long samplesTruth = TruthChecks.total(truthChecks.samplesTruth(truth));
        FleetCosts costs = costs();
        try (LocalStack stack = LocalStack.start(config, step -> System.out.println("[" + name + "] … " + step), gatewayConfig)) {
            Map<String, JobClient> jobs = new HashMap<>();
            // the demo's settings: short early-result intervals and idleness, so a small fleet closes its hours quickly
            jobs.put("ingest-samples", PipelineJobs.startIngestSamples(stack, new IngestSamplesJob.IngestSamplesSettings(
                    Duration.ofSeconds(1), Duration.ofDays(2), Duration.ofSeconds(5)), retry));
            jobs.put("usage", PipelineJobs.startUsage(stack, UsageSettings.defaults().withSourceIdleness(Duration.ofSeconds(5)), retry));
            jobs.put("log-volume", PipelineJobs.startLogVolume(stack, new LogVolumeJob.LogVolumeSettings(
                    Duration.ofSeconds(1), Duration.ofDays(2), Duration.ofSeconds(5)), retry));
            jobs.put("allocation", PipelineJobs.startAllocation(stack, AllocationSettings.defaults(), WorkloadOwnerLookup.none(), retry));
            try {
                // the day's invoice is there before its usage, as when the export of a busy day lands early
                costs.importTo(stack.clickHouseUrl(), clock -> new KafkaCostSink(
                        KafkaConnection.plaintext(stack.kafka().bootstrapServers()), clock));
                FleetToGateway gateway = new FleetToGateway(stack.gateway().url(), stack.gatewayTokens().tokenByCluster(), CONCURRENCY);
                Running running = new Running(stack, gateway, jobs);
                simulator.run(FROM, TO.plus(CLOSING_SCRAPES), batch -> {
                    try {
                        fault.beforeSending(batch.scrapeTime(), running);
                    } catch (Exception e) {
                        throw new IllegalStateException("the fault of run " + name + " failed at " + batch.scrapeTime(), e);
                    }
                    gateway.send(batch, true);
                });
                gateway.flush(CONCURRENCY);
                fault.afterSending(running);

                List<DemoCheck> checks = awaitTruth(stack, truth, truthChecks, samplesTruth);
                PipelineSnapshot snapshot = settled(stack, costs);
                checks = TruthChecks.against(checks, truthChecks.read(stack.clickHouseUrl()));
                long samples = TruthChecks.total(truthChecks.samplesByClusterHour(stack.clickHouseUrl()));
                DemoCheck cpu = checks.stream().filter(c -> c.what().equals("CPU used, core-seconds")).findFirst().orElseThrow();
                MonthReport report = MonthReport.publish(stack.clickHouseUrl(), costs.month(), data.resolve("report"));
                return new Result(snapshot, checks, samples, samplesTruth, sum(cpu.clickHouse()), sum(cpu.simulator()),
                        FleetCosts.allocatedBilled(stack.clickHouseUrl()), costs.invoice(), report, running.jobStatuses(),
                        gateway.requests(), gateway.retries(), gateway.unavailableWithRetryAfter());
            } finally {
                for (JobClient job : jobs.values()) {
                    try {
                        job.cancel().get();
                    } catch (Exception e) {
                        System.out.println("[" + name + "] cancelling " + job.getJobID() + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    /** Waits until ClickHouse holds every sample and every usage and log check equals the truth, or the timeout. */
    private static List<DemoCheck> awaitTruth(LocalStack stack, GroundTruth truth, TruthChecks truthChecks, long samplesTruth)
            throws Exception {
        Instant deadline = Instant.now().plus(CATCH_UP_TIMEOUT);
        List<DemoCheck> checks = truthChecks.checks(truth, Map.of());
        while (Instant.now().isBefore(deadline)) {
            checks = TruthChecks.against(checks, truthChecks.read(stack.clickHouseUrl()));
            long samples = TruthChecks.total(truthChecks.samplesByClusterHour(stack.clickHouseUrl()));
            if (samples >= samplesTruth && checks.stream().allMatch(DemoCheck::matches)) {
                return checks;
            }
            Thread.sleep(1_000);
        }
        return checks; // the caller's assertions say what is missing
    }

    /**
     * Waits until the allocation has charged the whole invoice and then nothing changes in any view
     * for {@link #STABLE_FOR} (a double count would show by then: more checkpoints and their
     * inserts, and the allocation's recomputation after its quiet period); the views then.
     */
    private static PipelineSnapshot settled(LocalStack stack, FleetCosts costs) throws Exception {
        return PipelineSnapshot.awaitSettled(stack.clickHouseUrl(), () -> {
            Map<String, BigDecimal> billed = FleetCosts.allocatedBilled(stack.clickHouseUrl());
            return costs.chargedWhole(billed) ? null : "billed " + billed + " of the invoice " + costs.invoice();
        }, STABLE_FOR, CATCH_UP_TIMEOUT);
    }

    private static BigDecimal sum(Map<String, BigDecimal> byCluster) {
        return byCluster.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
