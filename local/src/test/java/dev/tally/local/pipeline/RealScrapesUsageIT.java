package dev.tally.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.gateway.GatewayConfig;
import dev.tally.ingest.gateway.IngestGateway;
import dev.tally.ingest.gateway.auth.ClusterCredentials;
import dev.tally.ingest.gateway.auth.TokenHash;
import dev.tally.ingest.gateway.kafka.KafkaSettings;
import dev.tally.jobs.usage.UsageJob;
import dev.tally.jobs.usage.UsageSettings;
import dev.tally.jobs.usage.rows.UsageHourly;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.flink.TestFlink;
import dev.tally.local.kafka.TestKafka;
import dev.tally.local.prometheus.ExpositionFile;
import dev.tally.local.prometheus.ScrapeFileExporter;
import dev.tally.local.prometheus.TestPrometheus;
import dev.tally.local.prometheus.TestPrometheus.StoredSample;
import dev.tally.local.prometheus.TestPrometheus.StoredSeries;
import dev.tally.local.stack.LocalStack;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first acceptance item of the telemetry issue, as one story on real parts only:
 *
 * <ol>
 *   <li>A real Prometheus 2.42 (the Debian package) scrapes, every second, an exporter serving the
 *       real kube-state-metrics and kubelet/cAdvisor files of {@code ../shared/data} (Kubernetes
 *       1.34, one node), and remote-writes to the ingest gateway with the cluster's bearer token.
 *       Its configuration also claims {@code cluster="}{@value #SPOOFED}{@code "} as an external
 *       label: the rows must carry the token's cluster, never that.</li>
 *   <li>The files are one instant: scraped as they are, every counter increase is 0, which would
 *       prove nothing. So the exporter plays them forward ({@link ScrapeFileExporter.Playback#COUNTERS_ADVANCE}):
 *       the n-th serve shows every counter at the file's value × n; gauges stay as in the file.</li>
 *   <li>After about {@value #RUN_SECONDS} s the exporter stops; once both targets' {@code up} is 0
 *       (scrapes are sequential per target, so no successful scrape can follow), Prometheus' stored
 *       samples are final. We wait until the metrics topic holds every one of them (Prometheus'
 *       last remote-write went out), then stop Prometheus and run the usage job BOUNDED over the
 *       topic into ClickHouse (the end of input closes every hour, the current one too).</li>
 *   <li>The expected figures are computed here, apart from the production code, from the files'
 *       values and the timestamps at which Prometheus stored its scrapes (its HTTP API returns the
 *       raw samples of a range selector): per container, CPU core-seconds = the file's value ×
 *       the serves between the first and the last stored scrape; working set avg = max = the
 *       file's value, one sample per scrape; request/limit core- and byte-seconds = the file's value
 *       × the time each scrape holds (until the same target's next scrape, at most 5 min; the last
 *       one 30 s) while the file says the pod is {@code Running}; restarts and CFS periods like CPU.
 *       The rows, summed over hours (the run may straddle one), equal them to 1e-9 relative.</li>
 * </ol>
 *
 * <p>What the files hold (Kubernetes 1.34, namespaces {@code scraper} and {@code kube-system}):
 * 24 containers are named by kube-state-metrics or cAdvisor; 18 have cAdvisor usage; 14 have
 * both usage and requests (the six {@code compute-pi-digits}, {@code php-apache}, and the
 * control plane and add-ons with requests: coredns, etcd, kindnet-cni, kube-apiserver,
 * kube-controller-manager, kube-scheduler, metrics-server). Usage without requests: e2e-scraper,
 * kube-proxy, kube-state-metrics, storage-provisioner. Requests without usage: {@code alpine} of
 * {@code e2e-container-creating} (Running, its container never started) and the finished CronJob
 * pod {@code e2e-cronjob-29472159-pvnhf} (not Running: reserves nothing). Four failed Job pods'
 * {@code main} containers have status series only (rows of zeros). The static control-plane pods
 * join although cAdvisor's cgroup names them by their config hash and kube-state-metrics by their
 * mirror pod's uid ({@code kube_pod_info} links the two). cAdvisor's pod-level series
 * ({@code container=""}: pod cgroups, pause containers, the node's root cgroups) are not summed.
 * The test computes these sets from the files and checks the rows against them.
 *
 * <p>The gateway writes to {@code tally.metrics.v1} of the shared test broker; no other test of
 * this JVM writes there, so every usage row must be this cluster's.
 */
class RealScrapesUsageIT {
    /** This test's own topics on the shared broker: other tests' records never mix in. */
    static final String TOPIC_PREFIX = "it-" + UUID.randomUUID() + ".";
    static final String METRICS_TOPIC = TOPIC_PREFIX + Topic.METRICS.topicName();
    static final String CLUSTER = "aks-realprom-weu";
    static final String SPOOFED = "aks-not-me";
    static final int RUN_SECONDS = 30;
    static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);
    /** The usage rules' hold times (UsageRules.defaults(): maxHold 5 min, lastHold 30 s), as documented in jobs/README.md. */
    static final long MAX_HOLD_MILLIS = 300_000;
    static final long LAST_HOLD_MILLIS = 30_000;
    static final double RELATIVE = 1e-9;

    static final String CPU = "container_cpu_usage_seconds_total";
    static final String CFS_PERIODS = "container_cpu_cfs_periods_total";
    static final String CFS_THROTTLED = "container_cpu_cfs_throttled_periods_total";
    static final String WORKING_SET = "container_memory_working_set_bytes";
    static final String REQUESTS = "kube_pod_container_resource_requests";
    static final String LIMITS = "kube_pod_container_resource_limits";
    static final String RESTARTS = "kube_pod_container_status_restarts_total";
    static final String PHASE = "kube_pod_status_phase";
    static final List<String> CADVISOR_FAMILIES = List.of(CPU, CFS_PERIODS, CFS_THROTTLED, WORKING_SET);
    static final List<String> KSM_FAMILIES = List.of(REQUESTS, LIMITS, RESTARTS, PHASE);

    private static Path sharedData;

    @BeforeAll
    static void needsTheFilesAndPrometheus() {
        Optional<Path> shared = ScrapeFileExporter.sharedData();
        if (shared.isEmpty()) {
            System.err.println("SKIPPED RealScrapesUsageIT: " + ScrapeFileExporter.noSharedDataReason());
        }
        Assumptions.assumeTrue(shared.isPresent(), ScrapeFileExporter.noSharedDataReason());
        if (TestPrometheus.executable("prometheus").isEmpty()) {
            System.err.println("SKIPPED RealScrapesUsageIT: " + TestPrometheus.NOT_INSTALLED);
        }
        Assumptions.assumeTrue(TestPrometheus.executable("prometheus").isPresent(), TestPrometheus.NOT_INSTALLED);
        sharedData = shared.get();
    }

    @Test
    void aRealPrometheusScrapingTheRealFilesThroughTheGatewayGivesTheUsageTheFilesSay() throws Exception {
        long started = System.nanoTime();
        ExpositionFile ksm = ExpositionFile.read(sharedData.resolve(ScrapeFileExporter.NRI_K8S_1_34).resolve("ksm/metrics"));
        ExpositionFile cadvisor = ExpositionFile.read(sharedData.resolve(ScrapeFileExporter.NRI_K8S_1_34)
                .resolve("kubelet/metrics/cadvisor"));
        // the rest of the stack starts while Prometheus scrapes (Flink's MiniCluster alone takes ~15 s here)
        CompletableFuture<ClickHouseUrl> clickHouseReady = CompletableFuture.supplyAsync(() -> {
            ClickHouseUrl url = TestClickHouse.server().withDatabase("it_" + UUID.randomUUID().toString().replace("-", ""));
            LocalStack.migrate(url, MigrationSettings.defaults().withDatabase(url.database()));
            TestFlink.cluster();
            return url;
        });

        for (Topic topic : List.of(Topic.METRICS, Topic.DEAD_LETTER)) {
            TestKafka.createTopic(TOPIC_PREFIX + topic.topicName(), 3);
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        List<StoredSeries> stored = new ArrayList<>();
        Map<String, Long> lastScrape = new TreeMap<>();
        int[] serves = new int[2];
        try (IngestGateway gateway = IngestGateway.start(GatewayConfig.defaults()
                .withBind("127.0.0.1", 0)
                .withKafka(KafkaSettings.defaults().withBootstrapServers(TestKafka.bootstrapServers()).withTopicPrefix(TOPIC_PREFIX))
                .withClusters(List.of(new ClusterCredentials(CLUSTER, true, List.of(TokenHash.sha256Hex(token)))))
        )) {
            ScrapeFileExporter exporter = ScrapeFileExporter.kubernetes134(sharedData, ScrapeFileExporter.Playback.COUNTERS_ADVANCE);
            try (exporter; TestPrometheus prometheus = TestPrometheus.start(List.of(
                            new TestPrometheus.ScrapeJob("kube-state-metrics", exporter.target(), ScrapeFileExporter.KSM_PATH),
                            new TestPrometheus.ScrapeJob("kubelet", exporter.target(), ScrapeFileExporter.CADVISOR_PATH)),
                    SCRAPE_INTERVAL, gateway.url().resolve("api/v1/write"),
                    new TestPrometheus.RemoteWriteOptions(Map.of("cluster", SPOOFED), token))) {
                TestPrometheus.PromtoolResult check = TestPrometheus.checkConfig(prometheus.configFile());
                assertThat(check.exitCode()).as(check.output()).isZero();
                Instant end = Instant.now().plusSeconds(RUN_SECONDS);
                while (Instant.now().isBefore(end)) {
                    assertThat(prometheus.isRunning()).as("prometheus runs; its log: %s", prometheus.logTail()).isTrue();
                    Thread.sleep(500);
                }
                exporter.close();
                serves[0] = exporter.scrapes(ScrapeFileExporter.KSM_PATH);
                serves[1] = exporter.scrapes(ScrapeFileExporter.CADVISOR_PATH);
                await("both targets' next scrape failed (up = 0): Prometheus' samples are final", () ->
                        prometheus.storedSamples("up", Duration.ofMinutes(10), Instant.now()).stream()
                                .filter(s -> s.labels().get("job").equals("kube-state-metrics") || s.labels().get("job").equals("kubelet"))
                                .filter(s -> s.samples().get(s.samples().size() - 1).value().equals("0"))
                                .count() == 2);
                Instant at = Instant.now();
                for (String family : concat(CADVISOR_FAMILIES, KSM_FAMILIES)) {
                    stored.addAll(prometheus.storedSamples(family, Duration.ofMinutes(10), at));
                }
                for (StoredSeries s : stored) {
                    lastScrape.merge(s.labels().get("job"), s.samples().get(s.samples().size() - 1).timestampMillis(), Math::max);
                }
                // Prometheus' last remote-write went out: the topic holds every stored sample (then Prometheus may stop)
                TopicCheck topic = awaitEveryStoredSampleInTheTopic(stored);
                assertThat(topic.clusterHeaders).as("the cluster header of every record: the token's").containsExactly(CLUSTER);
                assertThat(topic.payloadClusterLabels).as("what the payload claims (Prometheus' external label)")
                        .containsExactly(SPOOFED);
                System.out.printf("event=real_scrapes records=%d samples_in_topic=%d%n", topic.records, topic.samples);
            }
        }
        long scrapedMillis = (System.nanoTime() - started) / 1_000_000;

        // the usage job, bounded: everything in the topic, then every hour closes
        ClickHouseUrl clickHouse = clickHouseReady.join();
        String name = "it-realprom-" + UUID.randomUUID();
        UsageJob job = UsageJob.kafka(TestKafka.connection(), METRICS_TOPIC, name, clickHouse,
                UsageSettings.defaults(), true);
        StreamExecutionEnvironment env = TestFlink.cluster().environment(name, 1);
        job.addTo(env);
        env.execute("it usage of a real prometheus");
        List<UsageHourly> rows = UsagePipelineIT.readUsage(clickHouse);

        // what the files say, with Prometheus' scrape times
        Expected expected = Expected.of(ksm, cadvisor, stored);
        Map<String, Totals> actual = new TreeMap<>();
        Map<String, Integer> rowsPerHourAndContainer = new HashMap<>();
        for (UsageHourly r : rows) {
            String key = containerKey(r.namespace(), r.pod(), r.container());
            actual.computeIfAbsent(key, k -> new Totals()).add(r);
            rowsPerHourAndContainer.merge(r.hour() + " " + key, 1, Integer::sum);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        Set<String> hours = rows.stream().map(r -> r.hour().toString()).collect(Collectors.toCollection(TreeSet::new));
        System.out.printf("event=real_scrapes_usage ms=%d scrape_phase_ms=%d serves_ksm=%d serves_cadvisor=%d"
                        + " ksm_scrapes_stored=%d cadvisor_scrapes_stored=%d stored_samples=%d containers=%d rows=%d hours=%s%n",
                millis, scrapedMillis, serves[0], serves[1], expected.ksmInstants.length, expected.cadvisorScrapes,
                stored.stream().mapToInt(s -> s.samples().size()).sum(), expected.containers.size(), rows.size(), hours);
        System.out.printf("event=real_scrapes_totals cpu_core_seconds=%s cpu_request_core_seconds=%s cpu_limit_core_seconds=%s"
                        + " memory_request_byte_seconds=%s memory_limit_byte_seconds=%s pod_level_cadvisor_series_skipped=%d%n",
                sum(expected.containers.values(), t -> t.cpuCoreSeconds), sum(expected.containers.values(), t -> t.cpuRequest),
                sum(expected.containers.values(), t -> t.cpuLimit), sum(expected.containers.values(), t -> t.memoryRequest),
                sum(expected.containers.values(), t -> t.memoryLimit), expected.podLevelSeries);
        System.out.printf("event=real_scrapes_containers both=%s usage_only=%s requests_only=%s neither=%s%n",
                expected.both(), expected.usageOnly(), expected.requestsOnly(), expected.neither());

        assertThat(expected.ksmInstants.length).as("kube-state-metrics scrapes stored").isGreaterThanOrEqualTo(10);
        assertThat(expected.cadvisorScrapes).as("cAdvisor scrapes stored").isGreaterThanOrEqualTo(10);
        assertThat(rows).extracting(UsageHourly::cluster).as("the token's cluster, not the external label").containsOnly(CLUSTER);
        assertThat(rowsPerHourAndContainer).as("one row per container and hour (static pods' usage and requests joined)")
                .allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
        assertThat(rows).extracting(UsageHourly::container).as("cAdvisor's pod-level series make no row").doesNotContain("", "POD");
        assertThat(expected.podLevelSeries).as("pod-level cAdvisor series Prometheus stored (not summed)").isPositive();
        assertThat(actual.keySet()).as("a row for every container the files name, and no other").isEqualTo(expected.containers.keySet());

        List<String> diffs = new ArrayList<>();
        expected.containers.forEach((key, e) -> e.compare(key, actual.get(key), diffs));
        diffs.forEach(System.out::println);
        assertThat(diffs).isEmpty();

        // the containers with both usage and requests, as the files say, have both in ClickHouse
        Set<String> bothInRows = actual.entrySet().stream()
                .filter(e -> e.getValue().cpuCoreSeconds.signum() > 0 && e.getValue().cpuRequest.add(e.getValue().memoryRequest).signum() > 0)
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        assertThat(bothInRows).isEqualTo(expected.both());
    }

    // ------------------------------------------------------------------ what the files say

    static String containerKey(String namespace, String pod, String container) {
        return namespace + "/" + pod + "/" + container;
    }

    /** Per container, summed over the run: what the rows must say. */
    static final class Totals {
        BigDecimal cpuCoreSeconds = BigDecimal.ZERO;
        BigDecimal cpuRequest = BigDecimal.ZERO;
        BigDecimal cpuLimit = BigDecimal.ZERO;
        BigDecimal memoryRequest = BigDecimal.ZERO;
        BigDecimal memoryLimit = BigDecimal.ZERO;
        BigDecimal podRunningSeconds = BigDecimal.ZERO;
        long cfsPeriods;
        long cfsThrottled;
        long restarts;
        BigDecimal workingSetSum = BigDecimal.ZERO; // avg × samples, summed over hours
        double workingSetMax;
        long workingSetSamples;
        boolean hasUsage;
        boolean hasRequests;

        void add(UsageHourly r) {
            cpuCoreSeconds = cpuCoreSeconds.add(r.cpuUsageCoreSeconds());
            cpuRequest = cpuRequest.add(r.cpuRequestCoreSeconds());
            cpuLimit = cpuLimit.add(r.cpuLimitCoreSeconds());
            memoryRequest = memoryRequest.add(r.memoryRequestByteSeconds());
            memoryLimit = memoryLimit.add(r.memoryLimitByteSeconds());
            podRunningSeconds = podRunningSeconds.add(r.podRunningSeconds());
            cfsPeriods += r.cpuCfsPeriods();
            cfsThrottled += r.cpuCfsThrottledPeriods();
            restarts += r.restarts();
            workingSetSum = workingSetSum.add(new BigDecimal(r.memoryWorkingSetAvgBytes()).multiply(BigDecimal.valueOf(r.memorySamples())));
            workingSetMax = Math.max(workingSetMax, r.memoryWorkingSetMaxBytes());
            workingSetSamples += r.memorySamples();
        }

        BigDecimal workingSetAvg() {
            return workingSetSamples == 0 ? BigDecimal.ZERO
                    : workingSetSum.divide(BigDecimal.valueOf(workingSetSamples), MathContext.DECIMAL128);
        }

        void compare(String key, Totals actual, List<String> diffs) {
            if (actual == null) {
                diffs.add(key + ": no row");
                return;
            }
            close(key, "cpu core-seconds", actual.cpuCoreSeconds, cpuCoreSeconds, diffs);
            close(key, "cpu request core-seconds", actual.cpuRequest, cpuRequest, diffs);
            close(key, "cpu limit core-seconds", actual.cpuLimit, cpuLimit, diffs);
            close(key, "memory request byte-seconds", actual.memoryRequest, memoryRequest, diffs);
            close(key, "memory limit byte-seconds", actual.memoryLimit, memoryLimit, diffs);
            close(key, "pod running seconds", actual.podRunningSeconds, podRunningSeconds, diffs);
            close(key, "working set avg bytes", actual.workingSetAvg(), workingSetAvg(), diffs);
            close(key, "working set max bytes", new BigDecimal(actual.workingSetMax), new BigDecimal(workingSetMax), diffs);
            exact(key, "working set samples", actual.workingSetSamples, workingSetSamples, diffs);
            exact(key, "cfs periods", actual.cfsPeriods, cfsPeriods, diffs);
            exact(key, "cfs throttled periods", actual.cfsThrottled, cfsThrottled, diffs);
            exact(key, "restarts", actual.restarts, restarts, diffs);
        }

        private static void close(String key, String what, BigDecimal actual, BigDecimal expected, List<String> diffs) {
            boolean ok = expected.signum() == 0 ? actual.signum() == 0
                    : actual.subtract(expected).abs().divide(expected.abs(), MathContext.DECIMAL64).doubleValue() <= RELATIVE;
            if (!ok) {
                diffs.add(key + " " + what + ": row " + actual.toPlainString() + ", files " + expected.toPlainString());
            }
        }

        private static void exact(String key, String what, long actual, long expected, List<String> diffs) {
            if (actual != expected) {
                diffs.add(key + " " + what + ": row " + actual + ", files " + expected);
            }
        }
    }

    /** The expected totals, from the files' values and the instants Prometheus stored its scrapes at. */
    static final class Expected {
        final Map<String, Totals> containers = new TreeMap<>();
        long[] ksmInstants;
        int cadvisorScrapes;
        int podLevelSeries;

        /**
         * @param stored Prometheus' raw samples of the families used, for both targets
         */
        static Expected of(ExpositionFile ksm, ExpositionFile cadvisor, List<StoredSeries> stored) {
            Expected e = new Expected();
            Map<String, ExpositionFile.Sample> fileSamples = new HashMap<>();
            for (ExpositionFile file : List.of(ksm, cadvisor)) {
                for (ExpositionFile.Sample s : file.samples()) {
                    fileSamples.put(seriesKey(s.name(), s.labels()), s);
                }
            }
            // the kube-state-metrics target's scrape instants: every sample of a scrape has its timestamp
            e.ksmInstants = stored.stream().filter(s -> s.labels().get("job").equals("kube-state-metrics"))
                    .flatMap(s -> s.samples().stream()).mapToLong(StoredSample::timestampMillis).distinct().sorted().toArray();
            e.cadvisorScrapes = (int) stored.stream().filter(s -> s.labels().get("job").equals("kubelet"))
                    .flatMap(s -> s.samples().stream()).mapToLong(StoredSample::timestampMillis).distinct().count();

            // which pods the file says are Running (a gauge: the same at every scrape)
            Set<String> running = new HashSet<>();
            for (ExpositionFile.Sample s : ksm.samples(PHASE)) {
                if (s.label("phase").equals("Running") && s.decimal().compareTo(BigDecimal.ONE) == 0) {
                    running.add(s.label("namespace") + "/" + s.label("pod") + "/" + s.label("uid"));
                }
            }
            // every container the files name: cAdvisor's container-level series, kube-state-metrics' per-container series
            for (ExpositionFile.Sample s : cadvisor.samples()) {
                if (CADVISOR_FAMILIES.contains(s.name()) && isContainerLevel(s.labels())) {
                    e.totals(s.labels()).hasUsage = true;
                }
            }
            for (String family : List.of(REQUESTS, LIMITS, RESTARTS)) {
                for (ExpositionFile.Sample s : ksm.samples(family)) {
                    Totals t = e.totals(s.labels());
                    if (family.equals(REQUESTS)) {
                        t.hasRequests = true;
                    }
                }
            }

            for (StoredSeries series : stored) {
                String family = series.labels().get("__name__");
                ExpositionFile.Sample file = fileSamples.get(seriesKey(family, series.labels()));
                assertThat(file).as("the stored series %s is in a file", series.labels()).isNotNull();
                if (family.equals(PHASE)) {
                    continue;
                }
                if (CADVISOR_FAMILIES.contains(family) && !isContainerLevel(file.labels())) {
                    e.podLevelSeries++;
                    continue;
                }
                Totals t = e.containers.get(containerKey(file.label("namespace"), file.label("pod"), file.label("container")));
                BigDecimal value = file.decimal();
                switch (family) {
                    case CPU -> t.cpuCoreSeconds = t.cpuCoreSeconds.add(increase(value, series));
                    case CFS_PERIODS -> t.cfsPeriods += increase(value, series).longValueExact();
                    case CFS_THROTTLED -> t.cfsThrottled += increase(value, series).longValueExact();
                    case RESTARTS -> t.restarts += increase(value, series).longValueExact();
                    case WORKING_SET -> {
                        for (StoredSample s : series.samples()) {
                            assertThat(new BigDecimal(s.value())).as("a gauge is served as in the file").isEqualByComparingTo(value);
                        }
                        t.workingSetSum = t.workingSetSum.add(value.multiply(BigDecimal.valueOf(series.samples().size())));
                        t.workingSetMax = Math.max(t.workingSetMax, value.doubleValue());
                        t.workingSetSamples += series.samples().size();
                    }
                    case REQUESTS, LIMITS -> {
                        String resource = file.label("resource");
                        if (!resource.equals("cpu") && !resource.equals("memory")) {
                            break;
                        }
                        boolean podRunning = running.contains(file.label("namespace") + "/" + file.label("pod") + "/" + file.label("uid"));
                        BigDecimal seconds = podRunning ? e.heldSeconds(series) : BigDecimal.ZERO;
                        BigDecimal valueSeconds = value.multiply(seconds);
                        if (family.equals(REQUESTS)) {
                            if (resource.equals("cpu")) {
                                t.cpuRequest = t.cpuRequest.add(valueSeconds);
                            } else {
                                t.memoryRequest = t.memoryRequest.add(valueSeconds);
                            }
                        } else if (resource.equals("cpu")) {
                            t.cpuLimit = t.cpuLimit.add(valueSeconds);
                        } else {
                            t.memoryLimit = t.memoryLimit.add(valueSeconds);
                        }
                    }
                    default -> throw new IllegalStateException(family);
                }
            }
            // seconds each pod was Running, on each of its containers' rows
            for (StoredSeries series : stored) {
                if (!series.labels().get("__name__").equals(PHASE) || !"Running".equals(series.labels().get("phase"))) {
                    continue;
                }
                String pod = series.labels().get("namespace") + "/" + series.labels().get("pod");
                if (!running.contains(pod + "/" + series.labels().get("uid"))) {
                    continue;
                }
                BigDecimal seconds = e.heldSeconds(series);
                e.containers.forEach((key, t) -> {
                    if (key.startsWith(pod + "/")) {
                        t.podRunningSeconds = seconds;
                    }
                });
            }
            return e;
        }

        Totals totals(Map<String, String> labels) {
            return containers.computeIfAbsent(containerKey(labels.getOrDefault("namespace", ""), labels.getOrDefault("pod", ""),
                    labels.getOrDefault("container", "")), k -> new Totals());
        }

        /**
         * A counter played forward shows the file's value × n at the n-th serve: its increase from
         * the first to the last stored scrape is the value × the serves in between.
         */
        static BigDecimal increase(BigDecimal fileValue, StoredSeries series) {
            if (fileValue.signum() == 0) {
                return BigDecimal.ZERO;
            }
            List<StoredSample> samples = series.samples();
            long first = serve(fileValue, samples.get(0), series);
            long last = serve(fileValue, samples.get(samples.size() - 1), series);
            return fileValue.multiply(BigDecimal.valueOf(last - first));
        }

        /** Which serve a stored counter value came from; it must be the file's value × that number exactly. */
        static long serve(BigDecimal fileValue, StoredSample sample, StoredSeries series) {
            BigDecimal stored = new BigDecimal(sample.value());
            BigDecimal n = stored.divide(fileValue, MathContext.DECIMAL128);
            assertThat(n.stripTrailingZeros().scale()).as("%s stored %s: the file's value %s × a serve number",
                    series.labels(), sample.value(), fileValue).isLessThanOrEqualTo(0);
            return n.longValueExact();
        }

        /**
         * Seconds the samples of a kube-state-metrics series hold: each until the target's next
         * scrape, at most {@value #MAX_HOLD_MILLIS} ms; the last one {@value #LAST_HOLD_MILLIS} ms.
         */
        BigDecimal heldSeconds(StoredSeries series) {
            long millis = 0;
            for (StoredSample s : series.samples()) {
                int i = java.util.Arrays.binarySearch(ksmInstants, s.timestampMillis());
                assertThat(i).as("a sample at one of the target's scrape instants").isNotNegative();
                millis += i + 1 < ksmInstants.length ? Math.min(ksmInstants[i + 1] - ksmInstants[i], MAX_HOLD_MILLIS) : LAST_HOLD_MILLIS;
            }
            return BigDecimal.valueOf(millis, 3);
        }

        Set<String> both() {
            return keys(t -> t.hasUsage && t.hasRequests);
        }

        Set<String> usageOnly() {
            return keys(t -> t.hasUsage && !t.hasRequests);
        }

        Set<String> requestsOnly() {
            return keys(t -> !t.hasUsage && t.hasRequests);
        }

        Set<String> neither() {
            return keys(t -> !t.hasUsage && !t.hasRequests);
        }

        private Set<String> keys(java.util.function.Predicate<Totals> which) {
            return containers.entrySet().stream().filter(e -> which.test(e.getValue())).map(Map.Entry::getKey)
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** cAdvisor series of a container (not of a pod cgroup, pause container or the node's cgroups). */
    static boolean isContainerLevel(Map<String, String> labels) {
        String container = labels.getOrDefault("container", "");
        return !container.isEmpty() && !container.equals("POD");
    }

    /** A series by its name and non-empty labels, without what Prometheus adds (job, instance) or the sender's cluster. */
    static String seriesKey(String name, Map<String, String> labels) {
        Map<String, String> key = new TreeMap<>(labels);
        key.values().removeIf(String::isEmpty);
        key.keySet().removeAll(Set.of("__name__", "job", "instance", "cluster"));
        return name + key;
    }

    static BigDecimal sum(java.util.Collection<Totals> totals, java.util.function.Function<Totals, BigDecimal> field) {
        return totals.stream().map(field).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    // ------------------------------------------------------------------ the topic

    static final class TopicCheck {
        final Set<String> clusterHeaders = new TreeSet<>();
        final Set<String> payloadClusterLabels = new TreeSet<>();
        final Set<String> seen = new HashSet<>();
        long records;
        long samples;
    }

    /** Reads tally.metrics.v1 until it holds every (series, timestamp) Prometheus stored. */
    static TopicCheck awaitEveryStoredSampleInTheTopic(List<StoredSeries> stored) throws Exception {
        Set<String> wanted = new HashSet<>();
        for (StoredSeries s : stored) {
            for (StoredSample sample : s.samples()) {
                wanted.add(s.labels().get("job") + " " + seriesKey(s.labels().get("__name__"), s.labels()) + "@" + sample.timestampMillis());
            }
        }
        Properties config = new Properties();
        config.put("bootstrap.servers", TestKafka.bootstrapServers());
        TopicCheck check = new TopicCheck();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(METRICS_TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (!check.seen.containsAll(wanted) && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    check.records++;
                    Header cluster = record.headers().lastHeader(RecordHeaders.CLUSTER_ID);
                    check.clusterHeaders.add(cluster == null ? "(none)" : new String(cluster.value(), StandardCharsets.UTF_8));
                    RemoteWrite.WriteRequest request = RemoteWrite.WriteRequest.parseFrom(record.value());
                    for (RemoteWrite.TimeSeries ts : request.getTimeseriesList()) {
                        Map<String, String> labels = new TreeMap<>();
                        ts.getLabelsList().forEach(l -> labels.put(l.getName(), l.getValue()));
                        if (labels.containsKey("cluster")) {
                            check.payloadClusterLabels.add(labels.get("cluster"));
                        }
                        check.samples += ts.getSamplesCount();
                        String series = labels.get("job") + " " + seriesKey(labels.get("__name__"), labels);
                        for (RemoteWrite.Sample sample : ts.getSamplesList()) {
                            check.seen.add(series + "@" + sample.getTimestamp());
                        }
                    }
                }
            }
        }
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(check.seen);
        assertThat(missing).as("stored by Prometheus but not in the topic after 60 s").isEmpty();
        return check;
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void await(String what, Condition condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (condition.holds()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("waited 30 s for: " + what);
    }
}
