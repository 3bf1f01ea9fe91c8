package dev.tally.local.fleet.costs;

import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.model.ClusterSpec;
import dev.tally.local.fleet.model.Names;
import dev.tally.local.fleet.model.Noise;
import dev.tally.local.fleet.model.VmSize;
import dev.tally.local.fleet.sim.ClusterTimeline;
import dev.tally.local.fleet.sim.NodePlan;
import dev.tally.local.fleet.sim.VolumePlan;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fleet's Azure cost export, as Cost Management would write it for the simulated clusters:
 * per day and cluster one row per VMSS instance (hours the VM existed that day per the node
 * timeline), its OS disk, each persistent volume's disk, the cluster's load balancer, outbound
 * and Service public IPs, and the uptime SLA; plus, per reservation, its monthly purchase
 * (actual view) or its unused hours (amortized view). Written as EA amortized and actual cost
 * details in the real column layout ({@link EaCsvWriter}) and as FOCUS 1.0 ({@link FocusCsvWriter}).
 * A pure function of the fleet spec, the cost spec and the days: same input, same bytes.
 */
public final class FleetCostExport {
    private static final DateTimeFormatter FILE_DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final FleetSimulator simulator;
    private final FleetSpec fleet;
    private final FleetCostSpec spec;

    public FleetCostExport(FleetSimulator simulator, FleetCostSpec spec) {
        this.simulator = simulator;
        this.fleet = simulator.spec();
        this.spec = spec;
        spec.check(fleet);
    }

    public FleetCostSpec spec() {
        return spec;
    }

    /** The files {@link #write} made and their row counts (header excluded). */
    public record Written(Path eaAmortized, long eaAmortizedRows, Path eaActual, long eaActualRows, Path focus,
                         long focusRows, BigDecimal billedTotal, BigDecimal effectiveTotal) {
    }

