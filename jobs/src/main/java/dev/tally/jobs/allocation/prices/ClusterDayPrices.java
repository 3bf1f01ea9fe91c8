package dev.tally.jobs.allocation.prices;

import dev.tally.common.prices.AllocatedPrices;
import dev.tally.jobs.allocation.day.AllocationPolicy;
import dev.tally.jobs.allocation.day.AllocationRow;
import dev.tally.jobs.allocation.day.ClusterDayAllocation;
import dev.tally.jobs.allocation.day.ContainerHourUsage;
import dev.tally.jobs.allocation.day.CostCategory;
import dev.tally.jobs.allocation.day.DistributionPolicy;
import dev.tally.jobs.allocation.day.NodeHourUsage;
import dev.tally.jobs.allocation.day.WorkloadKey;
import dev.tally.jobs.allocation.money.Cost;
import dev.tally.jobs.allocation.stream.ContainerHourInput;
import dev.tally.jobs.allocation.stream.CostLineInput;
import dev.tally.jobs.allocation.stream.NodeHourInput;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a cluster-day's allocation charged per requested core-hour and GiB-hour (docs/allocation.md,
 * "Allocated prices"), for the rightsizing job's money:
 * <ul>
 *   <li>a node's price per core-hour is its day's CPU part ({@link dev.tally.jobs.allocation.node.CpuRamWeighting})
 *       over its core-hours, per GiB-hour its memory part over its GiB-hours: exactly what the node-hour rule
 *       charges a container per claimed core-hour or GiB-hour;</li>
 *   <li>the cluster's price: all priced nodes' parts over all their core-hours (GiB-hours);</li>
 *   <li>a workload's price: its nodes' prices weighted by what it was charged for there (max(request, usage)),
 *       so a workload on a dearer pool gets the dearer price; the cluster's where it claimed none of a resource.</li>
 * </ul>
 * The nodes' CPU and memory parts come from the allocation rules themselves: the day's cost rows are
 * allocated once more to two probe containers per node-hour, one claiming all its cores and no
 * memory, the other all its memory, so node matching (VM names, scale-set-wide rows, OS disks) is
 * the allocation's, not a second copy of it. Nodes that got no cost, or report no capacity, are not
 * priced. Both views (billed, effective) and each currency on their own; prices kept to 10 decimal places.
 */
