package dev.tally.local.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.common.rightsizing.RightsizingJson;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.rightsizing.RightsizingStatus;
import dev.tally.common.rightsizing.RiskReason;
import dev.tally.common.topics.Topic;
import dev.tally.jobs.clickhouse.ClickHouseSink;
import dev.tally.jobs.clickhouse.ClickHouseSinkSettings;
import dev.tally.jobs.rightsizing.RightsizingJob;
import dev.tally.jobs.rightsizing.RightsizingRecommendationTable;
import dev.tally.jobs.rightsizing.RightsizingSettings;
import dev.tally.jobs.rightsizing.vpa.ExponentialBuckets;
import dev.tally.jobs.telemetry.RawTelemetrySource;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.ScrapeBatch;
import dev.tally.local.fleet.model.DemoFleet;
import dev.tally.local.fleet.truth.WorkloadContainer;
import dev.tally.local.fleet.truth.WorkloadUsage;
import dev.tally.local.flink.TestFlink;
import dev.tally.local.kafka.TestKafka;
import dev.tally.local.stack.LocalStack;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test of the rightsizing job: the simulator's production cluster for
 * {@code HOURS} hours, plus the development cluster created two hours before the end (a new
 * cluster: all its workloads are new), as remote_write records on the embedded Kafka broker,
 * through {@link RightsizingJob} on the Flink MiniCluster into ClickHouse and
 * {@code tally.rightsizing.v1}. The latest recommendations are checked against the simulator's
 * ground truth at scrape resolution ({@code GroundTruth.workloadContainers()}).
 */
class RightsizingPipelineIT {
    static final Instant FROM = Instant.parse("2026-01-06T00:00:00Z");
    static final int HOURS = Integer.getInteger("tally.it.rightsizing.hours", 12);
    static final Instant TO = FROM.plus(Duration.ofHours(HOURS));
    /** The new cluster's creation: two hours of data, less than the minimum history. */
    static final Instant NEW_ORIGIN = TO.minus(Duration.ofHours(2));
    static final Duration MIN_HISTORY = Duration.ofHours(6);
    static final String PROD = "aks-prod-weu";
    static final String NEW = "aks-dev-weu";
    static final double MIB = 1024.0 * 1024;

    static final FleetSimulator PROD_SIM = new FleetSimulator(FleetSpec.demo().withClusters(List.of(DemoFleet.prod())));
    static final FleetSimulator NEW_SIM = new FleetSimulator(new FleetSpec(42, List.of(DemoFleet.dev()),
            Duration.ofSeconds(30), NEW_ORIGIN));
    static Map<WorkloadContainer, WorkloadUsage> truth;
    static Map<String, RightsizingRecommendation> vpa;
    static Map<String, RightsizingRecommendation> simple;
    static Map<String, RightsizingRecommendation> topic;

