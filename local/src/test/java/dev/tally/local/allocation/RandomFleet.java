package dev.tally.local.allocation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.jobs.usage.rows.NodeHourly;
import dev.tally.jobs.usage.rows.UsageHourly;
import dev.tally.jobs.usage.rows.UsageTopicRecord;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A seeded random fleet for the oracle: clusters of scale sets whose nodes come and go during a
 * day (partial hours included), pods of application and platform namespaces requesting and using
 * random CPU and memory (some beyond their node), and the export's rows of each cluster-day: a
 * VM row per node (some reservation-covered: billed 0), scale-set-wide rows, VMs Kubernetes never
 * reported, claims' disks, a disk of no claim, public IPs with and without a Service, the load
 * balancer, the cluster resource, other rows; and rows outside clusters, tagged or not. Each
 * cluster bills in one currency (EUR or USD). Everything is kept twice: as the topics' records
 * (for the job) and as plain facts (for the oracle's tables).
 */
final class RandomFleet {
    static final String[] NAMESPACES = {"shop", "data", "web", "kube-system"};
    private static final ObjectMapper JSON = new ObjectMapper();

    record NodeFact(String cluster, LocalDate day, String node, String vmName, String scaleSet, Instant hour, double cores,
                    double memoryBytes, long seconds) {
    }

    record ContainerFact(String cluster, LocalDate day, String node, Instant hour, String namespace, String workload,
                         BigDecimal cpuRequest, BigDecimal cpuUse, BigDecimal memoryRequest, BigDecimal memoryUse) {
    }

    /** {@code kind} as the importer's hint; amounts exact decimals as in the JSON. */
    record CostFact(String cluster, LocalDate day, String kind, String vmName, String scaleSet, String pvcNamespace,
                    String serviceNamespace, String currency, BigDecimal billed, BigDecimal effective, String teamTag,
                    String namespaceTag) {
    }

    final List<UsageTopicRecord> usage = new ArrayList<>();
    final List<UsageTopicRecord> costs = new ArrayList<>();
    final List<NodeFact> nodes = new ArrayList<>();
    final List<ContainerFact> containers = new ArrayList<>();
    final List<CostFact> costFacts = new ArrayList<>();
    private final Random random;
    private final long seed;
    private int line;

    RandomFleet(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        LocalDate firstDay = LocalDate.parse("2026-03-01").plusDays(3 * seed);
        int clusters = 1 + random.nextInt(2);
        int days = 1 + random.nextInt(2);
        for (int c = 0; c < clusters; c++) {
            String cluster = "s" + seed + "-c" + c;
            String currency = random.nextBoolean() ? "EUR" : "USD";
            for (int d = 0; d < days; d++) {
                clusterDay(cluster, firstDay.plusDays(d), currency);
            }
        }
        for (int d = 0; d < days; d++) {
            outside(firstDay.plusDays(d));
        }
    }

    private void clusterDay(String cluster, LocalDate day, String currency) {
        int pools = 1 + random.nextInt(2);
        for (int p = 0; p < pools; p++) {
            String scaleSet = "aks-pool" + p + "-" + (10_000_000 + seed) + "-vmss";
            double cores = new double[]{2, 4, 8}[random.nextInt(3)];
            double memory = cores * 4 * (1L << 30);
            int nodes = 1 + random.nextInt(3);
            java.util.Set<Integer> used = new java.util.HashSet<>();
            for (int n = 0; n < nodes; n++) {
                int instance = random.nextInt(2000);
                while (!used.add(instance)) {
                    instance = random.nextInt(2000);
                }
                String node = scaleSet + pad36(instance);
                String vmName = scaleSet + "_" + instance;
                int from = random.nextInt(3) == 0 ? random.nextInt(12) : 0;
                int to = random.nextInt(3) == 0 ? 12 + random.nextInt(12) : 24;
                for (int h = from; h < to; h++) {
                    Instant hour = day.atStartOfDay().toInstant(ZoneOffset.UTC).plusSeconds(3600L * h);
                    long seconds = (h == from && from > 0) || (h == to - 1 && to < 24) ? 1 + random.nextInt(3600) : 3600;
                    nodeHour(cluster, day, node, vmName, scaleSet, hour, cores, memory, seconds);
                }
                boolean reserved = random.nextInt(4) == 0;
                BigDecimal cost = money(5, 40);
                cost(cluster, day, "NODE", vmName, scaleSet, null, null, currency, reserved ? BigDecimal.ZERO : cost, cost, null);
            }
            if (random.nextBoolean()) {
                BigDecimal wide = money(0, 3);
                cost(cluster, day, "NODE", null, scaleSet, null, null, currency, wide, wide, null);
            }
            if (random.nextInt(3) == 0) {   // a VM Kubernetes never reported
                BigDecimal ghost = money(1, 10);
                cost(cluster, day, "NODE", scaleSet + "_" + (5000 + random.nextInt(100)), scaleSet, null, null, currency, ghost, ghost, null);
            }
        }
        for (int i = random.nextInt(4); i > 0; i--) {
            BigDecimal disk = money(0, 2);
            cost(cluster, day, "DISK", null, null, NAMESPACES[random.nextInt(3)], null, currency, disk, disk, null);
        }
        BigDecimal[] shared = {money(0, 2), money(0, 1), money(0, 1), money(0, 3), money(0, 1), money(0, 1)};
        cost(cluster, day, "DISK", null, null, null, null, currency, shared[0], shared[0], null);
        cost(cluster, day, "PUBLIC_IP", null, null, null, NAMESPACES[random.nextInt(3)], currency, shared[1], shared[1], null);
        cost(cluster, day, "PUBLIC_IP", null, null, null, null, currency, shared[2], shared[2], null);
        cost(cluster, day, "LOAD_BALANCER", null, null, null, null, currency, shared[3], shared[3], null);
        if (random.nextBoolean()) {
            cost(cluster, day, "CLUSTER", null, null, null, null, currency, shared[4], shared[4], null);
        }
        if (random.nextBoolean()) {
            cost(cluster, day, "OTHER", null, null, null, null, currency, shared[5], shared[5], null);
        }
    }

    private void nodeHour(String cluster, LocalDate day, String node, String vmName, String scaleSet, Instant hour,
                          double cores, double memory, long seconds) {
        nodes.add(new NodeFact(cluster, day, node, vmName, scaleSet, hour, cores, memory, seconds));
        usage.add(UsageTopicRecord.of(new NodeHourly(hour, cluster, node, "pool", "Standard_D4s_v5",
                "/subscriptions/s/resourcegroups/mc/providers/microsoft.compute/virtualmachinescalesets/" + scaleSet,
                "azure:///" + node, cores, memory, cores, memory, BigDecimal.valueOf(seconds), 1)));
        int pods = random.nextInt(5);
        BigDecimal running = BigDecimal.valueOf(seconds);
        for (int p = 0; p < pods; p++) {
            String namespace = NAMESPACES[random.nextInt(NAMESPACES.length)];
            String workload = "w" + random.nextInt(4);
            // requests up to the node's size; usage sometimes far beyond the request
            BigDecimal cpuRequest = BigDecimal.valueOf(random.nextInt((int) cores * 1000 / 2), 3);
            BigDecimal cpuUsed = BigDecimal.valueOf(random.nextInt((int) cores * 1000), 3);
            long memoryRequest = (long) (random.nextDouble() * memory / 2);
            long memoryUsed = (long) (random.nextDouble() * memory * 0.8);
            long cpuUsedNanos = cpuUsed.multiply(running).movePointRight(9).longValueExact();
            String pod = workload + "-" + p;
            usage.add(UsageTopicRecord.of(new UsageHourly(hour, cluster, namespace, pod, node + "-" + p, "app", node,
                    "Deployment", workload, cpuRequest.multiply(running), BigDecimal.ZERO,
                    BigDecimal.valueOf(memoryRequest).multiply(running), BigDecimal.ZERO, running, cpuUsedNanos, 0, 0,
                    memoryUsed, memoryUsed, 10, 0, 0, 40, 1)));
            containers.add(new ContainerFact(cluster, day, node, hour, namespace, "Deployment/" + workload,
                    cpuRequest.multiply(running), cpuUsed.multiply(running), BigDecimal.valueOf(memoryRequest).multiply(running),
                    BigDecimal.valueOf(memoryUsed).multiply(running)));
        }
    }

    private void outside(LocalDate day) {
        for (int i = random.nextInt(4); i > 0; i--) {
            String currency = random.nextBoolean() ? "EUR" : "USD";
            BigDecimal cost = money(0, 20);
            int kind = random.nextInt(3);
            cost("", day, null, null, null, null, null, currency, cost, cost,
                    kind == 0 ? new String[]{"team", "data-platform"} : kind == 1 ? new String[]{"namespace", NAMESPACES[random.nextInt(3)]} : null);
        }
    }

    private void cost(String cluster, LocalDate day, String kind, String vmName, String scaleSet, String pvcNamespace,
                      String serviceNamespace, String currency, BigDecimal billed, BigDecimal effective, String[] tag) {
        costFacts.add(new CostFact(cluster, day, kind == null ? "" : kind, vmName == null ? "" : vmName.toLowerCase(Locale.ROOT),
                scaleSet == null ? "" : scaleSet, pvcNamespace == null ? "" : pvcNamespace,
                serviceNamespace == null ? "" : serviceNamespace, currency, billed, effective,
                tag != null && tag[0].equals("team") ? tag[1] : "", tag != null && tag[0].equals("namespace") ? tag[1] : ""));
        ObjectNode o = JSON.createObjectNode();
        o.put("scope", "/subscriptions/s" + seed).put("dataset", "AmortizedCost").put("runId", "run-" + seed)
                .put("importId", "import-" + seed).put("sourceFile", "s" + seed + ".csv").put("sourceLine", ++line);
        o.put("billedCost", billed).put("effectiveCost", effective).put("billingCurrency", currency);
        o.put("billingPeriodStart", day.withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString());
        o.put("chargePeriodStart", day.atStartOfDay().toInstant(ZoneOffset.UTC).toString());
        o.put("serviceName", kind == null ? "Storage" : "Virtual Machines");
        String rg = "/subscriptions/s/resourcegroups/mc_" + cluster + "/providers/";
        o.put("resourceId", switch (kind == null ? "" : kind) {
            case "NODE" -> rg + "microsoft.compute/virtualmachinescalesets/" + scaleSet;
            case "DISK" -> rg + "microsoft.compute/disks/pvc-" + line;
            case "PUBLIC_IP" -> rg + "microsoft.network/publicipaddresses/ip-" + line;
            case "LOAD_BALANCER" -> rg + "microsoft.network/loadbalancers/kubernetes";
            case "CLUSTER" -> "/subscriptions/s/resourcegroups/rg/providers/microsoft.containerservice/managedclusters/" + cluster;
            case "OTHER" -> rg + "microsoft.network/networksecuritygroups/nsg";
            default -> "/subscriptions/s/resourcegroups/data/providers/microsoft.storage/storageaccounts/sa" + line;
        });
        ObjectNode tags = o.putObject("tags");
        if (tag != null) {
            tags.put(tag[0], tag[1]);
        }
        if (kind != null) {
            ObjectNode k = o.putObject("kubernetes");
            k.put("kind", kind).put("clusterName", cluster);
            if (vmName != null) {
                k.put("vmName", vmName);
            }
            if (pvcNamespace != null) {
                k.put("pvcNamespace", pvcNamespace).put("pvcName", "claim-" + line);
            }
            if (serviceNamespace != null) {
                k.put("serviceNamespace", serviceNamespace).put("serviceName", "svc-" + line);
            }
        }
        try {
            costs.add(new UsageTopicRecord(("run-" + seed).getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(o)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A random amount in [from, to) with 2 to 8 decimals. */
    private BigDecimal money(int from, int to) {
        int scale = 2 + random.nextInt(7);
        long units = (long) ((from + random.nextDouble() * (to - from)) * Math.pow(10, scale));
        return BigDecimal.valueOf(units, scale);
    }

    /** The instance number as AKS writes it in node names: base 36, six digits. */
    private static String pad36(int instance) {
        String s = Integer.toString(instance, 36);
        return "0".repeat(6 - s.length()) + s;
    }
}
