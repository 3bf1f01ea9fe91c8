package dev.tally.local.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.kafka.KafkaConnection;
import dev.tally.ingest.costs.importer.KafkaCostSink;
import dev.tally.local.cli.TallyProcess;
import dev.tally.local.demo.FleetToGateway;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.stack.GatewayTokens;
import dev.tally.local.stack.LocalStack;
import dev.tally.local.stack.LocalStackConfig;
import dev.tally.local.stack.PipelineJobs;
import dev.tally.local.stack.PipelineJobs.RunningJob;
import dev.tally.local.stack.StackFile;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11's Flink faults on the pipeline {@code tally up} runs (ingest samples, usage, log volume,
 * allocation): the same input — the simulated fleet through the gateway, cut in two, with the
 * fleet's cost export imported between the parts — once uninterrupted, once with the stack's JVM
 * killed ({@code kill -9}) after a checkpoint and started again on its data folder, and once with
 * every job stopped with a savepoint and upgraded (started again at another parallelism) from it.
 * What users read from ClickHouse must be the same to the last row, and the invoice charged to the
 * cent in each.
 */
class FlinkJobFaultIT {
    /** The demo fleet: two clusters, 30 s scrapes, a deterministic input. */
    private static final FleetSpec FLEET = FleetSpec.demo();
    /** One whole hour in the recent past (within every job's lateness), closing scrapes after it. */
    private static final Instant TO = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
    private static final Instant FROM = TO.minus(Duration.ofHours(1));
    /** Where the input is cut: mid-hour, so the jobs hold an open hour, counts, log volume and the cost day in state. */
    private static final Instant SPLIT = FROM.plus(Duration.ofMinutes(35));
    private static final Instant END = TO.plus(Duration.ofMinutes(5));
    private static final int HOURS = 1;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration SETTLE_TIMEOUT = Duration.ofMinutes(5);
    /**
     * How long the views must stay unchanged to count as final: more than a checkpoint (10 s, when
     * sinks flush) plus the allocation's quiet period (5 s) and a usage hour's recomputation.
     */
    private static final Duration STABLE_FOR = Duration.ofSeconds(25);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path temp;
    /** The fleet's cost export of the hour's day and the invoice it states. */
    private static FleetCosts costs;
    private static PipelineSnapshot uninterrupted;
    private static Map<String, BigDecimal> uninterruptedBilled;
    private static MonthReport uninterruptedReport;

    @BeforeAll
    static void uninterruptedRun() throws Exception {
        costs = FleetCosts.write(FLEET, FROM, TO, temp.resolve("cost-export"));

        try (UpProcess up = UpProcess.start(temp.resolve("uninterrupted"))) {
            long samples = send(up.gateway(), up.tokens(), FROM, SPLIT);
            importCosts(up.clickHouse(), up.kafka());
            samples += send(up.gateway(), up.tokens(), SPLIT, END);
            uninterrupted = settled(up.clickHouse());
            uninterruptedBilled = FleetCosts.allocatedBilled(up.clickHouse());
            uninterruptedReport = MonthReport.publish(up.clickHouse(), costs.month(), temp.resolve("report-uninterrupted"));
            System.out.printf("uninterrupted run: %,d samples sent; rows %s; billed %s; invoice %s%n", samples,
                    rowCounts(uninterrupted), uninterruptedBilled, costs.invoice());
        }
        assertThat(uninterrupted.rowCount("usage_hourly_latest")).as("usage rows").isPositive();
        assertThat(uninterrupted.rowCount("ingest_samples_hourly_latest")).as("sample counts").isPositive();
        assertThat(uninterrupted.rowCount("log_usage_hourly_latest")).as("log volume rows").isPositive();
        assertThat(uninterrupted.rowCount("cost_allocation_daily_latest")).as("allocation rows").isPositive();
        assertThat(costs.invoice().values()).as("invoice").allSatisfy(total -> assertThat(total).isPositive());
        FleetCosts.assertSameMoney(uninterruptedBilled, costs.invoice(), "the uninterrupted run against the invoice");
    }

