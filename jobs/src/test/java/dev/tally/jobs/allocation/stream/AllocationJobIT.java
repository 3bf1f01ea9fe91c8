package dev.tally.jobs.allocation.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.deadletter.SourcePosition;
import dev.tally.jobs.allocation.day.AllocationPolicy;
import dev.tally.jobs.allocation.day.DistributionPolicy;
import dev.tally.jobs.allocation.day.LogPrice;
import dev.tally.jobs.allocation.node.CpuRamWeighting;
import dev.tally.jobs.testing.CollectingSink;
import dev.tally.jobs.testing.ListSource;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The allocation job (Flink, in-memory sources) on hand-computed cases, each in its own cluster.
 * Nodes have 4 cores and 16 GiB, weighted 4 : 1 per core-hour : GiB-hour, so a node's cost is
 * half CPU, half memory. What is asserted is what {@code cost_allocation_daily_latest} shows:
 * each cluster-day's rows of its newest version.
 */
class AllocationJobIT {
    static final LocalDate DAY = LocalDate.parse("2026-01-30");
    static final LocalDate NEXT = DAY.plusDays(1);
    static final String NODE_A = "aks-user-12345678-vmss00000a";   // VM aks-user-12345678-vmss_10
    static final String NODE_B = "aks-user-12345678-vmss00000b";   // VM aks-user-12345678-vmss_11
    static final AllocationSettings SETTINGS = AllocationSettings.defaults()
            .withPolicy(AllocationPolicy.defaults().withWeighting(new CpuRamWeighting(new BigDecimal("4"), BigDecimal.ONE))
                    .withIdle(DistributionPolicy.NONE).withShared(DistributionPolicy.NONE)
                    .withLogPrice(new LogPrice("EUR", new BigDecimal("0.50"))))
            .withQuietPeriod(Duration.ofMillis(1));

    static List<CostAllocationDaily> written;
    static Map<String, String> current;
    static List<DeadLetter> deadLetters;

