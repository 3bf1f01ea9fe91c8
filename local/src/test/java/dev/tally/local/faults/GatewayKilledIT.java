package dev.tally.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.costs.importer.KafkaCostSink;
import dev.tally.ingest.gateway.GatewayConfig;
import dev.tally.ingest.gateway.IngestGateway;
import dev.tally.ingest.gateway.auth.ClusterCredentials;
import dev.tally.ingest.gateway.auth.TokenHash;
import dev.tally.ingest.gateway.kafka.KafkaSettings;
import dev.tally.jobs.allocation.stream.AllocationJob;
import dev.tally.jobs.allocation.stream.AllocationSettings;
import dev.tally.jobs.allocation.stream.WorkloadOwnerLookup;
import dev.tally.jobs.clickhouse.ClickHouseSink;
import dev.tally.jobs.clickhouse.ClickHouseSinkSettings;
import dev.tally.jobs.deadletter.DeadLetterSinks;
import dev.tally.jobs.ingesthealth.IngestSamplesHourlyTable;
import dev.tally.jobs.ingesthealth.IngestSamplesJob;
import dev.tally.jobs.telemetry.RawTelemetrySource;
import dev.tally.jobs.usage.UsageJob;
import dev.tally.jobs.usage.UsageSettings;
import dev.tally.jobs.usage.rows.NodeHourlyTable;
import dev.tally.jobs.usage.rows.UsageHourlyTable;
import dev.tally.jobs.usage.rows.VolumeHourlyTable;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.ScrapeBatch;
import dev.tally.local.flink.TestFlink;
import dev.tally.local.kafka.TestKafka;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * The ingest gateway ({@code GatewayMain}, the Deployment's main class) as a process of its own,
 * killed with SIGKILL while a large remote_write request's body is still arriving. The client sees
 * the request fail and sends it again to the restarted gateway; the requests before and after it
 * are acknowledged. A request whose answer the client never got (the gateway produced it to Kafka,
 * then died before answering) is sent again too. Then, as for an uninterrupted run of the same
 * requests (its own topics and database): the fleet's cost export of those days is imported, the
 * usage and ingest-samples jobs read the metrics topic on a Flink MiniCluster into ClickHouse and
 * {@code tally.usage.v1}, the allocation job charges the invoice from the usage and cost topics,
 * and the month's finance report is published. Every view equals the uninterrupted run's, except
 * the one count of deliveries ({@code ingest_samples_hourly}), which counts the re-sent request's
 * samples again, exactly; both charge the whole invoice to the cent; and both publish the same
 * report (docs/reliability.md).
 */
class GatewayKilledIT {
    static final Instant FROM = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
    static final Instant TO = FROM.plus(Duration.ofHours(2));
    /**
     * Series per request: the fleet's scrapes of one cluster merged up to this. The large one stays
     * within a Kafka record's default limit (1 MB uncompressed, the broker's message.max.bytes).
     */
    static final int SERIES_PER_REQUEST = 2_500;
    static final int LARGE_SERIES = 4_500;

    @TempDir
    static Path temp;

    /** One remote_write request as a cluster's Prometheus sends it. */
    record Request(String cluster, byte[] body, long samples, Map<String, Long> samplesByHour) {
    }

    @Test
    void aGatewayKilledMidRequestLosesNothingAcknowledgedAndTheRetriedRequestCountsOnce() throws Exception {
        FleetSimulator sim = new FleetSimulator(FleetSpec.demo());
        List<Request> requests = requests(sim);
        // the invoice of the requests' days, imported the same way in both runs
        FleetCosts costs = FleetCosts.write(FleetSpec.demo(), FROM, TO, temp.resolve("cost-export"));
        int large = 0;
        for (int i = 1; i < requests.size(); i++) {
            large = requests.get(i).samples() > requests.get(large).samples() ? i : large;
        }
        int answerLost = large - 1;
        long samples = requests.stream().mapToLong(Request::samples).sum();
        System.out.printf("event=gateway_kill_input requests=%d samples=%d large_request_bytes=%d large_request_samples=%d"
                        + " large_request_cluster=%s%n", requests.size(), samples, requests.get(large).body().length,
                requests.get(large).samples(), requests.get(large).cluster());

        String id = UUID.randomUUID().toString().substring(0, 8);
        String cleanPrefix = "it-gw-clean-" + id + ".";
        String killedPrefix = "it-gw-killed-" + id + ".";
        for (String prefix : List.of(cleanPrefix, killedPrefix)) {
            // with the settings of Tally's own topics (a remote_write request up to the gateway's limits fits)
            TestKafka.createTopic(prefix + Topic.METRICS.topicName(), 3, Topic.METRICS.config());
            TestKafka.createTopic(prefix + Topic.DEAD_LETTER.topicName(), 3, Topic.DEAD_LETTER.config());
            TestKafka.createTopic(prefix + Topic.USAGE.topicName(), 3, Topic.USAGE.config());
            TestKafka.createTopic(prefix + Topic.COSTS.topicName(), 3, Topic.COSTS.config());
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        sim.clusterIds().forEach(c -> tokens.put(c, "token-" + c + "-" + id));

        // uninterrupted: the same requests, each acknowledged once
        try (IngestGateway gateway = IngestGateway.start(GatewayConfig.defaults().withBind("127.0.0.1", 0)
                .withKafka(KafkaSettings.defaults().withBootstrapServers(TestKafka.bootstrapServers()).withTopicPrefix(cleanPrefix))
                .withClusters(tokens.entrySet().stream()
                        .map(e -> new ClusterCredentials(e.getKey(), true, List.of(TokenHash.sha256Hex(e.getValue())))).toList()))) {
            for (Request r : requests) {
                assertThat(post(gateway.url(), r, tokens)).isEqualTo(204);
            }
        }

        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path dir = Files.createTempDirectory("tally-it-gateway-killed");
        GatewayProcess gateway = GatewayProcess.start(dir, port, killedPrefix, tokens);
        try {
            for (int i = 0; i < large; i++) {
                assertThat(post(gateway.url(), requests.get(i), tokens)).as("request %d", i).isEqualTo(204);
            }
            // the answer to this one was lost (the gateway had produced it, then died): the client sends it again
            assertThat(post(gateway.url(), requests.get(answerLost), tokens)).isEqualTo(204);

            // the large request, its body in pieces; the gateway is killed when half of it has arrived
            Request big = requests.get(large);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                out.write(headers(big, tokens.get(big.cluster())));
                int half = big.body().length / 2;
                for (int offset = 0; offset < half; offset += 8 * 1024) {
                    out.write(big.body(), offset, Math.min(8 * 1024, half - offset));
                    out.flush();
                    Thread.sleep(10);
                }
                gateway.kill();
                assertThatThrownBy(() -> {
                    out.write(big.body(), half, big.body().length - half);
                    out.flush();
                    InputStream in = socket.getInputStream();
                    String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                    if (status.isEmpty()) {
                        throw new IOException("connection closed without an answer");
                    }
                    throw new AssertionError("the killed gateway answered " + status);
                }).as("the client sees its request fail").isInstanceOf(IOException.class);
            }
            gateway = GatewayProcess.start(dir, port, killedPrefix, tokens);
            assertThat(post(gateway.url(), big, tokens)).as("the large request, retried").isEqualTo(204);
            for (int i = large + 1; i < requests.size(); i++) {
                assertThat(post(gateway.url(), requests.get(i), tokens)).as("request %d", i).isEqualTo(204);
            }
        } finally {
            gateway.close();
        }

        ClickHouseUrl uninterrupted = TestClickHouse.migratedDatabase("gateway_whole");
        ClickHouseUrl killed = TestClickHouse.migratedDatabase("gateway_killed");
        runPipeline(cleanPrefix, uninterrupted, costs);
        runPipeline(killedPrefix, killed, costs);

        // the views, the invoice money and the month's report: the same as uninterrupted
        String fault = "the gateway killed mid-request, a retried request and a request sent again after a lost answer";
        PipelineSnapshot expected = PipelineSnapshot.of(uninterrupted);
        PipelineSnapshot actual = PipelineSnapshot.of(killed);
        String deliveries = "ingest_samples_hourly_latest";
        without(expected, deliveries).assertSameAs(without(actual, deliveries), fault);
        Map<String, BigDecimal> billedWhole = FleetCosts.allocatedBilled(uninterrupted);
        Map<String, BigDecimal> billedAfterKill = FleetCosts.allocatedBilled(killed);
        MonthReport reportWhole = MonthReport.publish(uninterrupted, costs.month(), temp.resolve("report-uninterrupted"));
        MonthReport reportAfterKill = MonthReport.publish(killed, costs.month(), temp.resolve("report-killed"));

        Map<String, Long> whole = ingestedSamples(uninterrupted);
        Map<String, Long> afterKill = ingestedSamples(killed);
        Map<String, Long> resent = new TreeMap<>();
        requests.get(answerLost).samplesByHour().forEach((hour, n) -> resent.put(requests.get(answerLost).cluster() + " " + hour, n));
        Map<String, Long> extra = new TreeMap<>();
        afterKill.forEach((key, n) -> {
            long more = n - whole.getOrDefault(key, 0L);
            if (more != 0) {
                extra.put(key, more);
            }
        });
        System.out.printf("event=gateway_kill_result usage_rows=%d node_rows=%d samples_uninterrupted=%d samples_after_kill=%d"
                        + " counted_again=%s cpu_core_seconds=%s invoice=%s billed_uninterrupted=%s billed_after_kill=%s"
                        + " allocation_rows=%d workload_allocation_rows=%d report_month=%s report_rows=%d%n",
                expected.rowCount("usage_hourly_latest"), expected.rowCount("node_hourly_latest"), total(whole), total(afterKill),
                extra, cpu(uninterrupted), costs.invoice(), billedWhole, billedAfterKill,
                expected.rowCount("cost_allocation_daily_latest"), workloadAllocationRows(uninterrupted), costs.month(),
                reportWhole.parquetRows().size());
        assertThat(total(whole)).as("every acknowledged sample, once").isEqualTo(samples);
        assertThat(extra).as("ingest_samples_hourly counts deliveries: the re-sent request's samples, exactly, and nothing else")
                .isEqualTo(resent);
        assertThat(expected.rowCount("usage_hourly_latest")).isPositive();
        assertThat(cpu(killed)).isEqualTo(cpu(uninterrupted)).isNotEqualTo("0");
        FleetCosts.assertSameMoney(billedWhole, costs.invoice(), "the uninterrupted run against the invoice");
        FleetCosts.assertSameMoney(billedAfterKill, costs.invoice(), "the run after the gateway kill against the invoice");
        assertThat(workloadAllocationRows(uninterrupted)).as("allocation rows charged to workloads (the usage reached the allocation)")
                .isPositive();
        assertThat(reportAfterKill).as("the month's report after %s: the uninterrupted run's rows and per-team CSV", fault)
                .isEqualTo(reportWhole);
    }

    /** The fleet's scrapes of {@link #FROM}–{@link #TO}, per cluster merged into requests; one of them large. */
    static List<Request> requests(FleetSimulator sim) {
        List<Request> requests = new ArrayList<>();
        Map<String, RemoteWrite.WriteRequest.Builder> open = new LinkedHashMap<>();
        Instant middle = FROM.plus(Duration.between(FROM, TO).dividedBy(2));
        sim.run(FROM, TO, (ScrapeBatch batch) -> {
            RemoteWrite.WriteRequest.Builder b = open.computeIfAbsent(batch.clusterId(), c -> RemoteWrite.WriteRequest.newBuilder());
            // around the middle, one cluster's request grows large (the one in flight when the gateway dies)
            int limit = batch.clusterId().equals(sim.clusterIds().get(0)) && batch.scrapeTime().isAfter(middle) ? LARGE_SERIES : SERIES_PER_REQUEST;
            if (b.getTimeseriesCount() + batch.remoteWrite().getTimeseriesCount() > limit) {
                requests.add(request(batch.clusterId(), b.build()));
                b = RemoteWrite.WriteRequest.newBuilder();
                open.put(batch.clusterId(), b);
            }
            b.addAllTimeseries(batch.remoteWrite().getTimeseriesList());
        });
        open.forEach((cluster, b) -> requests.add(request(cluster, b.build())));
        return requests;
    }

    private static Request request(String cluster, RemoteWrite.WriteRequest write) {
        long samples = 0;
        Map<String, Long> byHour = new TreeMap<>();
        for (RemoteWrite.TimeSeries series : write.getTimeseriesList()) {
            for (RemoteWrite.Sample sample : series.getSamplesList()) {
                samples++;
                byHour.merge(Instant.ofEpochMilli(sample.getTimestamp()).truncatedTo(ChronoUnit.HOURS).toString(), 1L, Long::sum);
            }
        }
        try {
            return new Request(cluster, Snappy.compress(write.toByteArray()), samples, byHour);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Sends one request as Prometheus does: again after a 429 or 503, when Retry-After says (here at most 1 s). */
    private static int post(URI gateway, Request r, Map<String, String> tokens) throws Exception {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(gateway.resolve("/api/v1/write"))
                    .header("Content-Type", ScrapeBatch.REMOTE_WRITE_CONTENT_TYPE)
                    .header("Content-Encoding", ScrapeBatch.REMOTE_WRITE_CONTENT_ENCODING)
                    .header(ScrapeBatch.REMOTE_WRITE_VERSION_HEADER, ScrapeBatch.REMOTE_WRITE_VERSION)
                    .header("Authorization", "Bearer " + tokens.get(r.cluster()))
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(r.body())).build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if ((status == 429 || status == 503) && attempt < 30) {
                System.out.printf("event=gateway_kill_client_retry status=%d attempt=%d reason=\"%s\"%n", status, attempt, response.body().strip());
                Thread.sleep(Math.min(1_000, 1_000L * Long.parseLong(response.headers().firstValue("Retry-After").orElse("1"))));
                continue;
            }
            assertThat(status).as(response.body()).isBetween(200, 299);
            return status;
        }
    }

    private static byte[] headers(Request r, String token) {
        return ("POST /api/v1/write HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + ScrapeBatch.REMOTE_WRITE_CONTENT_TYPE
                + "\r\nContent-Encoding: snappy\r\n" + ScrapeBatch.REMOTE_WRITE_VERSION_HEADER + ": " + ScrapeBatch.REMOTE_WRITE_VERSION
                + "\r\nAuthorization: Bearer " + token + "\r\nContent-Length: " + r.body().length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * One run's pipeline on the topics under {@code prefix}, into {@code clickHouse}, bounded: the
     * cost export imported (to ClickHouse and the prefixed tally.costs.v1); the usage and
     * ingest-samples jobs over everything in the metrics topic (then every hour closes), usage rows
     * to the prefixed tally.usage.v1; then the allocation job over both topics (it computes each
     * cluster-day when its input ends).
     */
    private static void runPipeline(String prefix, ClickHouseUrl clickHouse, FleetCosts costs) throws Exception {
        costs.importTo(clickHouse, clock -> new KafkaCostSink(TestKafka.connection(), prefix, clock));
        String topic = prefix + Topic.METRICS.topicName();
        ClickHouseSinkSettings sink = ClickHouseSinkSettings.of(clickHouse);
        String group = "it-" + prefix + UUID.randomUUID();
        UsageJob usage = new UsageJob(RawTelemetrySource.kafka(TestKafka.connection(), topic, group + "-usage", true),
                new ClickHouseSink<>(sink, new UsageHourlyTable()),
                new ClickHouseSink<>(sink, new NodeHourlyTable()),
                new ClickHouseSink<>(sink, new VolumeHourlyTable()),
                UsageJob.usageTopic(TestKafka.connection(), prefix),
                DeadLetterSinks.kafka(TestKafka.connection()),
                UsageSettings.defaults());
        IngestSamplesJob ingest = new IngestSamplesJob(RawTelemetrySource.kafka(TestKafka.connection(), topic, group + "-samples", true),
                new ClickHouseSink<>(sink, new IngestSamplesHourlyTable()),
                DeadLetterSinks.kafka(TestKafka.connection()),
                IngestSamplesJob.IngestSamplesSettings.defaults());
        StreamExecutionEnvironment env = TestFlink.cluster().environment(group, 1);
        usage.addTo(env);
        ingest.addTo(env);
        env.execute("it jobs after a killed gateway: " + topic);

        // a bounded source reads up to the offsets of its start: the usage rows must all be there first
        StreamExecutionEnvironment allocation = TestFlink.cluster().environment(group + "-allocation", 1);
        AllocationJob.kafka(TestKafka.connection(), prefix, group + "-allocation", clickHouse, AllocationSettings.defaults(),
                WorkloadOwnerLookup.none(), true).addTo(allocation);
        // (a job failing again and again would restart forever: the wait names it instead)
        allocation.executeAsync("it allocation after a killed gateway: " + prefix).getJobExecutionResult().get(5, TimeUnit.MINUTES);
    }

    private static PipelineSnapshot without(PipelineSnapshot snapshot, String view) {
        Map<String, List<String>> rows = new TreeMap<>(snapshot.rowsByView());
        assertThat(rows.remove(view)).as(view).isNotNull();
        return new PipelineSnapshot(rows);
    }

    /** Samples counted per cluster and hour ({@code cluster hour}). */
    private static Map<String, Long> ingestedSamples(ClickHouseUrl db) throws SQLException {
        Map<String, Long> samples = new TreeMap<>();
        try (Connection c = db.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT cluster, toUnixTimestamp(hour), sum(samples) FROM " + db.database()
                     + ".ingest_samples_hourly_latest GROUP BY cluster, hour")) {
            while (r.next()) {
                samples.put(r.getString(1) + " " + Instant.ofEpochSecond(r.getLong(2)), r.getLong(3));
            }
        }
        return samples;
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Allocation rows charged to a namespace's workload rather than to a bucket ({@code __idle__}, {@code __unallocated__}, …). */
    private static long workloadAllocationRows(ClickHouseUrl db) throws SQLException {
        try (Connection c = db.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count() FROM " + db.database() + ".cost_allocation_daily_latest"
                     + " WHERE NOT startsWith(namespace, '__')")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String cpu(ClickHouseUrl db) throws SQLException {
        try (Connection c = db.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT toString(sum(cpu_usage_core_seconds)) FROM " + db.database() + ".usage_hourly_latest")) {
            r.next();
            return r.getString(1);
        }
    }

    /** {@code GatewayMain} in its own JVM, as the Deployment runs it. */
    static final class GatewayProcess implements AutoCloseable {
        private final Process process;
        private final URI url;

        private GatewayProcess(Process process, URI url) {
            this.process = process;
            this.url = url;
        }

        static GatewayProcess start(Path dir, int port, String topicPrefix, Map<String, String> tokens) throws Exception {
            Path config = dir.resolve("gateway.properties");
            Files.writeString(config, "bind-address=127.0.0.1\nport=" + port + "\nkafka.bootstrap-servers=" + TestKafka.bootstrapServers()
                    + "\nkafka.topic-prefix=" + topicPrefix + "\n");
            Path log = dir.resolve("gateway-" + System.nanoTime() + ".log");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), "dev.tally.ingest.gateway.GatewayMain", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("TALLY_GATEWAY_TOKENS", tokens.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
            Process process = builder.start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            while (Instant.now().isBefore(deadline)) {
                String output = Files.readString(log);
                if (!process.isAlive()) {
                    throw new AssertionError("the gateway exited with " + process.exitValue() + ": " + output);
                }
                if (output.contains("tally gateway listening on ")) {
                    return new GatewayProcess(process, URI.create("http://127.0.0.1:" + port + "/"));
                }
                Thread.sleep(100);
            }
            process.destroyForcibly();
            throw new AssertionError("the gateway did not start within 90 s: " + Files.readString(log));
        }

        URI url() {
            return url;
        }

        /** SIGKILL: no shutdown hook, no draining of requests in flight. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            kill();
        }
    }
}