    @Test
    void theStackKilledMidRunResumesFromItsLastCheckpointsWithNothingLostOrDoubled() throws Exception {
        Path data = temp.resolve("killed");
        int[] ports = {freePort(), freePort(), freePort(), freePort()};
        try (UpProcess up = UpProcess.start(data, ports)) {
            send(up.gateway(), up.tokens(), FROM, SPLIT);
            importCosts(up.clickHouse(), up.kafka());
            Instant processed = awaitSomethingProcessed(up.clickHouse());
            Map<String, Long> checkpoints = up.awaitCheckpointTriggeredAfter(processed);
            System.out.printf("killing the stack (pid %d) after checkpoints %s; rows so far %s%n", up.process().handle().pid(),
                    checkpoints, rowCounts(PipelineSnapshot.of(up.clickHouse())));
            up.kill9();
        }
        try (UpProcess up = UpProcess.start(data, ports)) {
            Map<String, JsonNode> restored = up.awaitRestored();
            assertThat(restored).as("jobs restored after the kill").hasSize(4);
            // (Flink's REST API calls any restore through execution.state-recovery.path a savepoint; the path says what it was)
            assertThat(restored.values()).allSatisfy(point -> assertThat(point.path("external_path").asText())
                    .as("restored from a retained checkpoint").contains("/chk-"));
            send(up.gateway(), up.tokens(), SPLIT, END);
            PipelineSnapshot afterKill = settled(up.clickHouse());
            Map<String, BigDecimal> billed = FleetCosts.allocatedBilled(up.clickHouse());
            System.out.printf("killed run: restored from %s; rows %s; billed %s%n", restored.values().stream()
                    .map(p -> p.path("external_path").asText().replaceAll(".*/checkpoints/", "")).toList(), rowCounts(afterKill), billed);

            uninterrupted.assertSameAs(afterKill, "kill -9 of the stack and a restart from the jobs' last checkpoints");
            FleetCosts.assertSameMoney(billed, uninterruptedBilled, "the killed run against the uninterrupted one");
            assertThat(MonthReport.publish(up.clickHouse(), costs.month(), temp.resolve("report-killed")))
                    .as("the month's report after the kill: the uninterrupted run's rows and per-team CSV").isEqualTo(uninterruptedReport);
        }
    }

    @Test
    void everyJobUpgradedThroughASavepointAtAnotherParallelismGoesOnWithNothingLostOrDoubled() throws Exception {
        LocalStackConfig config = new LocalStackConfig(TallyProcess.home(), temp.resolve("upgraded"), 0, 0, 0, 0, 0,
                LocalStackConfig.DEFAULT_CLUSTERS, Duration.ofSeconds(10));
        // the stack cancels whatever still runs when it closes
        try (LocalStack stack = LocalStack.start(config, step -> { })) {
            List<RunningJob> jobs = new ArrayList<>(PipelineJobs.startStackJobs(stack, PipelineJobs.PARALLELISM));
            URI gateway = stack.gateway().url();
            Map<String, String> tokens = stack.gatewayTokens().tokenByCluster();
            send(gateway, tokens, FROM, SPLIT);
            importCosts(stack.clickHouseUrl(), stack.kafka().bootstrapServers());
            awaitSomethingProcessed(stack.clickHouseUrl());

            Map<String, Path> savepoints = new TreeMap<>();
            for (RunningJob job : jobs) {
                savepoints.put(job.name(), stack.flink().stopWithSavepoint(job.name(), job.client()));
            }
            jobs.clear();
            // the upgrade: the same jobs built again, with two subtasks per operator instead of three
            int upgradedParallelism = PipelineJobs.PARALLELISM - 1;
            jobs.addAll(PipelineJobs.startStackJobs(stack, upgradedParallelism));
            for (RunningJob job : jobs) {
                JsonNode restored = awaitRestored(stack.flink().webUi(), job.client().getJobID().toHexString());
                assertThat(Path.of(URI.create(restored.path("external_path").asText())))
                        .as(job.name() + " restored from its savepoint").isEqualTo(savepoints.get(job.name()));
                assertThat(parallelism(stack.flink().webUi(), job.client().getJobID().toHexString()))
                        .as(job.name() + "'s parallelism after the upgrade").isEqualTo(upgradedParallelism);
            }
            send(gateway, tokens, SPLIT, END);
            PipelineSnapshot afterUpgrade = settled(stack.clickHouseUrl());
            Map<String, BigDecimal> billed = FleetCosts.allocatedBilled(stack.clickHouseUrl());
            System.out.printf("upgraded run: savepoints %s; rows %s; billed %s%n", savepoints.values().stream()
                    .map(p -> p.getParent().getParent().getFileName() + "/" + p.getFileName()).toList(), rowCounts(afterUpgrade), billed);

            uninterrupted.assertSameAs(afterUpgrade, "stop-with-savepoint and an upgrade to parallelism " + upgradedParallelism);
            FleetCosts.assertSameMoney(billed, uninterruptedBilled, "the upgraded run against the uninterrupted one");
            assertThat(MonthReport.publish(stack.clickHouseUrl(), costs.month(), temp.resolve("report-upgraded")))
                    .as("the month's report after the upgrade: the uninterrupted run's rows and per-team CSV").isEqualTo(uninterruptedReport);
        }
    }

