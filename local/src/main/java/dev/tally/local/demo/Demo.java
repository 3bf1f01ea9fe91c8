package dev.tally.local.demo;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.jobs.ingesthealth.IngestSamplesJob;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.stack.LocalStack;
import dev.tally.local.stack.PipelineJobs;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;

/**
 * The demo's story: a simulated fleet of AKS clusters sends a few days of metrics through
 * Kafka; the Flink pipeline counts them into ClickHouse; the summary read back from ClickHouse
 * is checked against the simulator's ground truth. Runs on a stack the caller started.
 */
public final class Demo {
    private final LocalStack stack;
    private final DemoSettings settings;
    private final PrintStream out;

    public Demo(LocalStack stack, DemoSettings settings, PrintStream out) {
        this.stack = stack;
        this.settings = settings;
        this.out = out;
    }

    public DemoSummary run() throws Exception {
        long started = System.nanoTime();
        IngestSamplesJob.IngestSamplesSettings jobSettings = new IngestSamplesJob.IngestSamplesSettings(
                Duration.ofSeconds(1), Duration.ofDays(2), Duration.ofSeconds(5));
        JobClient job = PipelineJobs.startIngestSamples(stack, jobSettings);
        try {
            FleetSimulator simulator = new FleetSimulator(FleetSpec.demo().withSeed(settings.seed()));
            Map<String, Map<Instant, Long>> truth = groundTruth(simulator);
            long expected = truth.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();

            FleetToKafka kafka = new FleetToKafka(stack.kafka().bootstrapServers());
            try (kafka) {
                simulate(simulator, kafka);
            }
            waitForPipeline(expected);
            DemoSummary summary = new DemoSummary(readBack(stack.clickHouseUrl()), truth, kafka.records(), kafka.bytes(),
                    (System.nanoTime() - started) / 1e9);
            return summary;
        } finally {
            job.cancel().get();
        }
    }

    private Map<String, Map<Instant, Long>> groundTruth(FleetSimulator simulator) {
        Map<String, Map<Instant, Long>> truth = new TreeMap<>();
        simulator.groundTruth(settings.from(), settings.to()).samplesByClusterHour().forEach((clusterHour, samples) ->
                truth.computeIfAbsent(clusterHour.cluster(), c -> new TreeMap<>()).put(clusterHour.hour(), samples));
        return truth;
    }

    private void simulate(FleetSimulator simulator, FleetToKafka kafka) {
        long span = Duration.between(settings.from(), settings.to()).toMillis();
        ProgressLine progress = new ProgressLine(out, "simulating the fleet → Kafka");
        simulator.run(settings.from(), settings.to(), batch -> {
            kafka.send(batch);
            if (kafka.records() % 200 == 0) {
                progress.update(Duration.between(settings.from(), batch.scrapeTime()).toMillis() / (double) span,
                        "(" + batch.scrapeTime() + ", " + kafka.records() + " requests)");
            }
        });
        kafka.flush();
        progress.done("(" + kafka.records() + " requests, " + String.format("%,.1f MB", kafka.bytes() / 1e6) + ")");
    }

    private void waitForPipeline(long expectedSamples) throws Exception {
        ProgressLine progress = new ProgressLine(out, "Flink counting into ClickHouse");
        Instant deadline = Instant.now().plus(settings.timeout());
        long counted = 0;
        while (Instant.now().isBefore(deadline)) {
            counted = countedSamples(stack.clickHouseUrl());
            if (counted >= expectedSamples) {
                progress.done(String.format("(%,d samples)", counted));
                return;
            }
            progress.update(counted / (double) expectedSamples, String.format("(%,d of %,d samples)", counted, expectedSamples));
            Thread.sleep(1000);
        }
        out.println();
        out.printf("  the pipeline counted %,d of %,d samples within %s; showing what is there%n",
                counted, expectedSamples, settings.timeout());
    }

    static long countedSamples(ClickHouseUrl url) throws SQLException {
        try (Connection c = url.open(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT sum(samples) FROM " + url.database() + ".ingest_samples_hourly_latest")) {
            return rows.next() ? rows.getLong(1) : 0;
        }
    }

    static Map<String, Map<Instant, Long>> readBack(ClickHouseUrl url) throws SQLException {
        Map<String, Map<Instant, Long>> byCluster = new HashMap<>();
        String query = "SELECT cluster, toUnixTimestamp(hour), sum(samples) FROM " + url.database()
                + ".ingest_samples_hourly_latest GROUP BY cluster, hour";
        try (Connection c = url.open(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(query)) {
            while (rows.next()) {
                byCluster.computeIfAbsent(rows.getString(1), k -> new TreeMap<>())
                        .put(Instant.ofEpochSecond(rows.getLong(2)), rows.getLong(3));
            }
        }
        return byCluster;
    }
}
