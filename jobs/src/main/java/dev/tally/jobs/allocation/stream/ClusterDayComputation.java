package dev.tally.jobs.allocation.stream;

import dev.tally.jobs.allocation.day.AllocationRow;
import dev.tally.jobs.allocation.day.ClusterCostKind;
import dev.tally.jobs.allocation.day.ClusterCostRow;
import dev.tally.jobs.allocation.day.ClusterDayAllocation;
import dev.tally.jobs.allocation.day.ContainerHourUsage;
import dev.tally.jobs.allocation.day.CostCategory;
import dev.tally.jobs.allocation.day.CostOrigin;
import dev.tally.jobs.allocation.day.LogPrice;
import dev.tally.jobs.allocation.day.NodeHourUsage;
import dev.tally.jobs.allocation.day.WorkloadKey;
import dev.tally.jobs.allocation.money.Cost;
import dev.tally.jobs.allocation.nodes.AksNodeNames;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One computation of a cluster-day from what the job holds for it (docs/allocation.md):
 * <ul>
 *   <li>with the export's rows for the day: {@link ClusterDayAllocation} of them (actual);</li>
 *   <li>without them, but with nodes or volumes reported: the same allocation of rows priced from
 *       the {@link ListPrices} table, every output row marked {@code estimated};</li>
 *   <li>for cost rows outside any cluster (empty cluster): each charged to the team or namespace its
 *       tags name ({@code EXTERNAL}), or kept {@code UNALLOCATED} when it names neither.</li>
 * </ul>
 * Each row carries its owner ({@link WorkloadOwnerLookup}), the rule and the policies. Plain
 * code: the Flink function only keeps the inputs and calls this.
 */