    // --- the input ---------------------------------------------------------------------------

    /** Pushes the fleet's scrapes (metrics and logs) of {@code [from, to)} through the gateway; returns the samples sent. */
    private static long send(URI gateway, Map<String, String> tokens, Instant from, Instant to) {
        FleetToGateway clusters = new FleetToGateway(gateway, tokens, 4);
        AtomicLong samples = new AtomicLong();
        new FleetSimulator(FLEET).run(from, to, batch -> {
            samples.addAndGet(batch.sampleCount());
            clusters.send(batch, true);
        });
        clusters.flush(4);
        return samples.get();
    }

    /** The cost importer, as the demo runs it: the export's amortized file to ClickHouse and tally.costs.v1. */
    private static void importCosts(ClickHouseUrl clickHouse, String kafka) throws Exception {
        costs.importTo(clickHouse, clock -> new KafkaCostSink(KafkaConnection.plaintext(kafka), clock));
    }

    // --- reading the outcome -----------------------------------------------------------------

    /**
     * Waits until the pipeline is done with the input: the hour of both clusters closed in the
     * usage and log volume views, the invoice charged whole, and then nothing changing in any view
     * for {@link #STABLE_FOR}. Returns what the views hold then.
     */
    private static PipelineSnapshot settled(ClickHouseUrl clickHouse) throws Exception {
        int closed = FLEET.clusters().size() * HOURS;
        return PipelineSnapshot.awaitSettled(clickHouse, () -> {
            long usageHours = count(clickHouse, "SELECT count() FROM (SELECT DISTINCT cluster, hour FROM %s.usage_hourly_latest"
                    + " WHERE hour >= toDateTime(%d, 'UTC') AND hour < toDateTime(%d, 'UTC'))");
            long logHours = count(clickHouse, "SELECT count() FROM (SELECT DISTINCT cluster, hour FROM %s.log_usage_hourly_latest"
                    + " WHERE hour >= toDateTime(%d, 'UTC') AND hour < toDateTime(%d, 'UTC'))");
            Map<String, BigDecimal> billed = FleetCosts.allocatedBilled(clickHouse);
            boolean done = usageHours == closed && logHours == closed && costs.chargedWhole(billed);
            return done ? null : "usage cluster-hours " + usageHours + "/" + closed + ", log cluster-hours " + logHours + "/"
                    + closed + ", billed " + billed + " of " + costs.invoice();
        }, STABLE_FOR, SETTLE_TIMEOUT);
    }

    /** Waits until the jobs have written something: sample counts and the cost days' allocation. */
    private static Instant awaitSomethingProcessed(ClickHouseUrl clickHouse) throws Exception {
        Instant deadline = Instant.now().plus(SETTLE_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (count(clickHouse, "SELECT count() FROM %s.ingest_samples_hourly_latest WHERE hour >= toDateTime(%d, 'UTC')"
                    + " AND hour < toDateTime(%d, 'UTC')") > 0
                    && count(clickHouse, "SELECT count() FROM %s.cost_allocation_daily_latest WHERE estimated = 0"
                    + " AND day >= toDate(toDateTime(%d, 'UTC')) AND day <= toDate(toDateTime(%d, 'UTC'))") > 0) {
                return Instant.now();
            }
            Thread.sleep(1_000);
        }
        throw new AssertionError("the jobs wrote neither sample counts nor an allocation within " + SETTLE_TIMEOUT);
    }

    private static long count(ClickHouseUrl clickHouse, String query) throws SQLException {
        try (Connection c = clickHouse.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(String.format(query, clickHouse.database(), FROM.getEpochSecond(), TO.getEpochSecond()))) {
            r.next();
            return r.getLong(1);
        }
    }

    private static Map<String, Integer> rowCounts(PipelineSnapshot snapshot) {
        Map<String, Integer> counts = new TreeMap<>();
        snapshot.rowsByView().forEach((view, rows) -> counts.put(view, rows.size()));
        return counts;
    }

    // --- Flink's REST API --------------------------------------------------------------------

