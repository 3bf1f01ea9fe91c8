package dev.tally.jobs.allocation.day;

import dev.tally.jobs.allocation.money.Cost;
import dev.tally.jobs.allocation.node.ContainerCost;
import dev.tally.jobs.allocation.node.ContainerDemand;
import dev.tally.jobs.allocation.node.NodeHour;
import dev.tally.jobs.allocation.node.NodeHourAllocation;
import dev.tally.jobs.allocation.node.NodeHourCosts;
import dev.tally.jobs.allocation.nodes.AksNodeNames;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Charges one cluster's cost rows of one day to its workloads (docs/allocation.md):
 * <ol>
 *   <li>node rows to their node (the VM name, or spread over the scale set's nodes by the
 *       seconds each existed), then over the hours it existed, then per node-hour to its
 *       containers ({@link NodeHourCosts}) and idle;</li>
 *   <li>persistent volumes' disks to the claim's namespace, a Service's public IP to the
 *       Service's namespace, node OS disks to their node;</li>
 *   <li>cluster-wide rows (control plane, load balancers, other) and the compute of platform
 *       namespaces to the shared pool, and the shared pool and idle on according to the policy;</li>
 *   <li>whatever matches nothing Kubernetes reported to {@code __unallocated__}.</li>
 * </ol>
 * Every step splits exactly, so the rows sum to the cost rows' total, per currency, in all views.
 * Each cost row's money is followed on its own through the direct steps, so every direct row says
 * which invoice resource it came from ({@link CostOrigin}): a workload charged from a scale set and
 * from a node's OS disk has a row for each. Idle and each category's shared costs form a pool per
 * category: kept, they stay on the bucket per resource; handed on by policy, each resource's part is
 * a bucket row of its origin, the pool leaves the bucket in one row and reaches each workload in one
 * row of the pooled origin (so rows grow with workloads × pools, not × resources). Either way the
 * rows of one resource sum to that resource's cost rows, and the pooled origin's rows to zero.
 */
public final class ClusterDayAllocation {
    private static final String SCALE_SETS = "/virtualmachinescalesets/";

    private static final Comparator<WorkloadKey> WORKLOAD_ORDER = Comparator.comparing(WorkloadKey::namespace)
            .thenComparing(WorkloadKey::kind).thenComparing(WorkloadKey::name);
    private static final Comparator<ClusterCostRow> COST_ROW_ORDER = Comparator.comparing(ClusterCostRow::source,
            Comparator.nullsFirst(Comparator.naturalOrder())).thenComparing(r -> nullToEmpty(r.resourceId()))
            .thenComparing(r -> r.cost().currency()).thenComparing(r -> r.cost().billed())
            .thenComparing(r -> r.cost().effective());
    private static final Comparator<NodeHourUsage> NODE_HOUR_ORDER = Comparator.comparing(NodeHourUsage::node)
            .thenComparing(NodeHourUsage::hour);
    private static final Comparator<ContainerHourUsage> CONTAINER_HOUR_ORDER = Comparator.comparing(ContainerHourUsage::hour)
            .thenComparing(ContainerHourUsage::node).thenComparing(ContainerHourUsage::workload, WORKLOAD_ORDER)
            .thenComparing(ContainerHourUsage::container)
            // two pods of a workload on one node share all the above; equal in these too, they are interchangeable
            .thenComparing(ContainerHourUsage::cpuRequestCoreSeconds).thenComparing(ContainerHourUsage::cpuUsageCoreSeconds)
            .thenComparing(ContainerHourUsage::memoryRequestByteSeconds).thenComparing(ContainerHourUsage::memoryUsageByteSeconds);

    private final AllocationPolicy policy;
    private final NodeHourCosts nodeHourCosts;

    public ClusterDayAllocation(AllocationPolicy policy) {
        this.policy = policy;
        this.nodeHourCosts = new NodeHourCosts(policy.weighting());
    }

    /**
     * The day's rows. The inputs may come in any order (a job's state hands them out in its own, which
     * a restore or a rescale changes): they are put in one order first, so that equal splits' last
     * digits, and the rules' wording, never depend on it.
     */
    public List<AllocationRow> allocate(List<ClusterCostRow> costs, List<NodeHourUsage> nodeHours,
                                        List<ContainerHourUsage> containers) {
        List<NodeHourUsage> nodes = nodeHours.stream().sorted(NODE_HOUR_ORDER).toList();
        List<ContainerHourUsage> usage = containers.stream().sorted(CONTAINER_HOUR_ORDER).toList();
        Map<String, List<ClusterCostRow>> byCurrency = new TreeMap<>();
        for (ClusterCostRow row : costs.stream().sorted(COST_ROW_ORDER).toList()) {
            byCurrency.computeIfAbsent(row.cost().currency(), c -> new ArrayList<>()).add(row);
        }
        List<AllocationRow> rows = new ArrayList<>();
        byCurrency.forEach((currency, rowsOfCurrency) -> rows.addAll(new Day(nodes, usage).allocate(rowsOfCurrency)));
        return rows;
    }