    @BeforeAll
    static void runTheJob() throws Exception {
        TopicRows in = new TopicRows();
        // a node half requested by one pod (2 of 4 cores, 8 of 16 GiB; using less)
        in.node("aks-half", NODE_A, "Standard_D4s_v5", DAY, 0, 24, 3600)
                .container("aks-half", NODE_A, "shop", "Deployment", "api", DAY, 0, 24, "2", "1", "8", "4")
                .vm("run-1", 2, "aks-half", DAY, "aks-user-12345678-vmss_10", "24.00", "24.00");
        // a pod using more than it requested: 1 core requested, 3 used; 2 GiB requested, 1 used
        in.node("aks-burst", NODE_A, "Standard_D4s_v5", DAY, 0, 24, 3600)
                .container("aks-burst", NODE_A, "shop", "Deployment", "burst", DAY, 0, 24, "1", "3", "2", "1")
                .vm("run-1", 3, "aks-burst", DAY, "aks-user-12345678-vmss_10", "24.00", "24.00");
        // a reservation-covered node: billed 0 (paid at purchase), effective 14.40 (amortized)
        in.node("aks-reserved", NODE_A, "Standard_D4s_v5", DAY, 0, 24, 3600)
                .container("aks-reserved", NODE_A, "shop", "Deployment", "api", DAY, 0, 24, "1", "3", "2", "1")
                .vm("run-1", 4, "aks-reserved", DAY, "aks-user-12345678-vmss_10", "0", "14.40");
        // a disk whose claim moved namespace between two days
        in.disk("run-1", 5, "aks-disk", DAY, "old-team", "data", "1.50")
                .disk("run-1", 6, "aks-disk", NEXT, "new-team", "data", "1.50");
        // a node pool scaled in at noon: node B leaves after 12 hours; a scale-set-wide row splits 2 : 1
        in.node("aks-scale", NODE_A, "Standard_D4s_v5", DAY, 0, 24, 3600)
                .node("aks-scale", NODE_B, "Standard_D4s_v5", DAY, 0, 12, 3600)
                .container("aks-scale", NODE_A, "shop", "Deployment", "api", DAY, 0, 24, "2", "2", "8", "8")
                .container("aks-scale", NODE_B, "jobs", "Deployment", "worker", DAY, 0, 12, "4", "4", "16", "16")
                .vm("run-1", 7, "aks-scale", DAY, "aks-user-12345678-vmss_10", "24.00", "24.00")
                .vm("run-1", 8, "aks-scale", DAY, "aks-user-12345678-vmss_11", "12.00", "12.00")
                .scaleSet("run-1", 9, "aks-scale", DAY, "aks-user-12345678-vmss", "3.60", "3.60");
        // a restatement: run-2 of the same period says 12.00 where run-1 said 10.00; a late row of run-1 is ignored
        in.node("aks-restated", NODE_A, "Standard_D4s_v5", DAY, 0, 24, 3600)
                .container("aks-restated", NODE_A, "shop", "Deployment", "api", DAY, 0, 24, "4", "4", "16", "16")
                .vm("restated/run-1", 10, "aks-restated", DAY, "aks-user-12345678-vmss_10", "10.00", "10.00")
                .vm("restated/run-2", 10, "aks-restated", DAY, "aks-user-12345678-vmss_10", "12.00", "12.00")
                .vm("restated/run-1", 11, "aks-restated", DAY, "aks-user-12345678-vmss_10", "5.00", "5.00");
        // the same, delivered the other way round (the runs in different partitions): the newer run still wins
        in.node("aks-restated-early", NODE_A, "Standard_D4s_v5", DAY, 0, 24, 3600)
                .container("aks-restated-early", NODE_A, "shop", "Deployment", "api", DAY, 0, 24, "4", "4", "16", "16")
                .vm("early/run-2", 10, "aks-restated-early", DAY, "aks-user-12345678-vmss_10", "12.00", "12.00")
                .vm("early/run-1", 10, "aks-restated-early", DAY, "aks-user-12345678-vmss_10", "10.00", "10.00")
                .vm("early/run-1", 11, "aks-restated-early", DAY, "aks-user-12345678-vmss_10", "5.00", "5.00");
        // a restatement removing all of a day's cost: run-2 has rows for the next day only; the day had a
        // node and a pod (so it must not fall back to an estimate either) and a claim's disk
        in.node("aks-vanished", NODE_A, "Standard_D4s_v5", DAY, 0, 24, 3600)
                .container("aks-vanished", NODE_A, "shop", "Deployment", "api", DAY, 0, 24, "2", "1", "8", "4")
                .vm("vanished/run-1", 30, "aks-vanished", DAY, "aks-user-12345678-vmss_10", "24.00", "24.00")
                .disk("vanished/run-1", 31, "aks-vanished", DAY, "shop", "data", "1.50")
                .disk("vanished/run-1", 32, "aks-vanished", NEXT, "shop", "data", "1.50")
                .disk("vanished/run-2", 32, "aks-vanished", NEXT, "shop", "data", "1.25");
        // the same, the newer run delivered first: the older run's rows for the day never count
        in.disk("vanished-early/run-2", 32, "aks-vanished-early", NEXT, "shop", "data", "1.25")
                .disk("vanished-early/run-1", 31, "aks-vanished-early", DAY, "shop", "data", "1.50")
                .disk("vanished-early/run-1", 32, "aks-vanished-early", NEXT, "shop", "data", "1.50");
        // runs that say when Cost Management produced them: run-3 was produced a day before run-1 but
        // published (and delivered) after it (an old run imported late); the one produced last counts
        in.produced("produced/run-1", java.time.Instant.parse("2026-02-02T04:00:00Z"))
                .produced("produced/run-3", java.time.Instant.parse("2026-02-01T04:00:00Z"))
                .node("aks-produced", NODE_A, "Standard_D4s_v5", DAY, 0, 24, 3600)
                .container("aks-produced", NODE_A, "shop", "Deployment", "api", DAY, 0, 24, "4", "4", "16", "16")
                .vm("produced/run-1", 40, "aks-produced", DAY, "aks-user-12345678-vmss_10", "12.00", "12.00")
                .vm("produced/run-3", 40, "aks-produced", DAY, "aks-user-12345678-vmss_10", "10.00", "10.00");
        // log volume: api's hour 0 grows from 0.25 GiB to 1 GiB (running totals), hour 1 has 0.5 GiB;
        // kube-proxy 1,000 bytes; the node's invoice money is allocated as without logs
        in.node("aks-logs", NODE_A, "Standard_D4s_v5", DAY, 0, 24, 3600)
                .container("aks-logs", NODE_A, "shop", "Deployment", "api", DAY, 0, 24, "2", "1", "8", "4")
                .vm("logs/run-1", 50, "aks-logs", DAY, "aks-user-12345678-vmss_10", "24.00", "24.00")
                .log("aks-logs", "shop", "Deployment", "api", DAY, 0, 10, 1L << 28)
                .log("aks-logs", "shop", "Deployment", "api", DAY, 0, 40, 1L << 30)
                .log("aks-logs", "shop", "Deployment", "api", DAY, 1, 20, 1L << 29)
                .log("aks-logs", "kube-system", "DaemonSet", "kube-proxy", DAY, 0, 5, 1000);
        // no export yet: estimated from the list price (D4s v5 0.192 an hour; managed-csi 0.075 per GiB-month)
        in.node("aks-estimate", NODE_A, "Standard_D4s_v5", DAY, 0, 24, 3600)
                .container("aks-estimate", NODE_A, "shop", "Deployment", "api", DAY, 0, 24, "2", "1", "8", "4")
                .volume("aks-estimate", "shop", "data", "managed-csi", 73, DAY, 24);
        // outside clusters: tagged to a team, tagged to a namespace, untagged
        in.outside("run-1", 20, DAY, "SQL Database", "7.25", Map.of("Team", "data-platform", "cost-center", "CC-42"))
                .outside("run-1", 21, DAY, "Storage", "0.75", Map.of("namespace", "shop"))
                .outside("run-1", 22, DAY, "Key Vault", "0.10", Map.of());
        // unreadable records become dead letters
        in.usage("{\"row_kind\":\"pod\",\"hour\":\"2026-01-30T00:00:00Z\",\"cluster\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        in.costs.add(new TopicRecord("not json".getBytes(StandardCharsets.UTF_8), SourcePosition.kafka("tally.costs.v1", 0, 999), 0));

        CollectingSink<CostAllocationDaily> sink = new CollectingSink<>();
        CollectingSink<DeadLetter> letters = new CollectingSink<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        WorkloadOwnerLookup owners = (cluster, namespace, kind, name) -> namespace.equals("shop")
                ? new Owner("team-shop", "CC-7", "CATALOG_OWNER") : Owner.unowned();
        new AllocationJob(ListSource.of(in.usage, TopicRecord.class), ListSource.of(in.costs, TopicRecord.class), sink, letters,
                SETTINGS, owners).addTo(env);
        env.execute("allocation on known cases");
        written = sink.collected();
        deadLetters = letters.collected();
        current = current(written);
        current.forEach((k, v) -> System.out.println(k + " = " + v));
    }

    @Test
    void aNodeHalfRequestedByOnePodChargesItHalfAndKeepsHalfIdle() {
        assertThat(cluster("aks-half")).containsOnly(
                Map.entry("2026-01-30 shop/Deployment/api COMPUTE", "12 / 12 EUR team-shop CC-7"),
                Map.entry("2026-01-30 __idle__// IDLE", "12 / 12 EUR unowned "));
    }

    @Test
    void aPodUsingMoreThanItRequestedIsChargedForItsUsage() {
        // CPU 3 of 4 cores used: 3/4 of 12.00; memory 2 of 16 GiB requested: 2/16 of 12.00
        assertThat(cluster("aks-burst")).containsOnly(
                Map.entry("2026-01-30 shop/Deployment/burst COMPUTE", "10.5 / 10.5 EUR team-shop CC-7"),
                Map.entry("2026-01-30 __idle__// IDLE", "13.5 / 13.5 EUR unowned "));
    }

    @Test
    void aReservationCoveredNodeIsFreeBilledAndAmortizedEffective() {
        // effective 14.40 × (3/8 + 1/16) = 6.30
        assertThat(cluster("aks-reserved")).containsOnly(
                Map.entry("2026-01-30 shop/Deployment/api COMPUTE", "0 / 6.3 EUR team-shop CC-7"),
                Map.entry("2026-01-30 __idle__// IDLE", "0 / 8.1 EUR unowned "));
    }

    @Test
    void aDiskFollowsItsClaimToTheNewNamespace() {
        assertThat(cluster("aks-disk")).containsOnly(
                Map.entry("2026-01-30 old-team/PersistentVolumeClaim/data STORAGE", "1.5 / 1.5 EUR unowned "),
                Map.entry("2026-01-31 new-team/PersistentVolumeClaim/data STORAGE", "1.5 / 1.5 EUR unowned "));
    }

    @Test
    void aNodePoolScaledDownMidDayChargesTheLeavingNodeForItsHoursOnly() {
        // node A: 24.00 + 2/3 of 3.60 = 26.40, half requested; node B: 12.00 + 1.20, fully requested for its 12 hours
        assertThat(cluster("aks-scale")).containsOnly(
                Map.entry("2026-01-30 shop/Deployment/api COMPUTE", "13.2 / 13.2 EUR team-shop CC-7"),
                Map.entry("2026-01-30 jobs/Deployment/worker COMPUTE", "13.2 / 13.2 EUR unowned "),
                Map.entry("2026-01-30 __idle__// IDLE", "13.2 / 13.2 EUR unowned "));
    }

    @Test
    void aRestatementReplacesTheDaysCostAndTheOldRunsLateRowsAreIgnored() {
        assertThat(cluster("aks-restated")).containsOnly(
                Map.entry("2026-01-30 shop/Deployment/api COMPUTE", "12 / 12 EUR team-shop CC-7"));
        assertThat(cluster("aks-restated-early")).containsOnly(
                Map.entry("2026-01-30 shop/Deployment/api COMPUTE", "12 / 12 EUR team-shop CC-7"));
        // the newest version counts the day's records (24 node rows, 24 usage rows, 3 cost rows, one
        // notice of each of the 2 runs), whichever order they came in: a replay from the beginning
        // ends at the same version
        assertThat(newestVersion("aks-restated")).isEqualTo(53);
        assertThat(newestVersion("aks-restated-early")).isEqualTo(53);
    }

    @Test
    void aRestatementThatRemovesAllOfADaysCostLeavesOnlyAZeroRowForTheDay() {
        // run-1 charged the day 24.00 + 1.50; run-2 restates the period with no row for the day
        assertThat(cluster("aks-vanished")).containsOnly(
                Map.entry("2026-01-30 __no_cost__// NO_COST", "0 / 0  unowned "),
                Map.entry("2026-01-31 shop/PersistentVolumeClaim/data STORAGE", "1.25 / 1.25 EUR team-shop CC-7"));
        assertThat(cluster("aks-vanished-early")).containsOnly(
                Map.entry("2026-01-30 __no_cost__// NO_COST", "0 / 0  unowned "),
                Map.entry("2026-01-31 shop/PersistentVolumeClaim/data STORAGE", "1.25 / 1.25 EUR team-shop CC-7"));
        // the zero row's version is above anything written for the day before: 24 node rows, 24 usage
        // rows, run-1's 2 rows, a notice of each run
        assertThat(written.stream().filter(r -> r.cluster().equals("aks-vanished") && r.day().equals(DAY))
                .mapToLong(CostAllocationDaily::version).max()).hasValue(52);
    }

    @Test
    void theRunProducedLastWinsWhateverOrderTheRunsArePublishedIn() {
        // run-3 was published last (its Kafka timestamp is 2 hours later) but produced a day before run-1
        assertThat(cluster("aks-produced")).containsOnly(
                Map.entry("2026-01-30 shop/Deployment/api COMPUTE", "12 / 12 EUR team-shop CC-7"));
    }

    @Test
    void logVolumeIsChargedByBytesAtTheConfiguredPriceBesidesTheInvoicesMoney() {
        // 1.5 GiB × 0.50 = 0.75; 1,000 × 0.50 / 2^30 = 0.00000046566… → 0.0000004657 (10 decimals)
        assertThat(cluster("aks-logs")).containsOnly(
                Map.entry("2026-01-30 shop/Deployment/api COMPUTE", "12 / 12 EUR team-shop CC-7"),
                Map.entry("2026-01-30 __idle__// IDLE", "12 / 12 EUR unowned "),
                Map.entry("2026-01-30 shop/Deployment/api LOGS", "0.75 / 0.75 EUR team-shop CC-7"),
                Map.entry("2026-01-30 kube-system/DaemonSet/kube-proxy LOGS", "0.0000004657 / 0.0000004657 EUR unowned "));
        assertThat(written).filteredOn(r -> r.category().equals("LOGS") && r.workloadName().equals("api")
                        && r.version() == newestVersion("aks-logs"))
                .singleElement().satisfies(r -> assertThat(r.method()).isEqualTo(
                        "log volume: 1610612736 bytes × 0.50 EUR/GiB (not on the invoice)"));
    }

    @Test
    void beforeTheExportADayIsEstimatedFromListPricesAndMarked() {
        // node: 0.192 × 24 = 4.608, half requested; disk: 73 GiB × 0.075 / 730 h × 24 h = 0.18
        assertThat(cluster("aks-estimate")).containsOnly(
                Map.entry("2026-01-30 shop/Deployment/api COMPUTE", "2.304 / 2.304 USD team-shop CC-7 estimated"),
                Map.entry("2026-01-30 shop/PersistentVolumeClaim/data STORAGE", "0.18 / 0.18 USD team-shop CC-7 estimated"),
                Map.entry("2026-01-30 __idle__// IDLE", "2.304 / 2.304 USD unowned  estimated"));
        assertThat(written.stream().filter(r -> r.cluster().equals("aks-estimate")))
                .allSatisfy(r -> assertThat(r.method()).startsWith("estimated from list prices: "));
    }

    @Test
    void costsOutsideClustersGoToTheTaggedTeamOrStayUnallocated() {
        assertThat(cluster("")).containsOnly(
                Map.entry("2026-01-30 /AzureService/SQL Database EXTERNAL", "7.25 / 7.25 EUR data-platform CC-42"),
                Map.entry("2026-01-30 shop/AzureService/Storage EXTERNAL", "0.75 / 0.75 EUR team-shop CC-7"),
                Map.entry("2026-01-30 __unallocated__/AzureService/Key Vault UNALLOCATED", "0.1 / 0.1 EUR unowned "));
    }

    @Test
    void everyRowRecordsThePoliciesAndUnreadableRecordsAreDeadLetters() {
        assertThat(written).allSatisfy(r -> assertThat(r.policies())
                .isEqualTo("idle=none shared=none cpu:ram=4:1 platform=calico-system,gatekeeper-system,kube-system"
                        + " logs=0.50 EUR/GiB"));
        assertThat(deadLetters).extracting(l -> l.position().source() + ": " + l.reason().split(":")[0]).containsExactlyInAnyOrder(
                "tally.usage.v1: unknown row_kind pod (usage, node, volume or log expected)",
                "tally.costs.v1: not JSON");
        assertThat(deadLetters).allSatisfy(l -> assertThat(l.stage()).isEqualTo(AllocationJob.STAGE));
    }

    private static Map<String, String> cluster(String cluster) {
        Map<String, String> out = new TreeMap<>();
        current.forEach((k, v) -> {
            if (k.startsWith(cluster + " 2")) {
                out.put(k.substring(cluster.length() + 1), v);
            }
        });
        return out;
    }

    private static long newestVersion(String cluster) {
        return written.stream().filter(r -> r.cluster().equals(cluster)).mapToLong(CostAllocationDaily::version).max()
                .orElseThrow();
    }

    /** What cost_allocation_daily_latest shows: per cluster-day the rows of its highest version. */
    static Map<String, String> current(List<CostAllocationDaily> rows) {
        Map<String, Long> newest = new TreeMap<>();
        for (CostAllocationDaily r : rows) {
            newest.merge(r.cluster() + " " + r.day(), r.version(), Math::max);
        }
        Map<String, String> out = new TreeMap<>();
        for (CostAllocationDaily r : rows) {
            if (r.version() == newest.get(r.cluster() + " " + r.day())) {
                out.put(r.cluster() + " " + r.day() + " " + r.namespace() + "/" + r.workloadKind() + "/" + r.workloadName() + " "
                                + r.category(),
                        plain(r.billedCost()) + " / " + plain(r.effectiveCost()) + " " + r.currency() + " " + r.team() + " "
                                + r.costCenter() + (r.estimated() ? " estimated" : ""));
            }
        }
        return out;
    }

    private static String plain(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

}
