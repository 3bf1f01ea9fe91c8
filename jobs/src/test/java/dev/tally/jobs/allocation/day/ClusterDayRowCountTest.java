package dev.tally.jobs.allocation.day;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.jobs.allocation.money.Cost;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rows a cluster-day costs with the origin kept (docs/operations.md, sizing): on synthetic
 * cluster-days (3 pods a workload on random nodes of one scale set, a VM and an OS disk row per node,
 * the AKS cluster resource and a load balancer), the rows are the direct rows (a workload's compute
 * per resource it ran on) plus, per pool handed on, one row per workload, one per resource that fed
 * it and one taking it out of the bucket: never workloads × resources. Prints the counts measured.
 */
class ClusterDayRowCountTest {
    private static final Instant DAY = Instant.parse("2026-11-02T00:00:00Z");
    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);
    private static final String SCALE_SET = "/subscriptions/s/resourcegroups/mc_rg/providers/microsoft.compute/"
            + "virtualmachinescalesets/aks-user-12345678-vmss";

    @ParameterizedTest(name = "{0} nodes, {1} workloads, platform pods on {2} nodes, idle {3}")
    @CsvSource({"10, 100, 0, NONE", "200, 2000, 15, NONE", "50, 500, 50, NONE", "50, 500, 50, BY_REQUESTS"})
    void rowsGrowWithWorkloadsTimesPoolsNotTimesResources(int nodeCount, int workloadCount, int platformNodes,
                                                           DistributionPolicy idle) {
        long seed = 20261126L + nodeCount;
        SyntheticClusterDay day = SyntheticClusterDay.of(seed, nodeCount, workloadCount, platformNodes);
        List<ClusterCostRow> costs = day.costs();
        List<NodeHourUsage> nodes = day.nodeHours();
        List<ContainerHourUsage> containers = day.containers();

        List<AllocationRow> rows = new ClusterDayAllocation(AllocationPolicy.defaults().withIdle(idle)).allocate(costs, nodes, containers);

        long pooled = rows.stream().filter(r -> r.origin().resourceId().isEmpty() && !r.workload().isBucket()).count();
        long bucket = rows.stream().filter(r -> r.workload().isBucket()).count();
        long direct = rows.size() - pooled - bucket;
        Set<String> pools = new HashSet<>();
        rows.stream().filter(r -> r.origin().resourceId().isEmpty()).forEach(r -> pools.add(r.category().name()));
        Set<String> beforeOrigin = new HashSet<>();
        rows.forEach(r -> beforeOrigin.add(r.workload() + " " + r.category()));
        Set<String> poolsPerWorkload = new HashSet<>();
        rows.stream().filter(r -> r.origin().resourceId().isEmpty() && !r.workload().isBucket())
                .forEach(r -> poolsPerWorkload.add(r.workload() + " " + r.category()));
        long resources = costs.stream().map(ClusterCostRow::resourceId).distinct().count();
        System.out.printf("rows per cluster-day: %d nodes, %d workloads, platform pods on %d nodes, idle %s: %d rows "
                        + "(%d direct, %d pooled shares over %d pools, %d on the buckets); %d workload × category keys%n",
                nodeCount, workloadCount, platformNodes, idle, rows.size(), direct, pooled, pools.size(), bucket, beforeOrigin.size());

        // conservation: in total and per resource (its direct rows + its part in the pools, on the bucket's rows of its origin)
        Map<String, BigDecimal> expected = new TreeMap<>();
        costs.forEach(c -> expected.merge(c.resourceId(), c.cost().billed(), BigDecimal::add));
        Map<String, BigDecimal> actual = new TreeMap<>();
        rows.forEach(r -> actual.merge(r.origin().resourceId(), r.cost().billed(), BigDecimal::add));
        assertThat(actual.remove("")).as("seed %d: the pools' shares and ways out", seed).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((resource, billed) -> assertThat(actual.get(resource)).as("seed %d %s", seed, resource)
                .isEqualByComparingTo(billed));

        // one pooled row per workload and pool, whatever the number of resources that fed the pool
        assertThat(poolsPerWorkload).hasSize((int) pooled);
        assertThat(pooled).isLessThanOrEqualTo((long) workloadCount * pools.size());
        // the buckets: per pool, a row per resource that fed it and the pool's way out (kept idle: a row per resource)
        assertThat(bucket).isLessThanOrEqualTo((long) (pools.size() + 1) * (resources + 1));
        // the direct rows: a workload's compute per resource of the nodes it ran on (3 pods: at most 3 nodes, 1 + 3 resources)
        assertThat(direct).isLessThanOrEqualTo(workloadCount * 4L);
        assertThat(pooled).as("the shared pool reaches the workloads").isGreaterThan(0);
    }
}
