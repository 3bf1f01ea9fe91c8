package dev.tally.jobs.allocation.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.prices.AllocatedPrices;
import dev.tally.common.prices.AllocatedPricesJson;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.rightsizing.PriceSource;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.rightsizing.RightsizingStrategy;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.allocation.day.AllocationPolicy;
import dev.tally.jobs.allocation.day.DistributionPolicy;
import dev.tally.jobs.allocation.node.CpuRamWeighting;
import dev.tally.jobs.rightsizing.RightsizingJob;
import dev.tally.jobs.rightsizing.RightsizingSettings;
import dev.tally.jobs.rightsizing.RightsizingTopicRecord;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.testing.CollectingSink;
import dev.tally.jobs.testing.ListSource;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The money of a recommendation at the workload's allocated price, end to end: the allocation job
 * (Flink, in-memory sources) charges a hand-computed EUR cluster-day and emits its prices; they go
 * through their wire format ({@code tally.allocated-prices.v1}'s JSON) into the rightsizing job,
 * which reads remote_write scrapes of three workloads and prices each recommendation.
 *
 * <p>Cluster {@code aks-eur}, one day, weighting 4 : 1 per core-hour : GiB-hour, so a 4-core 16-GiB
 * node's cost is half CPU, half memory. Node A costs 24.00 billed / 14.40 effective (a reservation),
 * node B 48.00 / 28.80, both 24 h: A's core-hour is 12.00 / 96 = 0.125 billed and 7.20 / 96 = 0.075
 * effective, its GiB-hour 12.00 / 384 = 0.03125 and 7.20 / 384 = 0.01875; B's are twice that.
 * The cluster: 36.00 / 192 core-hours = 0.1875 (effective 0.1125), 36.00 / 768 GiB-hours = 0.046875
 * (0.028125). {@code api} runs on A only (A's prices); {@code batch} claims one core and 2 GiB on A
 * for 16 h, then on B for 8 h: (16 × 0.075 + 8 × 0.15) / 24 = 0.1 effective per core-hour,
 * (16 × 0.01875 + 8 × 0.0375) / 24 = 0.025 per GiB-hour (billed: 0.5 / 3 and 0.125 / 3).
 */
class AllocatedPricesIT {
    static final LocalDate DAY = LocalDate.parse("2026-01-30");
    static final String NODE_A = "aks-user-12345678-vmss00000a";
    static final String NODE_B = "aks-user-12345678-vmss00000b";
    static final long T0 = Instant.parse("2026-01-31T00:00:00Z").toEpochMilli();
    static final double GIB = 1L << 30;

    static Map<String, AllocatedPrices> prices;
    static Map<String, RightsizingRecommendation> latest;
    static List<DeadLetter> deadLetters;

    @BeforeAll
    static void runBothJobs() throws Exception {
        TopicRows in = new TopicRows();
        in.node("aks-eur", NODE_A, "Standard_D4s_v5", DAY, 0, 24, 3600)
                .node("aks-eur", NODE_B, "Standard_D4s_v5", DAY, 0, 24, 3600)
                .container("aks-eur", NODE_A, "shop", "Deployment", "api", DAY, 0, 24, "2", "0.5", "8", "1")
                .container("aks-eur", NODE_A, "jobs", "Deployment", "batch", DAY, 0, 16, "1", "0.5", "2", "1")
                .container("aks-eur", NODE_B, "jobs", "Deployment", "batch", DAY, 16, 8, "1", "0.5", "2", "1")
                .vm("run-1", 1, "aks-eur", DAY, "aks-user-12345678-vmss_10", "24.00", "14.40")
                .vm("run-1", 2, "aks-eur", DAY, "aks-user-12345678-vmss_11", "48.00", "28.80");
        CollectingSink<AllocatedPrices> priceSink = new CollectingSink<>();
        StreamExecutionEnvironment allocationEnv = StreamExecutionEnvironment.createLocalEnvironment(2);
        new AllocationJob(ListSource.of(in.usage, TopicRecord.class), ListSource.of(in.costs, TopicRecord.class),
                new CollectingSink<>(), new CollectingSink<>(), AllocationSettings.defaults()
                .withPolicy(AllocationPolicy.defaults().withWeighting(new CpuRamWeighting(new BigDecimal("4"), BigDecimal.ONE))
                        .withIdle(DistributionPolicy.NONE).withShared(DistributionPolicy.NONE))
                .withQuietPeriod(Duration.ofMillis(1)), WorkloadOwnerLookup.none())
                .allocatedPricesTo(priceSink).addTo(allocationEnv);
        allocationEnv.execute("allocation with prices");
        prices = new TreeMap<>();
        for (AllocatedPrices p : priceSink.collected()) {
            prices.merge(p.cluster() + " " + p.namespace() + "/" + p.workloadName(), p, (a, b) -> b.newerThan(a) ? b : a);
        }

        // the prices as the topic carries them, and one record that is not prices
        List<TopicRecord> topic = new ArrayList<>();
        long offset = 0;
        for (AllocatedPrices p : prices.values()) {
            topic.add(new TopicRecord(AllocatedPricesJson.write(p),
                    SourcePosition.kafka("tally.allocated-prices.v1", 0, offset++), 0));
        }
        topic.add(new TopicRecord("{\"cluster\":".getBytes(StandardCharsets.UTF_8),
                SourcePosition.kafka("tally.allocated-prices.v1", 0, 99), 0));

        List<RawTelemetry> scrapes = new ArrayList<>();
        for (long t = T0, i = 0; t <= T0 + 3 * 3_600_000L; t += 30_000, i++) {
            scrapes.add(scrape("aks-eur", t, i, new Pod("shop", "api", 2, 8), new Pod("shop", "cart", 1, 2),
                    new Pod("jobs", "batch", 1, 2)));
            scrapes.add(scrape("aks-usd", t, i, new Pod("web", "web", 1, 1)));
        }
        CollectingSink<RightsizingRecommendation> table = new CollectingSink<>();
        CollectingSink<DeadLetter> letters = new CollectingSink<>();
        StreamExecutionEnvironment rightsizingEnv = StreamExecutionEnvironment.createLocalEnvironment(2);
        new RightsizingJob(ListSource.of(scrapes, RawTelemetry.class), table, new CollectingSink<RightsizingTopicRecord>(),
                letters, RightsizingSettings.defaults().withHistory(Duration.ofHours(1), Duration.ofDays(7)))
                .allocatedPricesFrom(ListSource.of(topic, TopicRecord.class), true)
                .addTo(rightsizingEnv);
        rightsizingEnv.execute("rightsizing at allocated prices");
        latest = table.collected().stream().filter(r -> r.strategy() == RightsizingStrategy.VPA)
                .collect(Collectors.toMap(r -> r.container().cluster() + " " + r.container().workloadName(), r -> r,
                        (a, b) -> a.computedAt().isAfter(b.computedAt()) ? a : b, TreeMap::new));
        deadLetters = letters.collected();
    }

    record Pod(String namespace, String workload, double cpuRequestCores, double memoryRequestGib) {
    }

    /** One scrape of a cluster: each pod's owners, requests, CPU counter (0.5 core) and working set (1 GiB). */
    static RawTelemetry scrape(String cluster, long t, long i, Pod... pods) {
        RemoteWrite.WriteRequest.Builder request = RemoteWrite.WriteRequest.newBuilder();
        for (Pod p : pods) {
            String pod = p.workload() + "-7d9-abc";
            series(request, t, 1, "kube_pod_owner", p.namespace(), pod, "owner_kind", "ReplicaSet",
                    "owner_name", p.workload() + "-7d9", "owner_is_controller", "true");
            series(request, t, 1, "kube_replicaset_owner", p.namespace(), null, "replicaset", p.workload() + "-7d9",
                    "owner_kind", "Deployment", "owner_name", p.workload());
            series(request, t, p.cpuRequestCores(), "kube_pod_container_resource_requests", p.namespace(), pod,
                    "container", "app", "resource", "cpu", "unit", "core");
            series(request, t, p.memoryRequestGib() * GIB, "kube_pod_container_resource_requests", p.namespace(), pod,
                    "container", "app", "resource", "memory", "unit", "byte");
            series(request, t, 1000 + i * 15.0, "container_cpu_usage_seconds_total", p.namespace(), pod,
                    "container", "app", "id", "/kubepods/" + pod);
            series(request, t, GIB, "container_memory_working_set_bytes", p.namespace(), pod,
                    "container", "app", "id", "/kubepods/" + pod);
        }
        return new RawTelemetry(cluster, RecordHeaders.REMOTE_WRITE_PROTOBUF, request.build().toByteArray(),
                SourcePosition.kafka("tally.metrics.v1", 0, i));
    }

    private static void series(RemoteWrite.WriteRequest.Builder request, long t, double v, String name, String namespace,
                               String pod, String... more) {
        RemoteWrite.TimeSeries.Builder s = RemoteWrite.TimeSeries.newBuilder()
                .addLabels(RemoteWrite.Label.newBuilder().setName("__name__").setValue(name))
                .addLabels(RemoteWrite.Label.newBuilder().setName("namespace").setValue(namespace));
        if (pod != null) {
            s.addLabels(RemoteWrite.Label.newBuilder().setName("pod").setValue(pod));
        }
        for (int k = 0; k < more.length; k += 2) {
            s.addLabels(RemoteWrite.Label.newBuilder().setName(more[k]).setValue(more[k + 1]));
        }
        request.addTimeseries(s.addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(t).setValue(v)));
    }

    @Test
    void theAllocationJobChargesHandComputedPricesPerClusterAndWorkload() {
        assertThat(prices.keySet()).containsExactly("aks-eur /", "aks-eur jobs/batch", "aks-eur shop/api");
        assertPrices(prices.get("aks-eur /"), "0.1875", "0.046875", "0.1125", "0.028125");
        assertPrices(prices.get("aks-eur shop/api"), "0.125", "0.03125", "0.075", "0.01875");
        assertPrices(prices.get("aks-eur jobs/batch"), "0.1666666667", "0.0416666667", "0.1", "0.025");
        assertThat(prices.values()).allSatisfy(p -> {
            assertThat(p.currency()).isEqualTo("EUR");
            assertThat(p.day()).isEqualTo(DAY);
        });
    }

    private static void assertPrices(AllocatedPrices p, String billedCpu, String billedMemory, String effectiveCpu,
                                     String effectiveMemory) {
        assertThat(p.billedCpuCoreHour()).isEqualByComparingTo(billedCpu);
        assertThat(p.billedMemoryGibHour()).isEqualByComparingTo(billedMemory);
        assertThat(p.effectiveCpuCoreHour()).isEqualByComparingTo(effectiveCpu);
        assertThat(p.effectiveMemoryGibHour()).isEqualByComparingTo(effectiveMemory);
    }

    @Test
    void eachRecommendationIsAtItsWorkloadsAllocatedEffectivePriceInEuro() {
        RightsizingRecommendation api = latest.get("aks-eur api");
        assertThat(api.priceSource()).isEqualTo(PriceSource.ALLOCATED_WORKLOAD);
        assertThat(api.currency()).isEqualTo("EUR");
        // (2 cores × 0.075 + 8 GiB × 0.01875) × 730 h
        assertThat(api.monthlyCostCurrent()).isEqualByComparingTo("219");
        assertThat(api.monthlySavings()).isEqualByComparingTo(api.monthlyCostCurrent()
                .subtract(monthly(api, new BigDecimal("0.075"), new BigDecimal("0.01875"))));
        assertThat(api.monthlySavings()).isPositive();

        RightsizingRecommendation batch = latest.get("aks-eur batch");
        assertThat(batch.priceSource()).isEqualTo(PriceSource.ALLOCATED_WORKLOAD);
        // (1 × 0.1 + 2 × 0.025) × 730
        assertThat(batch.monthlyCostCurrent()).isEqualByComparingTo("109.5");
        assertThat(batch.monthlyCostRecommended()).isEqualByComparingTo(monthly(batch, new BigDecimal("0.1"),
                new BigDecimal("0.025")));
    }

    @Test
    void aWorkloadTheAllocationHasNotChargedGetsItsClustersPriceAndAClusterWithoutPricesTheConfiguredOnes() {
        RightsizingRecommendation cart = latest.get("aks-eur cart");
        assertThat(cart.priceSource()).isEqualTo(PriceSource.ALLOCATED_CLUSTER);
        assertThat(cart.currency()).isEqualTo("EUR");
        // (1 × 0.1125 + 2 × 0.028125) × 730
        assertThat(cart.monthlyCostCurrent()).isEqualByComparingTo("123.1875");

        RightsizingRecommendation web = latest.get("aks-usd web");
        assertThat(web.priceSource()).isEqualTo(PriceSource.CONFIGURED);
        assertThat(web.currency()).isEqualTo("USD");
        // OpenCost's defaults: (1 × 0.031611 + 1 × 0.004237) × 730
        assertThat(web.monthlyCostCurrent()).isEqualByComparingTo("26.16904");
    }

    @Test
    void anUnreadablePricesRecordIsADeadLetterWithItsPosition() {
        assertThat(deadLetters).singleElement().satisfies(d -> {
            assertThat(d.stage()).isEqualTo(RightsizingJob.STAGE);
            assertThat(d.position()).isEqualTo(SourcePosition.kafka("tally.allocated-prices.v1", 0, 99));
            assertThat(d.reason()).startsWith("not allocated prices");
        });
    }

    /** The recommended requests at these prices for a month: what the test expects the job to charge. */
    private static BigDecimal monthly(RightsizingRecommendation r, BigDecimal coreHour, BigDecimal gibHour) {
        BigDecimal cores = BigDecimal.valueOf(r.recommended().cpuRequestCores());
        BigDecimal gib = BigDecimal.valueOf(r.recommended().memoryRequestBytes())
                .divide(BigDecimal.valueOf(1L << 30), 20, RoundingMode.UNNECESSARY);
        return cores.multiply(coreHour).add(gib.multiply(gibHour)).multiply(BigDecimal.valueOf(730L * r.replicas()))
                .setScale(10, RoundingMode.HALF_EVEN);
    }
}