public final class ClusterDayPrices {
    private static final int PRICE_SCALE = 10;
    private static final int HOURS_SCALE = 20;
    private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);
    private static final String CPU_PROBE = "cpu";
    private static final String MEMORY_PROBE = "memory";
    private static final String PROBE_KIND = "Node";

    private final ClusterDayAllocation probeAllocation;

    public ClusterDayPrices(AllocationPolicy policy) {
        // every node's parts stay with its probes: no idle or shared distribution, no platform namespace
        this.probeAllocation = new ClusterDayAllocation(policy.withIdle(DistributionPolicy.NONE)
                .withShared(DistributionPolicy.NONE).withPlatformNamespaces(Set.of()));
    }

    /** The cluster's prices and each charged workload's, per currency of the day's cost rows. */
    public List<AllocatedPrices> compute(String cluster, LocalDate day, Collection<CostLineInput> costs,
                                         Collection<NodeHourInput> nodes, Collection<ContainerHourInput> containers, long version) {
        Map<String, Capacity> capacity = new TreeMap<>();
        List<NodeHourUsage> nodeHours = new ArrayList<>(nodes.size());
        List<ContainerHourUsage> probes = new ArrayList<>(2 * nodes.size());
        for (NodeHourInput n : nodes) {
            NodeHourUsage h = new NodeHourUsage(n.node(), Instant.ofEpochSecond(n.hourEpochSecond()), n.cpuCores(),
                    n.memoryBytes(), n.secondsPresent());
            nodeHours.add(h);
            String node = h.node().toLowerCase(Locale.ROOT);
            capacity.computeIfAbsent(node, k -> new Capacity()).add(h);
            probes.add(new ContainerHourUsage(h.hour(), h.node(), new WorkloadKey(CPU_PROBE, PROBE_KIND, node), CPU_PROBE,
                    h.cpuCores().multiply(h.secondsPresent()), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO));
            probes.add(new ContainerHourUsage(h.hour(), h.node(), new WorkloadKey(MEMORY_PROBE, PROBE_KIND, node), MEMORY_PROBE,
                    BigDecimal.ZERO, BigDecimal.ZERO, h.memoryBytes().multiply(h.secondsPresent()), BigDecimal.ZERO));
        }
        // currency → node → its day's CPU part and memory part
        Map<String, Map<String, Cost[]>> parts = new TreeMap<>();
        for (AllocationRow r : probeAllocation.allocate(costs.stream().map(CostLineInput::row).toList(), nodeHours, probes)) {
            WorkloadKey w = r.workload();
            if (r.category() != CostCategory.COMPUTE || !w.kind().equals(PROBE_KIND)) {
                continue;
            }
            Cost[] nodeParts = parts.computeIfAbsent(r.cost().currency(), c -> new TreeMap<>())
                    .computeIfAbsent(w.name(), n -> new Cost[] {Cost.zero(r.cost().currency()), Cost.zero(r.cost().currency())});
            int at = w.namespace().equals(CPU_PROBE) ? 0 : 1;
            nodeParts[at] = nodeParts[at].plus(r.cost());
        }
        List<AllocatedPrices> out = new ArrayList<>();
        parts.forEach((currency, byNode) -> out.addAll(currencyPrices(cluster, day, currency, byNode, capacity, containers,
                version)));
        return out;
    }

    private static List<AllocatedPrices> currencyPrices(String cluster, LocalDate day, String currency, Map<String, Cost[]> byNode,
                                                        Map<String, Capacity> capacity, Collection<ContainerHourInput> containers,
                                                        long version) {
        Map<String, Rates> nodeRates = new TreeMap<>();
        Cost cpuTotal = Cost.zero(currency);
        Cost memoryTotal = Cost.zero(currency);
        BigDecimal coreSeconds = BigDecimal.ZERO;
        BigDecimal byteSeconds = BigDecimal.ZERO;
        for (Map.Entry<String, Cost[]> e : byNode.entrySet()) {
            Capacity c = capacity.get(e.getKey());
            if (c == null || c.coreSeconds.signum() == 0 || c.byteSeconds.signum() == 0) {
                continue;
            }
            nodeRates.put(e.getKey(), Rates.of(e.getValue()[0], c.coreSeconds, e.getValue()[1], c.byteSeconds));
            cpuTotal = cpuTotal.plus(e.getValue()[0]);
            memoryTotal = memoryTotal.plus(e.getValue()[1]);
            coreSeconds = coreSeconds.add(c.coreSeconds);
            byteSeconds = byteSeconds.add(c.byteSeconds);
        }
        if (nodeRates.isEmpty()) {
            return List.of();
        }
        Rates clusterRates = Rates.of(cpuTotal, coreSeconds, memoryTotal, byteSeconds);
        List<AllocatedPrices> out = new ArrayList<>();
        out.add(clusterRates.prices(cluster, day, new WorkloadKey("", "", ""), currency, version));
        Map<WorkloadKey, Weighted> workloads = new TreeMap<>(java.util.Comparator.comparing(WorkloadKey::namespace)
                .thenComparing(WorkloadKey::kind).thenComparing(WorkloadKey::name));
        for (ContainerHourInput u : containers) {
            Rates rates = nodeRates.get(u.node().toLowerCase(Locale.ROOT));
            if (rates != null) {
                workloads.computeIfAbsent(new WorkloadKey(u.namespace(), u.workloadKind(), u.workloadName()), w -> new Weighted())
                        .add(u, rates);
            }
        }
        workloads.forEach((w, weighted) -> out.add(weighted.rates(clusterRates).prices(cluster, day, w, currency, version)));
        return out;
    }

    /** A node's core-seconds and byte-seconds of the day. */
    private static final class Capacity {
        BigDecimal coreSeconds = BigDecimal.ZERO;
        BigDecimal byteSeconds = BigDecimal.ZERO;

        void add(NodeHourUsage h) {
            coreSeconds = coreSeconds.add(h.cpuCores().multiply(h.secondsPresent()));
            byteSeconds = byteSeconds.add(h.memoryBytes().multiply(h.secondsPresent()));
        }
    }

    /** Prices per core-hour and per GiB-hour, billed and effective. */
    private record Rates(BigDecimal billedCpu, BigDecimal billedMemory, BigDecimal effectiveCpu, BigDecimal effectiveMemory) {

        static Rates of(Cost cpu, BigDecimal coreSeconds, Cost memory, BigDecimal byteSeconds) {
            // both rounded: a node present part of an hour (an hour still open, a node started at :17) has
            // seconds that 3600 does not divide, and byte-seconds over 2^30 × 3600 have no finite decimal then
            BigDecimal gibHours = byteSeconds.divide(GIB.multiply(SECONDS_PER_HOUR), HOURS_SCALE, RoundingMode.HALF_EVEN);
            BigDecimal coreHours = coreSeconds.divide(SECONDS_PER_HOUR, HOURS_SCALE, RoundingMode.HALF_EVEN);
            return new Rates(per(cpu.billed(), coreHours), per(memory.billed(), gibHours),
                    per(cpu.effective(), coreHours), per(memory.effective(), gibHours));
        }

        static BigDecimal per(BigDecimal amount, BigDecimal hours) {
            return amount.divide(hours, PRICE_SCALE, RoundingMode.HALF_EVEN);
        }

        AllocatedPrices prices(String cluster, LocalDate day, WorkloadKey w, String currency, long version) {
            return new AllocatedPrices(cluster, day, w.namespace(), w.kind(), w.name(), currency, billedCpu, billedMemory,
                    effectiveCpu, effectiveMemory, version);
        }
    }

    /** A workload's node prices weighted by what it was charged for on each node (max(request, usage)). */
    private static final class Weighted {
        BigDecimal cpuWeight = BigDecimal.ZERO;
        BigDecimal memoryWeight = BigDecimal.ZERO;
        final BigDecimal[] cpuSums = {BigDecimal.ZERO, BigDecimal.ZERO};
        final BigDecimal[] memorySums = {BigDecimal.ZERO, BigDecimal.ZERO};

        void add(ContainerHourInput u, Rates node) {
            BigDecimal cpu = u.cpuRequestCoreSeconds().max(u.cpuUsageCoreSeconds()).max(BigDecimal.ZERO);
            BigDecimal memory = u.memoryRequestByteSeconds().max(u.memoryUsageByteSeconds()).max(BigDecimal.ZERO);
            cpuWeight = cpuWeight.add(cpu);
            memoryWeight = memoryWeight.add(memory);
            cpuSums[0] = cpuSums[0].add(cpu.multiply(node.billedCpu()));
            cpuSums[1] = cpuSums[1].add(cpu.multiply(node.effectiveCpu()));
            memorySums[0] = memorySums[0].add(memory.multiply(node.billedMemory()));
            memorySums[1] = memorySums[1].add(memory.multiply(node.effectiveMemory()));
        }

        Rates rates(Rates cluster) {
            boolean cpu = cpuWeight.signum() > 0;
            boolean memory = memoryWeight.signum() > 0;
            return new Rates(cpu ? Rates.per(cpuSums[0], cpuWeight) : cluster.billedCpu(),
                    memory ? Rates.per(memorySums[0], memoryWeight) : cluster.billedMemory(),
                    cpu ? Rates.per(cpuSums[1], cpuWeight) : cluster.effectiveCpu(),
                    memory ? Rates.per(memorySums[1], memoryWeight) : cluster.effectiveMemory());
        }
    }
}