    /** One currency's allocation of one cluster-day. */
    private final class Day {
        private final Map<String, List<NodeHourUsage>> hoursByNode = new TreeMap<>();
        private final Map<String, String> nodeByVmName = new TreeMap<>();
        private final Map<String, List<String>> nodesByScaleSet = new TreeMap<>();
        private final Map<String, List<ContainerHourUsage>> containersByNodeHour = new TreeMap<>();
        private final Map<String, Map<CostOrigin, Cost>> nodeDayCost = new TreeMap<>();
        private final Map<WorkloadKey, BigDecimal> usageValue = new TreeMap<>(WORKLOAD_ORDER);
        private final Map<WorkloadKey, BigDecimal> requestValue = new TreeMap<>(WORKLOAD_ORDER);
        private final Map<RowKey, Cost> totals = new TreeMap<>();
        private final Map<RowKey, Set<String>> rules = new TreeMap<>();
        private final List<SharedItem> shared = new ArrayList<>();
        private final Map<CostOrigin, Cost> idle = new TreeMap<>();

        Day(List<NodeHourUsage> nodeHours, List<ContainerHourUsage> containers) {
            for (NodeHourUsage h : nodeHours) {
                String node = h.node().toLowerCase(Locale.ROOT);
                List<NodeHourUsage> hours = hoursByNode.computeIfAbsent(node, n -> new ArrayList<>());
                if (hours.isEmpty()) {
                    nodeByVmName.put(AksNodeNames.vmNameOf(node), node);
                    AksNodeNames.scaleSetOf(node).ifPresent(s -> nodesByScaleSet.computeIfAbsent(s, x -> new ArrayList<>()).add(node));
                }
                hours.add(h);
            }
            hoursByNode.values().forEach(hours -> hours.sort(Comparator.comparing(NodeHourUsage::hour)));
            for (ContainerHourUsage c : containers) {
                containersByNodeHour.computeIfAbsent(nodeHourKey(c.node(), c.hour()), k -> new ArrayList<>()).add(c);
            }
        }

        List<AllocationRow> allocate(List<ClusterCostRow> costs) {
            for (ClusterCostRow row : costs) {
                place(row);
            }
            nodeDayCost.forEach((node, byOrigin) -> byOrigin.forEach((origin, cost) -> chargeNode(node, origin, cost)));
            List<SharedItem> idleItems = new ArrayList<>();
            idle.forEach((origin, cost) -> idleItems.add(new SharedItem(CostCategory.IDLE, origin, cost, "idle node capacity")));
            distribute(CostCategory.IDLE, idleItems, policy.idle());
            Map<CostCategory, List<SharedItem>> sharedPools = new TreeMap<>();
            for (SharedItem item : shared) {
                sharedPools.computeIfAbsent(item.category(), c -> new ArrayList<>()).add(item);
            }
            sharedPools.forEach((category, items) -> distribute(category, items, policy.shared()));
            List<AllocationRow> out = new ArrayList<>();
            totals.forEach((key, cost) -> out.add(new AllocationRow(key.workload(), key.category(), key.origin(), cost,
                    String.join("; ", rules.get(key)))));
            return out;
        }

        private void place(ClusterCostRow row) {
            CostOrigin origin = row.origin();
            switch (row.kind()) {
                case NODE -> placeNodeRow(row);
                case DISK -> {
                    if (row.pvcNamespace() != null && !row.pvcNamespace().isBlank()) {
                        add(new WorkloadKey(row.pvcNamespace(), "PersistentVolumeClaim", nullToEmpty(row.pvcName())),
                                CostCategory.STORAGE, origin, row.cost(), "the claim's disk");
                    } else if (osDiskNode(row.resourceId()) != null) {
                        chargeToNode(osDiskNode(row.resourceId()), origin, row.cost());
                    } else {
                        shared.add(new SharedItem(CostCategory.STORAGE, origin, row.cost(), "a disk of no claim"));
                    }
                }
                case PUBLIC_IP -> {
                    if (row.serviceNamespace() != null && !row.serviceNamespace().isBlank()) {
                        add(new WorkloadKey(row.serviceNamespace(), "Service", nullToEmpty(row.serviceName())),
                                CostCategory.NETWORK, origin, row.cost(), "the Service's public IP");
                    } else {
                        shared.add(new SharedItem(CostCategory.NETWORK, origin, row.cost(), "a cluster public IP"));
                    }
                }
                case LOAD_BALANCER -> shared.add(new SharedItem(CostCategory.NETWORK, origin, row.cost(), "the cluster's load balancer"));
                case CLUSTER -> shared.add(new SharedItem(CostCategory.CONTROL_PLANE, origin, row.cost(), "the AKS cluster resource"));
                case OTHER -> shared.add(new SharedItem(CostCategory.SHARED, origin, row.cost(), "another cluster resource"));
            }
        }