    private static JsonNode get(URI flink, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(flink.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The checkpoint or savepoint a job restored from, once its tasks run. */
    private static JsonNode awaitRestored(URI flink, String jobId) throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            JsonNode restored = get(flink, "/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
            if (restored.isObject()) {
                return restored;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("job " + jobId + " did not say what it restored from within " + START_TIMEOUT);
    }

    private static int parallelism(URI flink, String jobId) throws Exception {
        int max = 0;
        for (JsonNode vertex : get(flink, "/jobs/" + jobId).path("vertices")) {
            max = Math.max(max, vertex.path("parallelism").asInt());
        }
        return max;
    }

    private static List<JsonNode> runningJobs(URI flink) throws Exception {
        List<JsonNode> running = new ArrayList<>();
        for (JsonNode job : get(flink, "/jobs/overview").path("jobs")) {
            if (job.path("state").asText().equals("RUNNING")) {
                running.add(job);
            }
        }
        return running;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** {@code tally up} as its own process, on a data folder and four ports (Kafka, ClickHouse, Flink, gateway). */
    private record UpProcess(TallyProcess process, Path data, int[] ports) implements AutoCloseable {

        static UpProcess start(Path data) throws Exception {
            return start(data, new int[]{freePort(), freePort(), freePort(), freePort()});
        }

        static UpProcess start(Path data, int[] ports) throws Exception {
            TallyProcess process = TallyProcess.start("up", "--data", data.toString(), "--kafka-port", "" + ports[0],
                    "--clickhouse-port", "" + ports[1], "--flink-port", "" + ports[2], "--gateway-port", "" + ports[3]);
            UpProcess up = new UpProcess(process, data, ports);
            try {
                process.awaitLine(line -> line.startsWith("Stop it with"), START_TIMEOUT);
            } catch (AssertionError | InterruptedException e) {
                up.close();
                throw e;
            }
            return up;
        }

        ClickHouseUrl clickHouse() {
            return ClickHouseUrl.parse("http://127.0.0.1:" + ports[1] + "/tally");
        }

        String kafka() {
            return "localhost:" + ports[0];
        }

        URI flink() {
            return URI.create("http://127.0.0.1:" + ports[2]);
        }

        URI gateway() {
            return URI.create("http://127.0.0.1:" + ports[3]);
        }

        Map<String, String> tokens() throws Exception {
            return GatewayTokens.loadOrCreate(data.resolve("gateway-tokens.properties"), LocalStackConfig.DEFAULT_CLUSTERS)
                    .tokenByCluster();
        }

        /** Waits until every running job has a checkpoint triggered after {@code after}; returns their ids by job. */
        Map<String, Long> awaitCheckpointTriggeredAfter(Instant after) throws Exception {
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            Map<String, Long> done = new TreeMap<>();
            while (Instant.now().isBefore(deadline)) {
                done.clear();
                List<JsonNode> running = runningJobs(flink());
                for (JsonNode job : running) {
                    JsonNode completed = get(flink(), "/jobs/" + job.path("jid").asText() + "/checkpoints")
                            .path("latest").path("completed");
                    if (completed.isObject() && completed.path("trigger_timestamp").asLong() > after.toEpochMilli()) {
                        done.put(job.path("name").asText(), completed.path("id").asLong());
                    }
                }
                if (running.size() == 4 && done.size() == 4) {
                    return done;
                }
                Thread.sleep(500);
            }
            throw new AssertionError("not every job completed a checkpoint after " + after + ": " + done);
        }

        /** What each job restored from, by job name, once all four run. */
        Map<String, JsonNode> awaitRestored() throws Exception {
            Instant deadline = Instant.now().plus(START_TIMEOUT);
            while (Instant.now().isBefore(deadline)) {
                List<JsonNode> running = runningJobs(flink());
                if (running.size() == 4) {
                    Map<String, JsonNode> restored = new TreeMap<>();
                    for (JsonNode job : running) {
                        restored.put(job.path("name").asText(), FlinkJobFaultIT.awaitRestored(flink(), job.path("jid").asText()));
                    }
                    return restored;
                }
                Thread.sleep(500);
            }
            throw new AssertionError("the restarted stack does not run four jobs within " + START_TIMEOUT);
        }

        /** SIGKILL to the stack's JVM: no shutdown hook, no cancel, no flush; then waits until it and its ClickHouse are gone. */
        void kill9() throws Exception {
            List<Long> children = StackFile.read(data.resolve("stack.json")).orElseThrow().childPids();
            Process kill = new ProcessBuilder("kill", "-9", Long.toString(process.handle().pid())).inheritIO().start();
            assertThat(kill.waitFor()).isZero();
            process.awaitExit(Duration.ofSeconds(30));
            for (long pid : children) {
                Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
                while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    assertThat(Instant.now()).as("child " + pid + " still alive").isBefore(deadline);
                    Thread.sleep(100);
                }
            }
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