public final class ClusterDayComputation {
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);
    private static final int ESTIMATE_SCALE = 10;

    private final AllocationSettings settings;
    private final WorkloadOwnerLookup owners;
    private final ClusterDayAllocation allocation;
    private final String policies;

    public ClusterDayComputation(AllocationSettings settings, WorkloadOwnerLookup owners) {
        this.settings = settings;
        this.owners = owners;
        this.allocation = new ClusterDayAllocation(settings.policy());
        this.policies = settings.policy().describe();
    }

    public List<CostAllocationDaily> compute(String cluster, LocalDate day, Collection<ContainerHourInput> containers,
                                             Collection<NodeHourInput> nodes, Collection<VolumeHourInput> volumes,
                                             Collection<CostLineInput> costs, long version) {
        return compute(cluster, day, containers, nodes, volumes, costs, false, List.of(), version);
    }

    /**
     * @param exportSeen the day has been told of an export run of its costs ({@link CostRunNotice}): with no
     *                   cost rows then, the export says the day costs nothing, so nothing is estimated
     * @param logs       the day's log rows: charged at the log price, category {@code LOGS}, besides the invoice's money
     */
    public List<CostAllocationDaily> compute(String cluster, LocalDate day, Collection<ContainerHourInput> containers,
                                             Collection<NodeHourInput> nodes, Collection<VolumeHourInput> volumes,
                                             Collection<CostLineInput> costs, boolean exportSeen,
                                             Collection<LogHourInput> logs, long version) {
        List<CostAllocationDaily> out = new ArrayList<>(invoice(cluster, day, containers, nodes, volumes, costs, exportSeen,
                version));
        out.addAll(logs(cluster, day, logs, version));
        return out.isEmpty() ? List.of(noCost(cluster, day, version)) : out;
    }

    /** The invoice's money of the day (actual or estimated), allocated. */
    private List<CostAllocationDaily> invoice(String cluster, LocalDate day, Collection<ContainerHourInput> containers,
                                              Collection<NodeHourInput> nodes, Collection<VolumeHourInput> volumes,
                                              Collection<CostLineInput> costs, boolean exportSeen, long version) {
        if (cluster.isEmpty()) {
            return outsideClusters(day, costs, version);
        }
        boolean estimated = costs.isEmpty() && !exportSeen;
        List<ClusterCostRow> rows = new ArrayList<>();
        LocalDate period = day.withDayOfMonth(1);
        if (estimated) {
            rows.addAll(estimate(nodes, volumes));
        } else {
            period = costs.stream().map(c -> LocalDate.parse(c.billingPeriod())).min(LocalDate::compareTo).orElse(period);
            costs.forEach(c -> rows.add(c.row()));
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        List<NodeHourUsage> nodeHours = new ArrayList<>(nodes.size());
        for (NodeHourInput n : nodes) {
            nodeHours.add(new NodeHourUsage(n.node(), Instant.ofEpochSecond(n.hourEpochSecond()), n.cpuCores(),
                    n.memoryBytes(), n.secondsPresent()));
        }
        List<ContainerHourUsage> usage = new ArrayList<>(containers.size());
        for (ContainerHourInput c : containers) {
            usage.add(new ContainerHourUsage(Instant.ofEpochSecond(c.hourEpochSecond()), c.node(),
                    new WorkloadKey(c.namespace(), c.workloadKind(), c.workloadName()), c.container(),
                    c.cpuRequestCoreSeconds(), c.cpuUsageCoreSeconds(), c.memoryRequestByteSeconds(),
                    c.memoryUsageByteSeconds()));
        }
        List<CostAllocationDaily> out = new ArrayList<>();
        for (AllocationRow r : allocation.allocate(rows, nodeHours, usage)) {
            WorkloadKey w = r.workload();
            Owner owner = w.isBucket() ? Owner.unowned() : owners.ownerOf(cluster, w.namespace(), w.kind(), w.name());
            out.add(new CostAllocationDaily(day, cluster, w.namespace(), w.kind(), w.name(), r.category().name(),
                    r.cost().currency(), r.origin().resourceId(), r.origin().subAccountId(), r.cost().billed(),
                    r.cost().effective(), r.cost().list(), owner.team(), owner.costCenter(),
                    owner.source(), estimated ? "estimated from list prices: " + r.rule() : r.rule(), policies, estimated,
                    period, version));
        }
        return out;
    }

    /**
     * Log volume: per workload, the day's log body bytes (the newest total of each hour) × the
     * configured price per GiB, category {@code LOGS}, in the price's currency. Not invoice money,
     * so it is never split and never part of the conservation sum (docs/allocation.md).
     */
    private List<CostAllocationDaily> logs(String cluster, LocalDate day, Collection<LogHourInput> logs, long version) {
        Map<WorkloadKey, Long> bytes = new TreeMap<>(java.util.Comparator.comparing(WorkloadKey::namespace)
                .thenComparing(WorkloadKey::kind).thenComparing(WorkloadKey::name));
        for (LogHourInput l : logs) {
            bytes.merge(new WorkloadKey(l.namespace(), l.workloadKind(), l.workloadName()), l.bytes(), Long::sum);
        }
        LogPrice price = settings.policy().logPrice();
        List<CostAllocationDaily> out = new ArrayList<>();
        bytes.forEach((w, b) -> {
            BigDecimal charge = price.charge(b);
            Owner owner = owners.ownerOf(cluster, w.namespace(), w.kind(), w.name());
            out.add(new CostAllocationDaily(day, cluster, w.namespace(), w.kind(), w.name(), CostCategory.LOGS.name(),
                    price.currency(), CostOrigin.NONE.resourceId(), CostOrigin.NONE.subAccountId(), charge, charge, null,
                    owner.team(), owner.costCenter(), owner.source(),
                    "log volume: " + b + " bytes × " + price.describe() + " (not on the invoice)", policies, false,
                    day.withDayOfMonth(1), version));
        });
        return out;
    }

    /**
     * The day has no cost (a restatement removed its rows, and nothing to estimate): one zero row of
     * this version, so that {@code cost_allocation_daily_latest} stops showing the older computation's rows.
     */
    private CostAllocationDaily noCost(String cluster, LocalDate day, long version) {
        WorkloadKey w = WorkloadKey.NO_COST;
        return new CostAllocationDaily(day, cluster, w.namespace(), w.kind(), w.name(), CostCategory.NO_COST.name(), "",
                CostOrigin.NONE.resourceId(), CostOrigin.NONE.subAccountId(), BigDecimal.ZERO, BigDecimal.ZERO, null, Owner.UNOWNED, "", Owner.UNOWNED,
                "no cost rows for the day any more, nothing to estimate: replaces the older computation's rows", policies,
                false, day.withDayOfMonth(1), version);
    }

    /** Cost rows for the day's nodes and claims at list prices: price × seconds present. */
    private List<ClusterCostRow> estimate(Collection<NodeHourInput> nodes, Collection<VolumeHourInput> volumes) {
        ListPrices prices = settings.listPrices();
        Map<String, BigDecimal> nodeSeconds = new TreeMap<>();
        Map<String, NodeHourInput> anyHour = new TreeMap<>();
        for (NodeHourInput n : nodes) {
            nodeSeconds.merge(n.node(), n.secondsPresent(), BigDecimal::add);
            anyHour.putIfAbsent(n.node(), n);
        }
        List<ClusterCostRow> rows = new ArrayList<>();
        nodeSeconds.forEach((node, seconds) -> {
            NodeHourInput n = anyHour.get(node);
            Optional<BigDecimal> price = prices.vmHourPrice(n.vmSize());
            if (price.isPresent()) {
                BigDecimal cost = price.get().multiply(seconds).divide(SECONDS_PER_HOUR, ESTIMATE_SCALE, RoundingMode.HALF_EVEN);
                // priced from the list-price table, so the estimate is its own list cost
                rows.add(new ClusterCostRow(ClusterCostKind.NODE, n.vmssResourceId(), AksNodeNames.vmNameOf(node), null, null,
                        null, null, new Cost(prices.currency(), cost, cost, cost), "list price of " + n.vmSize(), ""));
            }
        });
        Map<String, BigDecimal> claimSeconds = new TreeMap<>();
        Map<String, VolumeHourInput> anyClaimHour = new TreeMap<>();
        for (VolumeHourInput v : volumes) {
            String claim = v.namespace() + "/" + v.claim();
            claimSeconds.merge(claim, v.secondsPresent(), BigDecimal::add);
            anyClaimHour.putIfAbsent(claim, v);
        }
        claimSeconds.forEach((claim, seconds) -> {
            VolumeHourInput v = anyClaimHour.get(claim);
            prices.diskGibMonthPrice(v.storageClass()).ifPresent(price -> {
                BigDecimal cost = v.capacityBytes().multiply(price).multiply(seconds)
                        .divide(GIB.multiply(ListPrices.HOURS_PER_MONTH).multiply(SECONDS_PER_HOUR), ESTIMATE_SCALE,
                                RoundingMode.HALF_EVEN);
                rows.add(new ClusterCostRow(ClusterCostKind.DISK, v.diskResourceId(), null, v.namespace(), v.claim(), null,
                        null, new Cost(prices.currency(), cost, cost, cost), "list price of " + v.storageClass(), ""));
            });
        });
        return rows;
    }

    /** Rows outside any cluster: to the team or namespace their tags name, else unallocated. */
    private List<CostAllocationDaily> outsideClusters(LocalDate day, Collection<CostLineInput> costs, long version) {
        record Key(String namespace, String kind, String name, CostCategory category, String currency, CostOrigin origin,
                   String team, String costCenter, String source, String method, String period) {
        }
        Map<Key, Cost> sums = new java.util.LinkedHashMap<>();
        for (CostLineInput c : costs.stream().sorted(java.util.Comparator.comparing(CostLineInput::line)).toList()) {
            Key key;
            if (!c.team().isEmpty() || !c.namespace().isEmpty()) {
                Owner owner = !c.team().isEmpty() ? new Owner(c.team(), c.costCenter(), "tag")
                        : owners.ownerOf("", c.namespace(), "", "");
                String costCenter = c.costCenter().isEmpty() ? owner.costCenter() : c.costCenter();
                key = new Key(c.namespace(), "AzureService", c.azureService(), CostCategory.EXTERNAL, c.currency(),
                        c.row().origin(), owner.team(), costCenter, owner.source(),
                        !c.team().isEmpty() ? "outside clusters: the resource's team tag" : "outside clusters: the resource's namespace tag",
                        c.billingPeriod());
            } else {
                key = new Key(WorkloadKey.UNALLOCATED.namespace(), "AzureService", c.azureService(), CostCategory.UNALLOCATED,
                        c.currency(), c.row().origin(), Owner.UNOWNED, "", Owner.UNOWNED, "outside clusters, no team or namespace tag",
                        c.billingPeriod());
            }
            sums.merge(key, c.cost(), Cost::plus);
        }
        List<CostAllocationDaily> out = new ArrayList<>();
        sums.forEach((k, cost) -> out.add(new CostAllocationDaily(day, "", k.namespace(), k.kind(), k.name(),
                k.category().name(), k.currency(), k.origin().resourceId(), k.origin().subAccountId(), cost.billed(),
                cost.effective(), cost.list(), k.team(), k.costCenter(), k.source(),
                k.method(), policies, false, LocalDate.parse(k.period()), version)));
        return out;
    }
}