        private void placeNodeRow(ClusterCostRow row) {
            CostOrigin origin = row.origin();
            if (row.vmName() != null && !row.vmName().isBlank()) {
                String node = nodeByVmName.get(row.vmName().toLowerCase(Locale.ROOT));
                if (node != null) {
                    chargeToNode(node, origin, row.cost());
                } else {
                    add(WorkloadKey.UNALLOCATED, CostCategory.UNALLOCATED, origin, row.cost(), "a VM Kubernetes did not report that day");
                }
                return;
            }
            String resourceId = nullToEmpty(row.resourceId()).toLowerCase(Locale.ROOT);
            int at = resourceId.lastIndexOf(SCALE_SETS);
            List<String> nodes = at < 0 ? List.of()
                    : nodesByScaleSet.getOrDefault(resourceId.substring(at + SCALE_SETS.length()), List.of());
            if (nodes.isEmpty()) {
                add(WorkloadKey.UNALLOCATED, CostCategory.UNALLOCATED, origin, row.cost(), "a scale set with no node Kubernetes reported that day");
                return;
            }
            List<Cost> parts = row.cost().split(nodes.stream().map(this::secondsPresent).toList());
            for (int i = 0; i < nodes.size(); i++) {
                chargeToNode(nodes.get(i), origin, parts.get(i));
            }
        }

        private void chargeToNode(String node, CostOrigin origin, Cost cost) {
            nodeDayCost.computeIfAbsent(node, n -> new TreeMap<>()).merge(origin, cost, Cost::plus);
        }

        /**
         * A node's cost of the day from one resource over the hours it existed, then each node-hour to
         * its containers and idle (each resource on its own, so every share keeps its origin).
         */
        private void chargeNode(String node, CostOrigin origin, Cost dayCost) {
            List<NodeHourUsage> hours = hoursByNode.get(node);
            List<Cost> hourCosts = dayCost.split(hours.stream().map(NodeHourUsage::secondsPresent).toList());
            for (int i = 0; i < hours.size(); i++) {
                NodeHourUsage h = hours.get(i);
                NodeHour nodeHour = new NodeHour(node, hourCosts.get(i), h.cpuCores(), h.memoryBytes(), h.secondsPresent());
                List<ContainerHourUsage> here = containersByNodeHour.getOrDefault(nodeHourKey(node, h.hour()), List.of());
                NodeHourAllocation a = nodeHourCosts.allocate(nodeHour, demands(here));
                idle.merge(origin, a.idle(), Cost::plus);
                for (int c = 0; c < here.size(); c++) {
                    WorkloadKey w = here.get(c).workload();
                    ContainerCost cost = a.containers().get(c);
                    if (policy.platformNamespaces().contains(w.namespace())) {
                        shared.add(new SharedItem(CostCategory.SHARED, origin, cost.total(), "platform namespace compute"));
                    } else {
                        add(w, CostCategory.COMPUTE, origin, cost.total(), "max(request, usage) of its node-hours");
                        ContainerHourUsage u = here.get(c);
                        usageValue.merge(w, policy.weighting().value(u.cpuUsageCoreSeconds(), u.memoryUsageByteSeconds()),
                                BigDecimal::add);
                        requestValue.merge(w, policy.weighting().value(u.cpuRequestCoreSeconds(), u.memoryRequestByteSeconds()),
                                BigDecimal::add);
                    }
                }
        }
        }

