package dev.tally.jobs.allocation.day;

import dev.tally.jobs.allocation.money.Cost;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic cluster-day for the allocation's tests: one scale set's nodes (16 cores, 64 GiB, all
 * day), a VM and an OS disk row per node, the AKS cluster resource and a load balancer; 3 pods a
 * workload on random nodes (two of one workload may share a node), and a platform DaemonSet.
 */
record SyntheticClusterDay(List<ClusterCostRow> costs, List<NodeHourUsage> nodeHours, List<ContainerHourUsage> containers) {
    static final Instant DAY = Instant.parse("2026-11-02T00:00:00Z");
    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);
    private static final String SCALE_SET = "/subscriptions/s/resourcegroups/mc_rg/providers/microsoft.compute/"
            + "virtualmachinescalesets/aks-user-12345678-vmss";

    static SyntheticClusterDay of(long seed, int nodeCount, int workloadCount, int platformNodes) {
        Random random = new Random(seed);
        List<NodeHourUsage> nodes = new ArrayList<>();
        List<ClusterCostRow> costs = new ArrayList<>();
        List<String> nodeNames = new ArrayList<>();
        for (int n = 0; n < nodeCount; n++) {
            String suffix = Integer.toString(n, 36);
            String node = "aks-user-12345678-vmss" + "0".repeat(6 - suffix.length()) + suffix;
            nodeNames.add(node);
            for (int h = 0; h < 24; h++) {
                nodes.add(new NodeHourUsage(node, DAY.plus(Duration.ofHours(h)), BigDecimal.valueOf(16),
                        GIB.multiply(BigDecimal.valueOf(64)), BigDecimal.valueOf(3600)));
            }
            costs.add(new ClusterCostRow(ClusterCostKind.NODE, SCALE_SET, "aks-user-12345678-vmss_" + n, null, null, null, null,
                    usd("19.20"), "vm:" + n, "/subscriptions/s"));
            costs.add(new ClusterCostRow(ClusterCostKind.DISK, "/subscriptions/s/x/disks/aks-user-12345678-vmss_" + n + "_osdisk_1_a",
                    null, null, null, null, null, usd("0.48"), "disk:" + n, "/subscriptions/s"));
        }
        costs.add(new ClusterCostRow(ClusterCostKind.CLUSTER, "/subscriptions/s/x/managedclusters/aks", null, null, null, null, null,
                usd("2.40"), "aks", "/subscriptions/s"));
        costs.add(new ClusterCostRow(ClusterCostKind.LOAD_BALANCER, "/subscriptions/s/x/loadbalancers/kubernetes", null, null, null,
                null, null, usd("0.60"), "lb", "/subscriptions/s"));
        List<ContainerHourUsage> containers = new ArrayList<>();
        for (int w = 0; w < workloadCount; w++) {
            WorkloadKey workload = new WorkloadKey("team-" + w % 20, "Deployment", "app-" + w);
            for (int pod = 0; pod < 3; pod++) {
                pod(containers, nodeNames.get(random.nextInt(nodeCount)), workload, 0.05 + random.nextInt(20) / 100.0,
                        0.25 + random.nextInt(8) / 8.0);
            }
        }
        for (int n = 0; n < platformNodes; n++) {
            pod(containers, nodeNames.get(n), new WorkloadKey("kube-system", "DaemonSet", "kube-proxy"), 0.1, 0.25);
        }
        return new SyntheticClusterDay(costs, nodes, containers);
    }

    private static void pod(List<ContainerHourUsage> out, String node, WorkloadKey w, double cpuRequestCores, double memoryRequestGiB) {
        BigDecimal hour = BigDecimal.valueOf(3600);
        for (int h = 0; h < 24; h++) {
            out.add(new ContainerHourUsage(DAY.plus(Duration.ofHours(h)), node, w, w.name(),
                    hour.multiply(BigDecimal.valueOf(cpuRequestCores)), hour.multiply(BigDecimal.valueOf(cpuRequestCores / 2)),
                    hour.multiply(GIB).multiply(BigDecimal.valueOf(memoryRequestGiB)),
                    hour.multiply(GIB).multiply(BigDecimal.valueOf(memoryRequestGiB / 2))));
        }
    }

    private static Cost usd(String amount) {
        return new Cost("USD", new BigDecimal(amount), new BigDecimal(amount));
    }
}