    @BeforeAll
    static void runTheJob() throws Exception {
        truth = new HashMap<>(PROD_SIM.groundTruth(FROM, TO).workloadContainers());
        truth.putAll(NEW_SIM.groundTruth(NEW_ORIGIN, TO).workloadContainers());
        String input = "it-rightsizing-" + UUID.randomUUID();
        ClickHouseUrl clickHouse = TestClickHouse.server().withDatabase("it_" + UUID.randomUUID().toString().replace("-", ""));
        LocalStack.migrate(clickHouse, MigrationSettings.defaults().withDatabase(clickHouse.database()));
        TestKafka.createTopic(input, 2);
        try {
            TestKafka.createTopic(Topic.RIGHTSIZING.topicName(), 2, Topic.RIGHTSIZING.config());
        } catch (RuntimeException alreadyThere) {
            // another run in this JVM made it
        }
        RightsizingSettings settings = RightsizingSettings.defaults()
                .withHistory(MIN_HISTORY, Duration.ofDays(7))
                .withSourceIdleness(Duration.ofSeconds(2));
        RightsizingJob job = new RightsizingJob(RawTelemetrySource.kafka(TestKafka.connection(), input, "it-" + input, false),
                new ClickHouseSink<>(ClickHouseSinkSettings.of(clickHouse), new RightsizingRecommendationTable()),
                RightsizingJob.recommendationTopic(TestKafka.connection()),
                new UsagePipelineIT.CollectingDeadLetters(), settings);
        StreamExecutionEnvironment env = TestFlink.cluster().environment("it-" + input, 2);
        env.enableCheckpointing(2_000);
        job.addTo(env);
        JobClient running = env.executeAsync("it rightsizing");
        AtomicLong records = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = UsagePipelineIT.producer()) {
            // the new cluster's scrapes, sent in time order together with production's
            Deque<ScrapeBatch> newCluster = new ArrayDeque<>();
            NEW_SIM.run(NEW_ORIGIN, TO, newCluster::add);
            PROD_SIM.run(FROM, TO, batch -> {
                while (!newCluster.isEmpty() && !newCluster.peekFirst().scrapeTime().isAfter(batch.scrapeTime())) {
                    ScrapeBatch b = newCluster.pollFirst();
                    UsagePipelineIT.send(producer, input, b.clusterId(), b.remoteWrite(), records, samples);
                }
                UsagePipelineIT.send(producer, input, batch.clusterId(), batch.remoteWrite(), records, samples);
            });
            // event time past the last emit boundary, in both clusters
            for (String cluster : List.of(PROD, NEW)) {
                UsagePipelineIT.send(producer, input, cluster, UsagePipelineIT.endOfData(TO.plus(Duration.ofHours(2))),
                        records, samples);
            }
            producer.flush();
        }
        // every container, both strategies, at the end of the data; or until nothing more comes for 30 s
        long expected = 2L * truth.size();
        long seen = -1;
        Instant quietSince = Instant.now();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(10));
        while (Instant.now().isBefore(deadline)) {
            long n = rowsAt(clickHouse, TO);
            if (n >= expected) {
                break;
            }
            if (n != seen) {
                seen = n;
                quietSince = Instant.now();
            } else if (n > 0 && Instant.now().isAfter(quietSince.plusSeconds(30))) {
                break;
            }
            Thread.sleep(1_000);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        running.cancel().get();
        System.out.printf("rightsizing job: %d records, %d samples through the job in %d ms (%.0f samples/s, shared cores)%n",
                records.get(), samples.get(), millis, samples.get() * 1000.0 / millis);

        vpa = latest(clickHouse, "vpa");
        simple = latest(clickHouse, "simple");
        topic = readTopic();
    }

    static String key(String cluster, String namespace, String kind, String name, String container) {
        return String.join("/", cluster, namespace, kind, name, container);
    }

    static String key(WorkloadContainer c) {
        return key(c.cluster(), c.namespace(), c.workloadKind(), c.workloadName(), c.container());
    }

    static WorkloadUsage truthOf(String cluster, String namespace, String kind, String name, String container) {
        WorkloadUsage u = truth.get(new WorkloadContainer(cluster, namespace, kind, name, container));
        assertThat(u).as("truth for " + key(cluster, namespace, kind, name, container)).isNotNull();
        return u;
    }

    /** Width of the VPA bucket holding {@code value}: the histograms' resolution there. */
    static double bucketWidth(ExponentialBuckets buckets, double value) {
        int b = buckets.bucketOf(value);
        return buckets.start(b + 1) - buckets.start(b);
    }

    @Test
    void everyContainerOfTheFleetGetsARecommendationUnderItsWorkload() {
        assertThat(vpa.keySet()).containsExactlyInAnyOrderElementsOf(truth.keySet().stream().map(RightsizingPipelineIT::key).toList());
        assertThat(simple.keySet()).isEqualTo(vpa.keySet());
        assertThat(vpa.values()).allSatisfy(r -> assertThat(r.computedAt()).isEqualTo(TO));
    }

    /** identity/auth-service asks 2 cores / 4 GiB per replica and uses about 45m / 310 MiB. */
    @Test
    void theOverRequestedWorkloadGetsItsRealPercentilePlusTheMarginAndSavesMoney() {
        WorkloadUsage real = truthOf(PROD, "identity", "Deployment", "auth-service", "auth");
        RightsizingRecommendation r = vpa.get(key(PROD, "identity", "Deployment", "auth-service", "auth"));

        assertThat(r.status()).isEqualTo(RightsizingStatus.OVER_PROVISIONED);
        assertThat(r.riskReasons()).isEmpty();
        assertThat(r.current().cpuRequestCores()).isEqualTo(2.0);
        assertThat(r.current().memoryRequestBytes()).isEqualTo(4L << 30);
        double p90 = real.cpuPercentileCores(0.9);
        double cpuBucket = bucketWidth(ExponentialBuckets.cpuCores(), p90);
        System.out.printf("auth-service: real CPU P90 %.5f cores -> recommended %.3f (target %.5f); real peak %.1f MiB -> %.1f MiB; "
                        + "saves %s %s a month%n", p90, r.recommended().cpuRequestCores(), r.cpuTargetCores(),
                real.workingSetMaxBytes() / MIB, r.recommended().memoryRequestBytes() / MIB, r.monthlySavings(), r.currency());
        // the histogram's P90 is within one bucket of the real one; the recommendation is it × 1.15, whole millicores
        assertThat(r.cpuTargetCores()).isBetween(p90 - cpuBucket, p90 + cpuBucket);
        assertThat(r.recommended().cpuRequestCores()).isBetween((p90 - cpuBucket) * 1.15, (p90 + cpuBucket) * 1.15 + 0.001);
        double peak = real.workingSetMaxBytes();
        double memoryBucket = bucketWidth(ExponentialBuckets.memoryBytes(), peak);
        assertThat((double) r.recommended().memoryRequestBytes()).isGreaterThanOrEqualTo(peak)
                .isBetween((peak - memoryBucket) * 1.15, (peak + memoryBucket) * 1.15 + MIB);
        assertThat(r.replicas()).isEqualTo(2);
        assertThat(r.monthlySavings()).isEqualByComparingTo(r.monthlyCostCurrent().subtract(r.monthlyCostRecommended()));
        assertThat(r.monthlySavings()).as("most of what 2 × (2 cores + 4 GiB) cost").isGreaterThan(
                r.monthlyCostCurrent().multiply(new BigDecimal("0.9")));
    }

    /** shop/payments-worker: 256 MiB request, 320 MiB limit, working set near it, OOM-killed a few times a day, throttled. */
    @Test
    void theUnderRequestedWorkloadWithOomKillsGetsMoreMemoryAndARiskStatus() {
        WorkloadUsage real = truthOf(PROD, "shop", "Deployment", "payments-worker", "worker");
        assertThat(real.oomKills()).as("the simulator OOM-killed it in the window").isPositive();

        for (Map<String, RightsizingRecommendation> strategy : List.of(vpa, simple)) {
            RightsizingRecommendation r = strategy.get(key(PROD, "shop", "Deployment", "payments-worker", "worker"));
            System.out.printf("payments-worker (%s): %s %s, %d OOM kills (real %d), memory %d -> %.1f MiB, CPU %.3f -> %.3f, throttled %.2f%n",
                    r.strategy().label(), r.status().label(), r.riskReasons(), r.oomKills(), real.oomKills(),
                    r.current().memoryRequestBytes() >> 20, r.recommended().memoryRequestBytes() / MIB,
                    r.current().cpuRequestCores(), r.recommended().cpuRequestCores(), r.cpuThrottledRatio());
            assertThat(r.status()).isEqualTo(RightsizingStatus.UNDER_PROVISIONED);
            assertThat(r.riskReasons()).contains(RiskReason.OOM_KILLS, RiskReason.MEMORY_REQUEST_TOO_LOW);
            assertThat(r.oomKills()).isEqualTo(real.oomKills());
            assertThat(r.recommended().memoryRequestBytes()).isGreaterThan(r.current().memoryRequestBytes())
                    .isGreaterThan(r.current().memoryLimitBytes())
                    .isGreaterThanOrEqualTo(real.workingSetMaxBytes());
            assertThat(r.monthlySavings()).as("more memory costs more").isNegative();
        }
    }

    /** analytics/legacy-exporter leaks from 200 MiB by 60 MiB an hour until its 768 MiB limit kills it. */
    @Test
    void theLeakingWorkloadIsNotRecommendedDown() {
        WorkloadUsage real = truthOf(PROD, "analytics", "Deployment", "legacy-exporter", "exporter");
        for (Map<String, RightsizingRecommendation> strategy : List.of(vpa, simple)) {
            RightsizingRecommendation r = strategy.get(key(PROD, "analytics", "Deployment", "legacy-exporter", "exporter"));
            System.out.printf("legacy-exporter (%s): %s %s, memory %d -> %.1f MiB (real peak %.1f MiB, %d OOM kills)%n",
                    r.strategy().label(), r.status().label(), r.riskReasons(), r.current().memoryRequestBytes() >> 20,
                    r.recommended().memoryRequestBytes() / MIB, real.workingSetMaxBytes() / MIB, real.oomKills());
            assertThat(r.status()).isNotIn(RightsizingStatus.OVER_PROVISIONED, RightsizingStatus.OK,
                    RightsizingStatus.NOT_ENOUGH_DATA);
            assertThat(r.recommended().memoryRequestBytes()).isGreaterThan(r.current().memoryRequestBytes())
                    .isGreaterThanOrEqualTo(real.workingSetMaxBytes());
            assertThat(r.memoryPeakBytes()).isEqualTo(real.workingSetMaxBytes());
        }
    }

    @Test
    void theNewClustersWorkloadsSayNotEnoughDataUnlessAtRisk() {
        List<RightsizingRecommendation> fresh = vpa.values().stream().filter(r -> r.container().cluster().equals(NEW)).toList();
        List<RightsizingRecommendation> notEnough = fresh.stream()
                .filter(r -> r.status() == RightsizingStatus.NOT_ENOUGH_DATA).toList();
        System.out.printf("new cluster: %d containers, %d not enough data%n", fresh.size(), notEnough.size());
        assertThat(fresh).hasSizeGreaterThan(10);
        for (RightsizingRecommendation r : fresh) {
            boolean atRisk = r.riskReasons().contains(RiskReason.OOM_KILLS) || r.riskReasons().contains(RiskReason.CPU_THROTTLING);
            assertThat(r.historyHours()).isLessThanOrEqualTo(2.0);
            if (atRisk) {
                assertThat(r.status()).isEqualTo(RightsizingStatus.UNDER_PROVISIONED);
            } else {
                assertThat(r.status()).as(r.container().toString()).isEqualTo(RightsizingStatus.NOT_ENOUGH_DATA);
                assertThat(r.recommended().memoryRequestBytes()).isNull();
                assertThat(r.monthlySavings()).isEqualByComparingTo("0");
            }
        }
        assertThat(notEnough.size()).isGreaterThanOrEqualTo(fresh.size() - 3);
    }

    /** VPA #4981: sandbox/jvm-batch-api OOM-loops at start-up (limit 256 MiB, needs 300 MiB) and is new. */
    @Test
    void aNewContainerOomLoopingAtStartUpGetsMoreMemoryAtOnce() {
        WorkloadUsage real = truthOf(NEW, "sandbox", "Deployment", "jvm-batch-api", "app");
        assertThat(real.oomKills()).isPositive();
        RightsizingRecommendation r = vpa.get(key(NEW, "sandbox", "Deployment", "jvm-batch-api", "app"));
        System.out.printf("jvm-batch-api: %s %s, %d OOM kills (real %d), memory %d -> %.1f MiB%n", r.status().label(),
                r.riskReasons(), r.oomKills(), real.oomKills(), r.current().memoryRequestBytes() >> 20,
                r.recommended().memoryRequestBytes() / MIB);
        assertThat(r.status()).isEqualTo(RightsizingStatus.UNDER_PROVISIONED);
        assertThat(r.riskReasons()).contains(RiskReason.OOM_KILLS);
        assertThat(r.recommended().memoryRequestBytes() / MIB).isGreaterThan(300);
    }

    @Test
    void theCompactedTopicCarriesTheVpaRecommendationPerContainer() {
        assertThat(topic.keySet()).isEqualTo(vpa.keySet());
        topic.forEach((k, r) -> {
            assertThat(r.status()).as(k).isEqualTo(vpa.get(k).status());
            assertThat(r.monthlySavings()).as(k).isEqualByComparingTo(vpa.get(k).monthlySavings());
            assertThat(r.recommended()).as(k).isEqualTo(vpa.get(k).recommended());
        });
    }

    static long rowsAt(ClickHouseUrl clickHouse, Instant at) throws Exception {
        try (Connection c = clickHouse.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count() FROM " + clickHouse.database() + ".rightsizing_recommendations "
                     + "WHERE computed_at = fromUnixTimestamp64Milli(" + at.toEpochMilli() + ", 'UTC')")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The latest recommendation per container of one strategy, read back from ClickHouse. */
    static Map<String, RightsizingRecommendation> latest(ClickHouseUrl clickHouse, String strategy) throws Exception {
        Map<String, RightsizingRecommendation> out = new TreeMap<>();
        try (Connection c = clickHouse.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT cluster, namespace, workload_kind, workload_name, container, "
                     + "toUnixTimestamp64Milli(computed_at), status, risk_reasons, "
                     + "current_cpu_request_cores, current_cpu_limit_cores, current_memory_request_bytes, current_memory_limit_bytes, "
                     + "recommended_cpu_request_cores, recommended_cpu_limit_cores, recommended_memory_request_bytes, "
                     + "recommended_memory_limit_bytes, cpu_target_cores, memory_target_bytes, memory_peak_bytes, oom_kills, "
                     + "cpu_throttled_ratio, confidence, history_hours, replicas, toString(monthly_cost_current), "
                     + "toString(monthly_cost_recommended), toString(monthly_savings), currency, price_source "
                     + "FROM " + clickHouse.database() + ".rightsizing_recommendations_latest WHERE strategy = '" + strategy + "'")) {
            while (r.next()) {
                String k = key(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5));
                List<RiskReason> reasons = new ArrayList<>();
                for (String reason : r.getString(8).split(",")) {
                    if (!reason.isEmpty()) {
                        reasons.add(RiskReason.valueOf(reason.toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
                    }
                }
                out.put(k, new RightsizingRecommendation(
                        new dev.tally.common.rightsizing.ContainerRef(r.getString(1), r.getString(2), r.getString(3),
                                r.getString(4), r.getString(5)),
                        Instant.ofEpochMilli(r.getLong(6)),
                        RightsizingStatus.valueOf(r.getString(7).toUpperCase(java.util.Locale.ROOT).replace('-', '_')),
                        reasons,
                        new dev.tally.common.rightsizing.ResourceSettings(dbl(r, 9), dbl(r, 10), lng(r, 11), lng(r, 12)),
                        new dev.tally.common.rightsizing.ResourceSettings(dbl(r, 13), dbl(r, 14), lng(r, 15), lng(r, 16)),
                        0.9, dbl(r, 17), 0.9, lng(r, 18), lng(r, 19), r.getLong(20), dbl(r, 21), r.getDouble(22),
                        r.getDouble(23), 0, r.getInt(24), new BigDecimal(r.getString(25)), new BigDecimal(r.getString(26)),
                        new BigDecimal(r.getString(27)), r.getString(28),
                        dev.tally.common.rightsizing.RightsizingStrategy.valueOf(strategy.toUpperCase(java.util.Locale.ROOT)),
                        dev.tally.common.rightsizing.PriceSource.valueOf(
                                r.getString(29).toUpperCase(java.util.Locale.ROOT).replace('-', '_'))));
            }
        }
        return out;
    }

    private static Double dbl(ResultSet r, int column) throws Exception {
        double v = r.getDouble(column);
        return r.wasNull() ? null : v;
    }

    private static Long lng(ResultSet r, int column) throws Exception {
        long v = r.getLong(column);
        return r.wasNull() ? null : v;
    }

    /** Reads tally.rightsizing.v1 to its end: the record per key computed at the end of this run's data. */
    static Map<String, RightsizingRecommendation> readTopic() {
        Map<String, RightsizingRecommendation> out = new TreeMap<>();
        Properties config = new Properties();
        config.put("bootstrap.servers", TestKafka.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.RIGHTSIZING.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        continue; // a forgotten container's tombstone: none in this run's 12 h
                    }
                    RightsizingRecommendation r = RightsizingJson.read(record.value());
                    assertThat(RightsizingJson.readKey(record.key())).isEqualTo(r.container());
                    if (r.computedAt().equals(TO)) {
                        var c = r.container();
                        out.put(key(c.cluster(), c.namespace(), c.workloadKind(), c.workloadName(), c.container()), r);
                    }
                }
            }
        }
        return out;
    }
}
