package dev.tally.jobs.allocation.day;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.jobs.allocation.money.Cost;
import dev.tally.jobs.allocation.node.CpuRamWeighting;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A cluster-day's allocation on hand-computed cases. Nodes have 4 cores and 16 GiB and the
 * weighting is 4 : 1 per core-hour : GiB-hour, so a node's cost is half CPU and half memory.
 */
class ClusterDayAllocationTest {
    static final Instant DAY = Instant.parse("2026-11-02T00:00:00Z");
    static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);
    static final String SCALE_SET = "/subscriptions/s/resourcegroups/mc_rg_aks-prod_westeurope/providers/microsoft.compute/"
            + "virtualmachinescalesets/aks-user-12345678-vmss";
    static final String NODE_A = "aks-user-12345678-vmss00000a";
    static final String NODE_B = "aks-user-12345678-vmss00000b";
    static final WorkloadKey API = new WorkloadKey("shop", "Deployment", "api");
    static final WorkloadKey WORKER = new WorkloadKey("jobs", "Deployment", "worker");
    static final WorkloadKey DNS = new WorkloadKey("kube-system", "Deployment", "coredns");
    static final AllocationPolicy HALF_AND_HALF = AllocationPolicy.defaults()
            .withWeighting(new CpuRamWeighting(new BigDecimal("4"), BigDecimal.ONE))
            .withIdle(DistributionPolicy.NONE).withShared(DistributionPolicy.NONE);

    @Test
    void aNodeHalfRequestedByOnePodChargesItHalfAndKeepsHalfIdle() {
        List<AllocationRow> rows = new ClusterDayAllocation(HALF_AND_HALF).allocate(
                List.of(vmRow("aks-user-12345678-vmss_10", "24.00", "19.20")),
                hours(NODE_A, 24, 3600), containerHours(NODE_A, API, 24, 2, 1, 8, 4));

        assertThat(totals(rows)).containsOnly(
                Map.entry("jobs|shop/Deployment/api|COMPUTE", "12.000000000 / 9.600000000"),
                Map.entry("jobs|__idle__//|IDLE", "12.000000000 / 9.600000000"));
        assertThat(rule(rows, API, CostCategory.COMPUTE)).isEqualTo("max(request, usage) of its node-hours");
        assertThat(rule(rows, WorkloadKey.IDLE, CostCategory.IDLE)).isEqualTo("idle node capacity, kept");
    }

    @Test
    void aNodeChargedFromItsScaleSetAndItsOsDiskGivesEachWorkloadARowPerResourceWithItsListCostWhereKnown() {
        String osDisk = "/subscriptions/s/resourcegroups/mc_rg/providers/microsoft.compute/disks/aks-user-12345678-vmss_10_osdisk_1_abc";
        ClusterCostRow vm = new ClusterCostRow(ClusterCostKind.NODE, SCALE_SET, "aks-user-12345678-vmss_10", null, null, null, null,
                new Cost("USD", new BigDecimal("24.00"), new BigDecimal("19.20"), new BigDecimal("30.00")), "f:1", "/subscriptions/s");
        ClusterCostRow disk = new ClusterCostRow(ClusterCostKind.DISK, osDisk, null, null, null, null, null,
                usd("2.40", "2.40"), "f:2", "/subscriptions/s");
        ClusterCostRow lb = new ClusterCostRow(ClusterCostKind.LOAD_BALANCER, "/subscriptions/t/x/loadbalancers/kubernetes", null,
                null, null, null, null, new Cost("USD", new BigDecimal("0.80"), new BigDecimal("0.80"), new BigDecimal("0.80")),
                "f:3", "/subscriptions/t");

        List<AllocationRow> rows = new ClusterDayAllocation(HALF_AND_HALF.withShared(DistributionPolicy.BY_REQUESTS)).allocate(
                List.of(vm, disk, lb), hours(NODE_A, 24, 3600), containerHours(NODE_A, API, 24, 2, 1, 8, 4));

        // api requests half the node: half of each resource's cost, and of its list cost where the export has one;
        // the load balancer feeds the shared network pool, handed on to api under the pooled origin (no resource id,
        // the pool's one subscription): the bucket keeps the load balancer's part and the pool's way out
        String lbId = "/subscriptions/t/x/loadbalancers/kubernetes";
        assertThat(byOrigin(rows)).containsOnly(
                Map.entry("shop/api|COMPUTE|" + osDisk, "1.200000000 / 1.200000000 / unknown"),
                Map.entry("shop/api|COMPUTE|" + SCALE_SET, "12.000000000 / 9.600000000 / 15.000000000"),
                Map.entry("shop/api|NETWORK|", "0.800000000 / 0.800000000 / 0.800000000"),
                Map.entry("__shared__/|NETWORK|" + lbId, "0.80 / 0.80 / 0.80"),
                Map.entry("__shared__/|NETWORK|", "-0.80 / -0.80 / -0.80"),
                Map.entry("__idle__/|IDLE|" + osDisk, "1.200000000 / 1.200000000 / unknown"),
                Map.entry("__idle__/|IDLE|" + SCALE_SET, "12.000000000 / 9.600000000 / 15.000000000"));
        assertThat(rows).filteredOn(r -> r.category() == CostCategory.NETWORK)
                .extracting(r -> r.origin().subAccountId()).containsOnly("/subscriptions/t");
        assertThat(sum(rows)).isEqualTo("27.200000000 / 22.400000000");
    }

    @Test
    void aReservedNodeDiffersBetweenBilledAndEffective() {
        // the reservation's usage rows bill 0 and carry the amortized price as effective cost
        List<AllocationRow> rows = new ClusterDayAllocation(HALF_AND_HALF).allocate(
                List.of(vmRow("aks-user-12345678-vmss_10", "0", "14.40")),
                hours(NODE_A, 24, 3600), containerHours(NODE_A, API, 24, 1, 3, 2, 1));

        // CPU: 3 of 4 cores used → 3/8 of the cost; memory: 2 of 16 GiB requested → 1/16
        assertThat(totals(rows).get("jobs|shop/Deployment/api|COMPUTE")).isEqualTo("0.000000000 / 6.300000000");
        assertThat(totals(rows).get("jobs|__idle__//|IDLE")).isEqualTo("0.000000000 / 8.100000000");
    }

    @Test
    void aNodePoolScaledDownMidDayChargesTheLeavingNodeForItsHoursOnly() {
        List<NodeHourUsage> nodes = new ArrayList<>(hours(NODE_A, 24, 3600));
        nodes.addAll(hours(NODE_B, 12, 3600));  // scaled in at noon
        List<ContainerHourUsage> containers = new ArrayList<>(containerHours(NODE_A, API, 24, 2, 2, 8, 8));
        containers.addAll(containerHours(NODE_B, WORKER, 12, 4, 4, 16, 16));

        List<AllocationRow> rows = new ClusterDayAllocation(HALF_AND_HALF).allocate(List.of(
                        vmRow("aks-user-12345678-vmss_10", "24.00", "24.00"),
                        vmRow("aks-user-12345678-vmss_11", "12.00", "12.00"),
                        // a scale-set-wide row (no VM name): spread by the seconds each node existed, 2 : 1
                        new ClusterCostRow(ClusterCostKind.NODE, SCALE_SET, null, null, null, null, null, usd("3.60", "3.60"), "f:9", "/subscriptions/s")),
                nodes, containers);

        assertThat(totals(rows)).containsOnly(
                Map.entry("jobs|jobs/Deployment/worker|COMPUTE", "13.200000000 / 13.200000000"),
                Map.entry("jobs|shop/Deployment/api|COMPUTE", "13.200000000 / 13.200000000"),
                Map.entry("jobs|__idle__//|IDLE", "13.200000000 / 13.200000000"));
    }

    @Test
    void idleAndSharedCostsGoToWorkloadsInProportionToTheirRequestsWhenTheirPolicySaysSo() {
        List<ContainerHourUsage> containers = new ArrayList<>(containerHours(NODE_A, API, 24, 1, 0, 0, 0));
        containers.addAll(containerHours(NODE_A, WORKER, 24, 3, 0, 0, 0));
        containers.addAll(containerHours(NODE_A, DNS, 24, 0, 0, 2, 2));   // a platform namespace: shared
        List<ClusterCostRow> costs = List.of(vmRow("aks-user-12345678-vmss_10", "24.00", "24.00"),
                new ClusterCostRow(ClusterCostKind.CLUSTER, "/x/managedclusters/aks-prod", null, null, null, null, null,
                        usd("2.40", "2.40"), "f:2", "/subscriptions/s"),
                new ClusterCostRow(ClusterCostKind.LOAD_BALANCER, "/x/loadbalancers/kubernetes", null, null, null, null, null,
                        usd("0.80", "0.80"), "f:3", "/subscriptions/s"));

        List<AllocationRow> rows = new ClusterDayAllocation(HALF_AND_HALF.withIdle(DistributionPolicy.BY_REQUESTS)
                .withShared(DistributionPolicy.BY_REQUESTS)).allocate(costs, hours(NODE_A, 24, 3600), containers);

        // compute: CPU half 12.00 → api 1 core 3.00, worker 3 cores 9.00; memory half: coredns 2 of 16 GiB 1.50, idle 10.50
        // requests valued 4 per core-hour: api 1, worker 3 → idle and shared go 1 : 3
        assertThat(totals(rows)).containsOnly(
                Map.entry("jobs|jobs/Deployment/worker|COMPUTE", "9.000000000 / 9.000000000"),
                Map.entry("jobs|jobs/Deployment/worker|NETWORK", "0.600000000 / 0.600000000"),
                Map.entry("jobs|jobs/Deployment/worker|CONTROL_PLANE", "1.800000000 / 1.800000000"),
                Map.entry("jobs|jobs/Deployment/worker|SHARED", "1.125000000 / 1.125000000"),
                Map.entry("jobs|jobs/Deployment/worker|IDLE", "7.875000000 / 7.875000000"),
                Map.entry("jobs|shop/Deployment/api|COMPUTE", "3.000000000 / 3.000000000"),
                Map.entry("jobs|shop/Deployment/api|NETWORK", "0.200000000 / 0.200000000"),
                Map.entry("jobs|shop/Deployment/api|CONTROL_PLANE", "0.600000000 / 0.600000000"),
                Map.entry("jobs|shop/Deployment/api|SHARED", "0.375000000 / 0.375000000"),
                Map.entry("jobs|shop/Deployment/api|IDLE", "2.625000000 / 2.625000000"));
        assertThat(rule(rows, API, CostCategory.SHARED)).isEqualTo("platform namespace compute, distributed by requests");
        assertThat(sum(rows)).isEqualTo("27.200000000 / 27.200000000");
    }

    @Test
    void idleAndAPlatformDaemonSetFedByThreeResourcesReachEachWorkloadInOneRowPerPoolAndEachResourceStaysExact() {
        String diskA = "/subscriptions/s/x/disks/aks-user-12345678-vmss_10_osdisk_1_abc";
        String diskB = "/subscriptions/s/x/disks/aks-user-12345678-vmss_11_osdisk_1_abc";
        WorkloadKey proxy = new WorkloadKey("kube-system", "DaemonSet", "kube-proxy");
        List<NodeHourUsage> nodes = new ArrayList<>(hours(NODE_A, 24, 3600));
        nodes.addAll(hours(NODE_B, 24, 3600));
        List<ContainerHourUsage> containers = new ArrayList<>(containerHours(NODE_A, API, 24, 1, 0, 0, 0));
        containers.addAll(containerHours(NODE_B, WORKER, 24, 3, 0, 0, 0));
        containers.addAll(containerHours(NODE_A, proxy, 24, 0, 0, 2, 2));   // a platform DaemonSet on both nodes: shared
        containers.addAll(containerHours(NODE_B, proxy, 24, 0, 0, 2, 2));
        List<ClusterCostRow> costs = List.of(vmRow("aks-user-12345678-vmss_10", "24.00", "24.00"),
                vmRow("aks-user-12345678-vmss_11", "24.00", "24.00"),
                new ClusterCostRow(ClusterCostKind.DISK, diskA, null, null, null, null, null, usd("2.40", "2.40"), "f:2", "/subscriptions/s"),
                new ClusterCostRow(ClusterCostKind.DISK, diskB, null, null, null, null, null, usd("2.40", "2.40"), "f:3", "/subscriptions/s"));

        List<AllocationRow> rows = new ClusterDayAllocation(HALF_AND_HALF.withIdle(DistributionPolicy.BY_REQUESTS)
                .withShared(DistributionPolicy.BY_REQUESTS)).allocate(costs, nodes, containers);

        // a node-day 24.00 from the scale set, 2.40 from its OS disk; CPU half, memory half (4 cores, 16 GiB):
        // api 1 of 4 cores on A: 3.00 + 0.30; worker 3 of 4 cores on B: 9.00 + 0.90; kube-proxy 2 of 16 GiB on each node:
        // 1.50 + 0.15 a node (shared); idle A 19.50 + 1.95, idle B 13.50 + 1.35. Idle (36.30) and shared (3.30) by requests 1 : 3
        assertThat(billedByOrigin(rows)).containsOnly(
                Map.entry("shop/api|COMPUTE|" + SCALE_SET, "3"),
                Map.entry("shop/api|COMPUTE|" + diskA, "0.3"),
                Map.entry("jobs/worker|COMPUTE|" + SCALE_SET, "9"),
                Map.entry("jobs/worker|COMPUTE|" + diskB, "0.9"),
                Map.entry("shop/api|IDLE|", "9.075"),
                Map.entry("jobs/worker|IDLE|", "27.225"),
                Map.entry("shop/api|SHARED|", "0.825"),
                Map.entry("jobs/worker|SHARED|", "2.475"),
                Map.entry("__idle__/|IDLE|" + SCALE_SET, "33"),
                Map.entry("__idle__/|IDLE|" + diskA, "1.95"),
                Map.entry("__idle__/|IDLE|" + diskB, "1.35"),
                Map.entry("__idle__/|IDLE|", "-36.3"),
                Map.entry("__shared__/|SHARED|" + SCALE_SET, "3"),
                Map.entry("__shared__/|SHARED|" + diskA, "0.15"),
                Map.entry("__shared__/|SHARED|" + diskB, "0.15"),
                Map.entry("__shared__/|SHARED|", "-3.3"));
        // per resource: its direct rows + its part in the pools (the bucket's rows of its origin) = its cost rows
        assertThat(billedPerResource(rows)).containsOnly(Map.entry(SCALE_SET, "48"), Map.entry(diskA, "2.4"),
                Map.entry(diskB, "2.4"), Map.entry("", "0"));
        assertThat(rows).filteredOn(r -> r.origin().resourceId().isEmpty())
                .extracting(r -> r.origin().subAccountId()).containsOnly("/subscriptions/s");
        assertThat(rule(rows, API, CostCategory.IDLE)).isEqualTo("idle node capacity, distributed by requests");
        assertThat(rows).filteredOn(r -> r.workload().equals(WorkloadKey.SHARED) && r.origin().resourceId().isEmpty())
                .extracting(AllocationRow::rule).containsExactly("the pool (platform namespace compute), handed on to the workloads by requests");
        assertThat(rows).filteredOn(r -> r.workload().equals(WorkloadKey.SHARED) && r.origin().resourceId().equals(diskA))
                .extracting(AllocationRow::rule).containsExactly("platform namespace compute, into the pool distributed by requests");
        assertThat(sum(rows)).isEqualTo("52.800000000 / 52.800000000");
    }

    @Test
    void disksGoToTheirClaimsNamespaceOnEachDayPublicIpsToTheirServiceAndUnknownVmsToUnallocated() {
        ClusterDayAllocation allocation = new ClusterDayAllocation(HALF_AND_HALF);
        ClusterCostRow day1Disk = new ClusterCostRow(ClusterCostKind.DISK, "/x/disks/pvc-1", null, "shop", "data-db-0",
                null, null, usd("0.50", "0.50"), "f:4", "/subscriptions/s");
        ClusterCostRow day2Disk = new ClusterCostRow(ClusterCostKind.DISK, "/x/disks/pvc-1", null, "billing", "data-db-0",
                null, null, usd("0.50", "0.50"), "f:5", "/subscriptions/s");
        ClusterCostRow osDisk = new ClusterCostRow(ClusterCostKind.DISK,
                "/x/disks/aks-user-12345678-vmss_10_osdisk_1_abc", null, null, null, null, null, usd("0.30", "0.30"), "f:6", "/subscriptions/s");
        ClusterCostRow ip = new ClusterCostRow(ClusterCostKind.PUBLIC_IP, "/x/publicipaddresses/kubernetes-a1", null, null, null,
                "shop", "storefront", usd("0.10", "0.10"), "f:7", "/subscriptions/s");
        ClusterCostRow unseen = vmRow("aks-user-12345678-vmss_99", "1.00", "1.00");

        List<AllocationRow> day1 = allocation.allocate(List.of(day1Disk, osDisk, ip, unseen), hours(NODE_A, 24, 3600), List.of());
        List<AllocationRow> day2 = allocation.allocate(List.of(day2Disk), hours(NODE_A, 24, 3600), List.of());

        assertThat(totals(day1)).containsOnly(
                Map.entry("jobs|shop/PersistentVolumeClaim/data-db-0|STORAGE", "0.50 / 0.50"),
                Map.entry("jobs|shop/Service/storefront|NETWORK", "0.10 / 0.10"),
                Map.entry("jobs|__idle__//|IDLE", "0.300000000 / 0.300000000"),
                Map.entry("jobs|__unallocated__//|UNALLOCATED", "1.00 / 1.00"));
        assertThat(rule(day1, WorkloadKey.UNALLOCATED, CostCategory.UNALLOCATED)).isEqualTo("a VM Kubernetes did not report that day");
        assertThat(totals(day2)).containsOnly(Map.entry("jobs|billing/PersistentVolumeClaim/data-db-0|STORAGE", "0.50 / 0.50"));
    }

    @Test
    void onRandomClusterDaysEveryPolicyConservesTheCostRowsTotalInEachCurrency() {
        Random random = new Random(20261126L);
        ClusterCostKind[] kinds = ClusterCostKind.values();
        for (int c = 0; c < 300; c++) {
            int nodeCount = 1 + random.nextInt(4);
            List<NodeHourUsage> nodes = new ArrayList<>();
            List<ContainerHourUsage> containers = new ArrayList<>();
            for (int n = 0; n < nodeCount; n++) {
                String node = "aks-user-12345678-vmss00000" + n;
                int from = random.nextInt(24);
                for (int h = from; h < 24 && h < from + 1 + random.nextInt(24); h++) {
                    Instant hour = DAY.plus(Duration.ofHours(h));
                    nodes.add(new NodeHourUsage(node, hour, BigDecimal.valueOf(2 + random.nextInt(30)),
                            GIB.multiply(BigDecimal.valueOf(8 + random.nextInt(120))), BigDecimal.valueOf(1 + random.nextInt(3600))));
                    for (int k = random.nextInt(6); k > 0; k--) {
                        String[] namespaces = {"shop", "jobs", "kube-system", "search"};
                        WorkloadKey w = new WorkloadKey(namespaces[random.nextInt(4)], "Deployment", "w" + random.nextInt(5));
                        containers.add(new ContainerHourUsage(hour, node, w, "c" + k, BigDecimal.valueOf(random.nextInt(7200)),
                                BigDecimal.valueOf(random.nextInt(9000)), GIB.multiply(BigDecimal.valueOf(random.nextInt(30_000))),
                                GIB.multiply(BigDecimal.valueOf(random.nextInt(30_000)))));
                    }
                }
            }
            List<ClusterCostRow> costs = new ArrayList<>();
            for (int r = random.nextInt(12); r >= 0; r--) {
                String currency = random.nextInt(5) == 0 ? "EUR" : "USD";
                Cost cost = new Cost(currency, BigDecimal.valueOf(random.nextLong() % 10_000_000_000L, 8),
                        BigDecimal.valueOf(random.nextLong() % 10_000_000_000L, 10));
                ClusterCostKind kind = kinds[random.nextInt(kinds.length)];
                String vm = random.nextBoolean() ? "aks-user-12345678-vmss_" + random.nextInt(6) : null;
                // a few resources (a scale set, OS disks of the nodes, others), some with a list cost and some without
                String resource = switch (random.nextInt(3)) {
                    case 0 -> SCALE_SET;
                    case 1 -> "/subscriptions/s" + random.nextInt(2) + "/x/disks/aks-user-12345678-vmss_" + random.nextInt(6) + "_osdisk_1";
                    default -> "/subscriptions/s" + random.nextInt(2) + "/x/other/r" + random.nextInt(3);
                };
                if (random.nextBoolean()) {
                    cost = new Cost(currency, cost.billed(), cost.effective(), BigDecimal.valueOf(random.nextLong() % 10_000_000_000L, 9));
                }
                costs.add(new ClusterCostRow(kind, resource, kind == ClusterCostKind.NODE ? vm : null,
                        random.nextBoolean() ? "shop" : null, "claim", random.nextBoolean() ? "shop" : null, "svc", cost, "f:" + r,
                        ""));
            }
            DistributionPolicy[] policies = DistributionPolicy.values();
            AllocationPolicy policy = AllocationPolicy.defaults().withIdle(policies[random.nextInt(policies.length)])
                    .withShared(policies[random.nextInt(policies.length)]);

            List<AllocationRow> rows = new ClusterDayAllocation(policy).allocate(costs, nodes, containers);

            Map<String, Cost> expected = new TreeMap<>();
            costs.forEach(r -> expected.merge(r.cost().currency(), r.cost(), Cost::plus));
            Map<String, Cost> actual = new TreeMap<>();
            rows.forEach(r -> actual.merge(r.cost().currency(), r.cost(), Cost::plus));
            int seed = c;
            assertThat(actual.keySet()).as("case %d", c).isEqualTo(expected.keySet());
            expected.forEach((currency, cost) -> assertThat(actual.get(currency).sameAmountAs(cost))
                    .as("case %d %s: %s vs %s", seed, currency, actual.get(currency), cost).isTrue());
            assertThat(rows).as("case %d", c).allSatisfy(r -> assertThat(r.rule()).isNotBlank());
            // each resource's money, list cost included (unknown when any of its rows has none), lands on rows of that origin
            Map<String, Cost> expectedByOrigin = new TreeMap<>();
            costs.forEach(r -> expectedByOrigin.merge(r.origin() + " " + r.cost().currency(), r.cost(), Cost::plus));
            Map<String, Cost> actualByOrigin = new TreeMap<>();
            rows.forEach(r -> actualByOrigin.merge((r.origin().resourceId().isEmpty() ? POOLED : "") + r.origin() + " "
                    + r.cost().currency(), r.cost(), Cost::plus));
            expectedByOrigin.forEach((origin, cost) -> {
                if (!cost.isZero()) {
                    assertThat(actualByOrigin.get(origin)).as("case %d %s", seed, origin).isNotNull();
                    assertThat(actualByOrigin.get(origin).sameAmountAs(cost))
                            .as("case %d %s: %s vs %s", seed, origin, actualByOrigin.get(origin), cost).isTrue();
                }
            });
            // a pool handed on: its shares (no resource id) sum to zero with the bucket's row taking the pool out
            actualByOrigin.forEach((origin, cost) -> {
                if (origin.startsWith(POOLED)) {
                    assertThat(cost.billed().signum() == 0 && cost.effective().signum() == 0).as("case %d %s: %s", seed, origin, cost)
                            .isTrue();
                } else {
                    assertThat(expectedByOrigin).as("case %d", seed).containsKey(origin);
                }
            });
            // one row per workload and pool, whatever the resources that fed it
            Map<String, Integer> pooledRows = new TreeMap<>();
            rows.stream().filter(r -> r.origin().resourceId().isEmpty() && !r.workload().isBucket())
                    .forEach(r -> pooledRows.merge(r.workload() + " " + r.category() + " " + r.cost().currency(), 1, Integer::sum));
            assertThat(pooledRows.values()).as("case %d", seed).allMatch(n -> n == 1);
        }
    }

    static ClusterCostRow vmRow(String vmName, String billed, String effective) {
        return new ClusterCostRow(ClusterCostKind.NODE, SCALE_SET, vmName, null, null, null, null, usd(billed, effective), "f:1", "/subscriptions/s");
    }

    private static final String POOLED = "pooled ";

    static Cost usd(String billed, String effective) {
        return new Cost("USD", new BigDecimal(billed), new BigDecimal(effective));
    }

    static List<NodeHourUsage> hours(String node, int hours, int secondsEach) {
        List<NodeHourUsage> out = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            out.add(new NodeHourUsage(node, DAY.plus(Duration.ofHours(h)), BigDecimal.valueOf(4), GIB.multiply(BigDecimal.valueOf(16)),
                    BigDecimal.valueOf(secondsEach)));
        }
        return out;
    }

    static List<ContainerHourUsage> containerHours(String node, WorkloadKey w, int hours, double cpuRequestCores,
                                                   double cpuUsedCores, double memoryRequestGiB, double memoryUsedGiB) {
        BigDecimal hour = BigDecimal.valueOf(3600);
        List<ContainerHourUsage> out = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            out.add(new ContainerHourUsage(DAY.plus(Duration.ofHours(h)), node, w, w.name(),
                    hour.multiply(BigDecimal.valueOf(cpuRequestCores)), hour.multiply(BigDecimal.valueOf(cpuUsedCores)),
                    hour.multiply(GIB).multiply(BigDecimal.valueOf(memoryRequestGiB)),
                    hour.multiply(GIB).multiply(BigDecimal.valueOf(memoryUsedGiB))));
        }
        return out;
    }

    /** Rows as "jobs|namespace/kind/name|CATEGORY" → "billed / effective" (the rows of all origins summed), in the allocation's order. */
    static Map<String, String> totals(List<AllocationRow> rows) {
        Map<String, Cost> sums = new java.util.LinkedHashMap<>();
        for (AllocationRow r : rows) {
            sums.merge("jobs|" + r.workload().namespace() + "/" + r.workload().kind() + "/" + r.workload().name() + "|" + r.category(),
                    r.cost(), Cost::plus);
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        // a bucket whose pool was handed on nets to zero (the pool's way in and out): left out
        sums.forEach((k, c) -> {
            if (!(k.contains("|__") && c.billed().signum() == 0 && c.effective().signum() == 0)) {
                out.put(k, c.billed().toPlainString() + " / " + c.effective().toPlainString());
            }
        });
        return out;
    }

    /** Rows as "namespace/name|CATEGORY|resource id" → billed (trailing zeros stripped). */
    static Map<String, String> billedByOrigin(List<AllocationRow> rows) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (AllocationRow r : rows) {
            out.put(r.workload().namespace() + "/" + r.workload().name() + "|" + r.category() + "|" + r.origin().resourceId(),
                    plain(r.cost().billed()));
        }
        return out;
    }

    /** Billed per resource id over all rows (trailing zeros stripped). */
    static Map<String, String> billedPerResource(List<AllocationRow> rows) {
        Map<String, BigDecimal> sums = new TreeMap<>();
        rows.forEach(r -> sums.merge(r.origin().resourceId(), r.cost().billed(), BigDecimal::add));
        Map<String, String> out = new TreeMap<>();
        sums.forEach((k, v) -> out.put(k, plain(v)));
        return out;
    }

    static String plain(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }

    /** Rows as "namespace/name|CATEGORY|resource id" → "billed / effective / list" (list "unknown" when null). */
    static Map<String, String> byOrigin(List<AllocationRow> rows) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (AllocationRow r : rows) {
            String list = r.cost().list() == null ? "unknown" : r.cost().list().toPlainString();
            out.put(r.workload().namespace() + "/" + r.workload().name() + "|" + r.category() + "|" + r.origin().resourceId(),
                    r.cost().billed().toPlainString() + " / " + r.cost().effective().toPlainString() + " / " + list);
        }
        return out;
    }

    static String sum(List<AllocationRow> rows) {
        Cost total = Cost.zero("USD");
        for (AllocationRow r : rows) {
            total = total.plus(r.cost());
        }
        return total.billed().toPlainString() + " / " + total.effective().toPlainString();
    }

    static String rule(List<AllocationRow> rows, WorkloadKey w, CostCategory category) {
        return rows.stream().filter(r -> r.workload().equals(w) && r.category() == category).findFirst().orElseThrow().rule();
    }
}
