package dev.tally.local.fleet.costs;

import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.model.ClusterSpec;
import dev.tally.local.fleet.truth.GroundTruth;
import dev.tally.local.fleet.truth.NodeHour;
import dev.tally.local.fleet.truth.NodeUsage;
import dev.tally.local.fleet.truth.VolumeTruth;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The costs the simulated export must carry, computed from the {@link GroundTruth} (seconds
 * each node's VM existed per hour, the volumes and their creation) rather than from the rows,
 * so allocation tests can reconcile against it: per cluster, day and node the billed and
 * effective cost (VM plus OS disk), per claim its disk, per Service its public IP, per cluster
 * the shared rows (load balancer, outbound IP, uptime SLA), and per day the reservations' rows
 * of no cluster (unused hours: effective only; monthly purchase: billed only).
 */
public final class ExpectedCosts {

    /** Billed (actual, invoice) and effective (amortized) cost, exact. */
    public record Amount(BigDecimal billed, BigDecimal effective) {
        public static final Amount ZERO = new Amount(BigDecimal.ZERO, BigDecimal.ZERO);

        public Amount plus(Amount o) {
            return new Amount(billed.add(o.billed), effective.add(o.effective));
        }

        public static Amount same(BigDecimal cost) {
            return new Amount(cost, cost);
        }

        /** Both costs exactly equal (values compared, scale ignored). */
        public boolean sameAs(Amount o) {
            return billed.compareTo(o.billed) == 0 && effective.compareTo(o.effective) == 0;
        }
    }

    public record ClusterDay(String cluster, LocalDate day) implements Comparable<ClusterDay> {
        @Override
        public int compareTo(ClusterDay o) {
            int c = day.compareTo(o.day);
            return c != 0 ? c : cluster.compareTo(o.cluster);
        }
    }

    public record NodeDay(String cluster, LocalDate day, String node) implements Comparable<NodeDay> {
        @Override
        public int compareTo(NodeDay o) {
            int c = new ClusterDay(cluster, day).compareTo(new ClusterDay(o.cluster, o.day));
            return c != 0 ? c : node.compareTo(o.node);
        }
    }

    /**
     * A node's day: its VM ({@code vmName} as the export writes it, {@code <scale set>_<instance id>})
     * and its OS disk. A reserved VM is billed 0 and effective at the reservation's rate.
     */
    public record NodeDayCost(String pool, String vmName, BigDecimal vmHours, Amount vm, Amount osDisk, boolean reserved) {
        public Amount total() {
            return vm.plus(osDisk);
        }
    }

    /** A persistent volume claim's disk, or a Service's public IP, by namespace and name. */
    public record NamespacedDay(String cluster, LocalDate day, String namespace, String name)
            implements Comparable<NamespacedDay> {
        @Override
        public int compareTo(NamespacedDay o) {
            int c = new ClusterDay(cluster, day).compareTo(new ClusterDay(o.cluster, o.day));
            if (c == 0) {
                c = namespace.compareTo(o.namespace);
            }
            return c != 0 ? c : name.compareTo(o.name);
        }
    }

    private final Map<NodeDay, NodeDayCost> nodes;
    private final Map<NamespacedDay, Amount> claims;
    private final Map<NamespacedDay, Amount> serviceIps;
    private final Map<ClusterDay, Amount> clusterShared;
    private final Map<LocalDate, Amount> commitments;

    private ExpectedCosts(Map<NodeDay, NodeDayCost> nodes, Map<NamespacedDay, Amount> claims,
                          Map<NamespacedDay, Amount> serviceIps, Map<ClusterDay, Amount> clusterShared,
                          Map<LocalDate, Amount> commitments) {
        this.nodes = Collections.unmodifiableMap(nodes);
        this.claims = Collections.unmodifiableMap(claims);
        this.serviceIps = Collections.unmodifiableMap(serviceIps);
        this.clusterShared = Collections.unmodifiableMap(clusterShared);
        this.commitments = Collections.unmodifiableMap(commitments);
    }

    /**
     * The expected costs of the days {@code [from, to)}; {@code truth} must be the simulator's
     * ground truth of exactly those days.
     */
    public static ExpectedCosts of(GroundTruth truth, FleetSpec fleet, FleetCostSpec spec, LocalDate from, LocalDate to) {
        FleetPrices prices = spec.prices();
        long origin = fleet.origin().getEpochSecond();
        Map<NodeDay, long[]> secondsAndHours = new TreeMap<>();
        Map<NodeDay, NodeUsage> usage = new TreeMap<>();
        for (Map.Entry<NodeHour, NodeUsage> e : truth.nodes().entrySet()) {
            NodeHour h = e.getKey();
            LocalDate day = LocalDate.ofInstant(h.hour(), ZoneOffset.UTC);
            if (day.isBefore(from) || !day.isBefore(to) || e.getValue().existedSeconds() <= 0) {
                continue;
            }
            NodeDay key = new NodeDay(h.cluster(), day, h.node());
            long[] acc = secondsAndHours.computeIfAbsent(key, k -> new long[2]);
            acc[0] += e.getValue().existedSeconds();
            acc[1]++;
            usage.putIfAbsent(key, e.getValue());
        }
        Map<NodeDay, NodeDayCost> nodes = new TreeMap<>();
        for (Map.Entry<NodeDay, long[]> e : secondsAndHours.entrySet()) {
            NodeDay key = e.getKey();
            NodeUsage u = usage.get(key);
            BigDecimal hours = CostRules.hours(e.getValue()[0]);
            BigDecimal list = hours.multiply(prices.vmPerHour(u.vmSize()));
            Reservation r = spec.reservationFor(key.cluster(), u.pool());
            boolean reserved = r != null && r.covers(key.day());
            Amount vm = reserved ? new Amount(BigDecimal.ZERO, hours.multiply(r.hourlyRate())) : Amount.same(list);
            FleetPrices.DiskPrice os = prices.osDisk();
            Amount osDisk = Amount.same(CostRules.diskMonths((int) e.getValue()[1]).multiply(os.perMonth()));
            String vmss = u.vmssResourceId().substring(u.vmssResourceId().lastIndexOf('/') + 1);
            nodes.put(key, new NodeDayCost(u.pool(), vmss + "_" + u.instanceId(), hours, vm, osDisk, reserved));
        }

        Map<NamespacedDay, Amount> claims = new TreeMap<>();
        Map<NamespacedDay, Amount> serviceIps = new TreeMap<>();
        Map<ClusterDay, Amount> shared = new TreeMap<>();
        Map<LocalDate, Amount> commitments = new TreeMap<>();
        for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
            long dayStart = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            long dayEnd = dayStart + CostRules.DAY;
            for (VolumeTruth v : truth.volumes()) {
                int hours = CostRules.hoursStarted(v.created().getEpochSecond(), Long.MAX_VALUE, dayStart, dayEnd);
                if (hours > 0) {
                    BigDecimal monthly = prices.disk(v.diskSku(), v.sizeBytes()).perMonth();
                    claims.merge(new NamespacedDay(v.cluster(), day, v.namespace(), v.claim()),
                            Amount.same(CostRules.diskMonths(hours).multiply(monthly)), Amount::plus);
                }
            }
            int clusterHours = CostRules.hoursStarted(origin, Long.MAX_VALUE, dayStart, dayEnd);
            if (clusterHours == 0) {
                continue;
            }
            BigDecimal hours = BigDecimal.valueOf(clusterHours);
            for (ClusterSpec c : fleet.clusters()) {
                BigDecimal cost = hours.multiply(prices.loadBalancerPerHour().add(prices.publicIpPerHour()));
                if (spec.uptimeSlaClusters().contains(c.name())) {
                    cost = cost.add(hours.multiply(prices.uptimeSlaPerHour()));
                }
                shared.put(new ClusterDay(c.name(), day), Amount.same(cost));
            }
            for (FleetCostSpec.ServiceIp s : spec.serviceIps()) {
                serviceIps.put(new NamespacedDay(s.cluster(), day, s.namespace(), s.service()),
                        Amount.same(hours.multiply(prices.publicIpPerHour())));
            }
            for (Reservation r : spec.reservations()) {
                Amount a = Amount.ZERO;
                if (r.covers(day)) {
                    BigDecimal used = BigDecimal.ZERO;
                    for (Map.Entry<NodeDay, NodeDayCost> n : nodes.entrySet()) {
                        if (n.getKey().day().equals(day) && n.getKey().cluster().equals(r.cluster())
                                && n.getValue().pool().equals(r.pool())) {
                            used = used.add(n.getValue().vmHours());
                        }
                    }
                    BigDecimal unused = FleetCostExport.reservedHours(r, day, origin).subtract(used);
                    if (unused.signum() > 0) {
                        a = a.plus(new Amount(BigDecimal.ZERO, unused.multiply(r.hourlyRate())));
                    }
                }
                if (!r.paymentDays(day, day.plusDays(1)).isEmpty()) {
                    a = a.plus(new Amount(r.monthlyPayment(), BigDecimal.ZERO));
                }
                if (!a.sameAs(Amount.ZERO)) {
                    commitments.merge(day, a, Amount::plus);
                }
            }
        }
        return new ExpectedCosts(nodes, claims, serviceIps, shared, commitments);
    }

    public Map<NodeDay, NodeDayCost> nodes() {
        return nodes;
    }

    public Map<NamespacedDay, Amount> claims() {
        return claims;
    }

    public Map<NamespacedDay, Amount> serviceIps() {
        return serviceIps;
    }

    /** Load balancer, outbound IP and uptime SLA of each cluster-day. */
    public Map<ClusterDay, Amount> clusterShared() {
        return clusterShared;
    }

    /** Per day, the reservations' rows of no cluster: unused hours (effective) and purchases (billed). */
    public Map<LocalDate, Amount> commitments() {
        return commitments;
    }

    /** Everything a cluster's rows carry on a day. */
    public Amount clusterDay(String cluster, LocalDate day) {
        Amount a = clusterShared.getOrDefault(new ClusterDay(cluster, day), Amount.ZERO);
        for (Map.Entry<NodeDay, NodeDayCost> e : nodes.entrySet()) {
            if (e.getKey().cluster().equals(cluster) && e.getKey().day().equals(day)) {
                a = a.plus(e.getValue().total());
            }
        }
        for (Map<NamespacedDay, Amount> m : java.util.List.of(claims, serviceIps)) {
            for (Map.Entry<NamespacedDay, Amount> e : m.entrySet()) {
                if (e.getKey().cluster().equals(cluster) && e.getKey().day().equals(day)) {
                    a = a.plus(e.getValue());
                }
            }
        }
        return a;
    }

    /** What the reservation spread over a cluster's reserved VMs that day: their effective minus billed cost. */
    public BigDecimal reservationAmortization(String cluster, LocalDate day) {
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<NodeDay, NodeDayCost> e : nodes.entrySet()) {
            if (e.getKey().cluster().equals(cluster) && e.getKey().day().equals(day) && e.getValue().reserved()) {
                sum = sum.add(e.getValue().vm().effective());
            }
        }
        return sum;
    }

    /** The whole export: every cluster-day plus the reservations' own rows. */
    public Amount total() {
        Amount a = Amount.ZERO;
        for (NodeDayCost n : nodes.values()) {
            a = a.plus(n.total());
        }
        for (Amount x : claims.values()) {
            a = a.plus(x);
        }
        for (Amount x : serviceIps.values()) {
            a = a.plus(x);
        }
        for (Amount x : clusterShared.values()) {
            a = a.plus(x);
        }
        for (Amount x : commitments.values()) {
            a = a.plus(x);
        }
        return a;
    }
}