    /** Every row of the days {@code [from, to)}: by day, then cluster (spec order), then the reservations' rows. */
    public List<CostRow> rows(LocalDate from, LocalDate to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("empty day range [" + from + ", " + to + ")");
        }
        List<CostRow> out = new ArrayList<>();
        for (LocalDate day = from; day.isBefore(to); day = day.plusDays(1)) {
            Map<Reservation, BigDecimal> usedHours = new LinkedHashMap<>();
            for (ClusterSpec cluster : fleet.clusters()) {
                clusterDay(cluster, day, out, usedHours);
            }
            for (Reservation r : spec.reservations()) {
                commitmentRows(r, day, usedHours.getOrDefault(r, BigDecimal.ZERO), out);
            }
        }
        return out;
    }

    /** Writes the three files for {@code [from, to)} into {@code dir}, telling {@code progress} what it does. */
    public Written write(Path dir, LocalDate from, LocalDate to, Consumer<String> progress) throws IOException {
        Files.createDirectories(dir);
        String range = from.format(FILE_DAY) + "-" + to.minusDays(1).format(FILE_DAY);
        progress.accept("pricing " + fleet.clusters().size() + " clusters over " + (to.toEpochDay() - from.toEpochDay())
                + " days (" + from + " to " + to.minusDays(1) + ")");
        List<CostRow> rows = rows(from, to);
        Path amortized = dir.resolve("EA_AmortizedCost_" + range + ".csv");
        Path actual = dir.resolve("EA_ActualCost_" + range + ".csv");
        Path focus = dir.resolve("FOCUS_1.0_Cost_" + range + ".csv");
        long amortizedRows;
        try (Writer w = writer(amortized)) {
            amortizedRows = new EaCsvWriter(spec.account(), CostView.AMORTIZED).write(w, rows);
        }
        progress.accept("wrote " + amortized + " (" + amortizedRows + " rows)");
        long actualRows;
        try (Writer w = writer(actual)) {
            actualRows = new EaCsvWriter(spec.account(), CostView.ACTUAL).write(w, rows);
        }
        progress.accept("wrote " + actual + " (" + actualRows + " rows)");
        long focusRows;
        try (Writer w = writer(focus)) {
            focusRows = new FocusCsvWriter(spec.account()).write(w, rows);
        }
        progress.accept("wrote " + focus + " (" + focusRows + " rows)");
        BigDecimal billed = rows.stream().map(CostRow::billedCost).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal effective = rows.stream().map(CostRow::effectiveCost).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Written(amortized, amortizedRows, actual, actualRows, focus, focusRows, billed, effective);
    }

    private static Writer writer(Path file) throws IOException {
        return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ one cluster's day

    private void clusterDay(ClusterSpec cluster, LocalDate day, List<CostRow> out, Map<Reservation, BigDecimal> usedHours) {
        long dayStart = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long dayEnd = dayStart + CostRules.DAY;
        long origin = fleet.origin().getEpochSecond();
        if (origin >= dayEnd) {
            return;
        }
        ClusterTimeline timeline = simulator.timeline(cluster.name());
        String subscription = cluster.subscriptionId();
        String subscriptionName = subscriptionName(cluster);
        String nodeRg = cluster.nodeResourceGroup();
        FleetPrices prices = spec.prices();

        for (NodePlan n : timeline.nodesOverlapping(dayStart, dayEnd)) {
            long seconds = CostRules.secondsWithin(n.created(), n.deleted(), dayStart, dayEnd);
            if (seconds == 0) {
                continue;
            }
            VmSize size = n.vmSize();
            BigDecimal hours = CostRules.hours(seconds);
            BigDecimal listPrice = prices.vmPerHour(size);
            BigDecimal listCost = hours.multiply(listPrice);
            Reservation r = spec.reservationFor(cluster.name(), n.pool().name());
            boolean reserved = r != null && r.covers(day);
            String vmName = n.vmssName() + "_" + n.instanceId();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("UsageType", "ComputeHR");
            info.put("ImageType", "Canonical");
            info.put("ServiceType", size.armSkuName());
            info.put("VMName", vmName);
            info.put("VMProperties", "Microsoft.AKS.Compute.AKS.Linux.Billing");
            info.put("VCPUs", size.vcpus());
            Meter meter = Meter.vm(size);
            if (reserved) {
                info.put("ReservationOrderId", r.orderId());
                info.put("ReservationId", r.reservationId());
                info.put("ConsumptionMeter", meter.meterId());
                info.put("RINormalizationRatio", 1);
                BigDecimal amortized = hours.multiply(r.hourlyRate());
                usedHours.merge(r, hours, BigDecimal::add);
                out.add(new CostRow(day, cluster.name(), CostRow.Kind.VM, subscription, subscriptionName, nodeRg,
                        n.vmssResourceId(), n.vmssName(), meter, CostRow.ChargeType.USAGE, hours, listPrice,
                        r.hourlyRate(), BigDecimal.ZERO, amortized, listCost, r, info, nodeTags(cluster, n), n.name()));
            } else {
                out.add(new CostRow(day, cluster.name(), CostRow.Kind.VM, subscription, subscriptionName, nodeRg,
                        n.vmssResourceId(), n.vmssName(), meter, CostRow.ChargeType.USAGE, hours, listPrice, listPrice,
                        listCost, listCost, listCost, null, info, nodeTags(cluster, n), n.name()));
            }
            FleetPrices.DiskPrice os = prices.osDisk();
            String osDiskName = vmName + "_OsDisk_1_" + Names.hex(Noise.key(fleet.seed(), "osdisk", cluster.name(), n.name()), 32);
            out.add(diskRow(day, cluster, CostRow.Kind.OS_DISK, osDiskName, os,
                    CostRules.hoursStarted(n.created(), n.deleted(), dayStart, dayEnd), nodeTags(cluster, n), n.name()));
        }

        for (VolumePlan v : timeline.volumes()) {
            int hours = CostRules.hoursStarted(v.created(), Long.MAX_VALUE, dayStart, dayEnd);
            if (hours == 0) {
                continue;
            }
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("k8s-azure-created-by", "kubernetes-azure-dd");
            tags.put("kubernetes.io-created-for-pv-name", v.volumeName());
            tags.put("kubernetes.io-created-for-pvc-name", v.claimName());
            tags.put("kubernetes.io-created-for-pvc-namespace", v.namespace());
            out.add(diskRow(day, cluster, CostRow.Kind.VOLUME_DISK, v.volumeName(),
                    prices.disk(v.storageClass().diskSku(), v.sizeBytes()), hours, tags, null));
        }

        int clusterHours = CostRules.hoursStarted(origin, Long.MAX_VALUE, dayStart, dayEnd);
        Map<String, String> managed = new LinkedHashMap<>();
        managed.put("aks-managed-cluster-name", cluster.name());
        managed.put("aks-managed-cluster-rg", cluster.resourceGroup());
        out.add(hourly(day, cluster, CostRow.Kind.LOAD_BALANCER, nodeRg, armId(cluster, nodeRg, "Microsoft.Network/loadBalancers", "kubernetes"),
                "kubernetes", Meter.loadBalancer(), prices.loadBalancerPerHour(), clusterHours, managed));
        Map<String, String> outbound = new LinkedHashMap<>(managed);
        outbound.put("aks-managed-type", "aks-slb-managed-outbound-ip");
        String outboundIp = Names.uuid(Noise.key(fleet.seed(), "outbound-ip", cluster.name()));
        out.add(hourly(day, cluster, CostRow.Kind.OUTBOUND_IP, nodeRg,
                armId(cluster, nodeRg, "Microsoft.Network/publicIPAddresses", outboundIp), outboundIp, Meter.publicIp(),
                prices.publicIpPerHour(), clusterHours, outbound));
        for (FleetCostSpec.ServiceIp s : spec.serviceIps()) {
            if (!s.cluster().equals(cluster.name())) {
                continue;
            }
            // cloud-provider-azure names a Service's IP kubernetes-a<Service uid without dashes>.
            String ipName = "kubernetes-a" + Names.hex(Noise.key(fleet.seed(), "service", cluster.name(), s.namespace(), s.service()), 32);
            // As cloud-provider-azure tags it today (its cluster-name tag is "kubernetes" unless configured).
            Map<String, String> tags = new LinkedHashMap<>(managed);
            tags.put("k8s-azure-cluster-name", "kubernetes");
            tags.put("k8s-azure-service", s.namespace() + "/" + s.service());
            out.add(hourly(day, cluster, CostRow.Kind.SERVICE_IP, nodeRg,
                    armId(cluster, nodeRg, "Microsoft.Network/publicIPAddresses", ipName), ipName, Meter.publicIp(),
                    prices.publicIpPerHour(), clusterHours, tags));
        }
        if (spec.uptimeSlaClusters().contains(cluster.name())) {
            out.add(hourly(day, cluster, CostRow.Kind.UPTIME_SLA, cluster.resourceGroup(), cluster.resourceId(),
                    cluster.name(), Meter.uptimeSla(), prices.uptimeSlaPerHour(), clusterHours, Map.of()));
        }
    }

    private CostRow diskRow(LocalDate day, ClusterSpec cluster, CostRow.Kind kind, String diskName,
                            FleetPrices.DiskPrice price, int hours, Map<String, String> tags, String node) {
        BigDecimal quantity = CostRules.diskMonths(hours);
        BigDecimal cost = quantity.multiply(price.perMonth());
        String rg = cluster.nodeResourceGroup();
        return new CostRow(day, cluster.name(), kind, cluster.subscriptionId(), subscriptionName(cluster), rg,
                armId(cluster, rg, "Microsoft.Compute/disks", diskName), diskName, Meter.disk(price),
                CostRow.ChargeType.USAGE, quantity, price.perMonth(), price.perMonth(), cost, cost, cost, null, Map.of(),
                tags, node);
    }

    private CostRow hourly(LocalDate day, ClusterSpec cluster, CostRow.Kind kind, String rg, String id, String name,
                           Meter meter, BigDecimal price, int hours, Map<String, String> tags) {
        BigDecimal quantity = BigDecimal.valueOf(hours);
        BigDecimal cost = quantity.multiply(price);
        return new CostRow(day, cluster.name(), kind, cluster.subscriptionId(), subscriptionName(cluster), rg, id, name,
                meter, CostRow.ChargeType.USAGE, quantity, price, price, cost, cost, cost, null, Map.of(), tags, null);
    }

    // ------------------------------------------------------------------ reservations

    private void commitmentRows(Reservation r, LocalDate day, BigDecimal usedHours, List<CostRow> out) {
        ClusterSpec cluster = cluster(r.cluster());
        VmSize size = cluster.pool(r.pool()).vmSize();
        Meter meter = Meter.vm(size);
        if (r.covers(day)) {
            BigDecimal unused = reservedHours(r, day).subtract(usedHours);
            if (unused.signum() > 0) {
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("ReservationOrderId", r.orderId());
                info.put("ReservationId", r.reservationId());
                BigDecimal cost = unused.multiply(r.hourlyRate());
                out.add(new CostRow(day, null, CostRow.Kind.UNUSED_RESERVATION, cluster.subscriptionId(),
                        subscriptionName(cluster), "", r.benefitId(), r.reservationId(), meter,
                        CostRow.ChargeType.UNUSED_RESERVATION, unused, size.pricePerHour(), r.hourlyRate(),
                        BigDecimal.ZERO, cost, unused.multiply(size.pricePerHour()), r, info, Map.of(), null));
            }
        }
        if (!r.paymentDays(day, day.plusDays(1)).isEmpty()) {
            BigDecimal payment = r.monthlyPayment();
            out.add(new CostRow(day, null, CostRow.Kind.RESERVATION_PURCHASE, cluster.subscriptionId(),
                    subscriptionName(cluster), "", r.orderResourceId(), "", meter, CostRow.ChargeType.PURCHASE,
                    BigDecimal.ONE, payment, payment, payment, BigDecimal.ZERO, BigDecimal.ZERO, r, Map.of(), Map.of(),
                    null));
        }
    }

    /** Instance-hours the reservation offers on {@code day}: instances × the day's hours since the fleet's creation. */
    static BigDecimal reservedHours(Reservation r, LocalDate day, long origin) {
        long dayStart = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        int hours = CostRules.hoursStarted(origin, Long.MAX_VALUE, dayStart, dayStart + CostRules.DAY);
        return BigDecimal.valueOf((long) hours * r.instances());
    }

    private BigDecimal reservedHours(Reservation r, LocalDate day) {
        return reservedHours(r, day, fleet.origin().getEpochSecond());
    }

    // ------------------------------------------------------------------ names

    private ClusterSpec cluster(String name) {
        return fleet.clusters().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    static String subscriptionName(ClusterSpec cluster) {
        return "Tally " + cluster.name();
    }

    private static String armId(ClusterSpec cluster, String rg, String type, String name) {
        return "/subscriptions/" + cluster.subscriptionId() + "/resourceGroups/" + rg + "/providers/" + type + "/" + name;
    }

    /** The tags AKS puts on a pool's scale set (and its instances' disks). */
    private Map<String, String> nodeTags(ClusterSpec cluster, NodePlan n) {
        long seed = fleet.seed();
        String suffix = n.vmssName().substring(("aks-" + n.pool().name() + "-").length(), n.vmssName().length() - "-vmss".length());
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("aks-managed-createOperationID", Names.uuid(Noise.key(seed, "create-op", cluster.name(), n.pool().name())));
        tags.put("aks-managed-creationSource", "vmssclient-" + n.vmssName());
        tags.put("aks-managed-kubeletIdentityClientID", Names.uuid(Noise.key(seed, "kubelet-identity", cluster.name())));
        tags.put("aks-managed-operationID", Names.uuid(Noise.key(seed, "op", cluster.name(), n.pool().name())));
        tags.put("aks-managed-orchestrator", "Kubernetes:" + cluster.kubernetesVersion());
        tags.put("aks-managed-poolName", n.pool().name());
        tags.put("aks-managed-resourceNameSuffix", suffix);
        return tags;
    }
}