        /**
         * One pool (idle, or the shared costs of one category) kept or handed on by its policy. Kept, each
         * resource's part stays on the bucket under its origin. Handed on, the pool is split once over the
         * workloads under the pooled origin ({@link CostOrigin#pooled}), so a workload gets one row per pool
         * however many resources fed it; each resource's part stays traceable on the bucket: a row of that
         * origin ("into the pool") per resource, and one row of the pooled origin taking the whole pool out
         * again ("handed on"). The bucket's rows of a handed-on pool net to zero, the pooled origin's rows
         * too, and every resource's rows still sum to its cost rows.
         */
        private void distribute(CostCategory category, List<SharedItem> items, DistributionPolicy how) {
            WorkloadKey bucket = category == CostCategory.IDLE ? WorkloadKey.IDLE : WorkloadKey.SHARED;
            Map<WorkloadKey, BigDecimal> weights = switch (how) {
                case NONE -> Map.of();
                case BY_USAGE -> positive(usageValue);
                case BY_REQUESTS -> positive(requestValue);
                case EVEN -> even();
            };
            String howName = how.name().toLowerCase(Locale.ROOT).replace('_', ' ');
            if (weights.isEmpty()) {
                for (SharedItem item : items) {
                    if (!item.cost().isZero()) {
                        add(bucket, category, item.origin(), item.cost(), item.what() + (how == DistributionPolicy.NONE ? ", kept"
                                : ", kept: no workload to distribute it to " + howName));
                    }
                }
                return;
            }
            Cost pool = null;
            Set<String> whats = new LinkedHashSet<>();
            Set<String> subAccounts = new TreeSet<>();
            for (SharedItem item : items) {
                if (item.cost().isZero()) {
                    continue;
                }
                pool = pool == null ? item.cost() : pool.plus(item.cost());
                whats.add(item.what());
                subAccounts.add(item.origin().subAccountId());
                add(bucket, category, item.origin(), item.cost(), item.what() + ", into the pool distributed " + howName);
            }
            if (pool == null || pool.isZero()) {
                return;
            }
            CostOrigin pooled = CostOrigin.pooled(subAccounts);
            add(bucket, category, pooled, Cost.zero(pool.currency()).minus(pool),
                    "the pool (" + String.join("; ", whats) + "), handed on to the workloads " + howName);
            List<WorkloadKey> to = new ArrayList<>(weights.keySet());
            List<Cost> parts = pool.split(to.stream().map(weights::get).toList());
            for (int i = 0; i < to.size(); i++) {
                add(to.get(i), category, pooled, parts.get(i), whats.stream().map(w -> w + ", distributed " + howName).toList());
            }
        }

        private Map<WorkloadKey, BigDecimal> positive(Map<WorkloadKey, BigDecimal> values) {
            Map<WorkloadKey, BigDecimal> out = new LinkedHashMap<>();
            values.forEach((w, v) -> {
                if (v.signum() > 0) {
                    out.put(w, v);
                }
            });
            return out;
        }

        private Map<WorkloadKey, BigDecimal> even() {
            Map<WorkloadKey, BigDecimal> out = new LinkedHashMap<>();
            requestValue.keySet().forEach(w -> out.put(w, BigDecimal.ONE));
            usageValue.keySet().forEach(w -> out.put(w, BigDecimal.ONE));
            return out;
        }

        private void add(WorkloadKey workload, CostCategory category, CostOrigin origin, Cost cost, String rule) {
            add(workload, category, origin, cost, List.of(rule));
        }

        private void add(WorkloadKey workload, CostCategory category, CostOrigin origin, Cost cost, List<String> rulesOfCost) {
            RowKey key = new RowKey(workload, category, origin);
            totals.merge(key, cost, Cost::plus);
            rules.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(rulesOfCost);
        }

        private BigDecimal secondsPresent(String node) {
            return hoursByNode.get(node).stream().map(NodeHourUsage::secondsPresent).reduce(BigDecimal.ZERO, BigDecimal::add);
        }

        /** The node whose OS disk a disk id names ({@code …/disks/<vm name>_osdisk_…}), or null. */
        private String osDiskNode(String resourceId) {
            String id = nullToEmpty(resourceId).toLowerCase(Locale.ROOT);
            String disk = id.substring(id.lastIndexOf('/') + 1);
            int osDisk = disk.indexOf("_osdisk");
            return osDisk < 0 ? null : nodeByVmName.get(disk.substring(0, osDisk));
        }

        private List<ContainerDemand> demands(List<ContainerHourUsage> here) {
            List<ContainerDemand> demands = new ArrayList<>(here.size());
            for (ContainerHourUsage u : here) {
                demands.add(new ContainerDemand(u.container(), u.cpuRequestCoreSeconds(), u.cpuUsageCoreSeconds(),
                        u.memoryRequestByteSeconds(), u.memoryUsageByteSeconds()));
            }
            return demands;
        }
    }


    private record RowKey(WorkloadKey workload, CostCategory category, CostOrigin origin) implements Comparable<RowKey> {
        @Override
        public int compareTo(RowKey o) {
            int c = WORKLOAD_ORDER.compare(workload, o.workload);
            c = c != 0 ? c : category.compareTo(o.category);
            return c != 0 ? c : origin.compareTo(o.origin);
        }
    }

    private record SharedItem(CostCategory category, CostOrigin origin, Cost cost, String what) {
    }

    private static String nodeHourKey(String node, Instant hour) {
        return node.toLowerCase(Locale.ROOT) + "@" + hour.toEpochMilli();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
