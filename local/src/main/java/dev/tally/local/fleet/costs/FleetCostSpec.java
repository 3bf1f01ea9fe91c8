package dev.tally.local.fleet.costs;

import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.model.ClusterSpec;
import dev.tally.local.fleet.model.Names;
import dev.tally.local.fleet.model.NamespaceSpec;
import dev.tally.local.fleet.model.Noise;
import dev.tally.local.fleet.model.NodePoolSpec;
import dev.tally.local.fleet.model.WorkloadSpec;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the simulated cost export needs beyond the fleet: prices, the EA enrollment's names, the
 * reservations, which clusters pay for the uptime SLA, and which LoadBalancer Services have a
 * public IP of their own.
 */
public record FleetCostSpec(FleetPrices prices, BillingAccount account, List<Reservation> reservations,
                            Set<String> uptimeSlaClusters, List<ServiceIp> serviceIps) {

    /** The EA enrollment's identity as the export's account columns show it. */
    public record BillingAccount(String id, String name, String ownerId, String accountName, String invoiceSection,
                                 String costCenter, String offerId, String currency) {
    }

    /** A Service of type LoadBalancer whose public IP the cloud provider created in the node resource group. */
    public record ServiceIp(String cluster, String namespace, String service) {
    }

    public FleetCostSpec {
        reservations = List.copyOf(reservations);
        uptimeSlaClusters = Set.copyOf(uptimeSlaClusters);
        serviceIps = List.copyOf(serviceIps);
    }

    /**
     * The demo fleet's export: list prices; a 1-year reservation for {@code aks-prod-weu}'s
     * {@code apps} pool sized for its busiest hour (base nodes + the autoscaler's maximum), so
     * nights and weekends leave instances unused; the uptime SLA on every cluster; the
     * ingress controller's LoadBalancer IP in every cluster that runs one.
     */
    public static FleetCostSpec demo(FleetSpec fleet) {
        long seed = fleet.seed();
        List<Reservation> reservations = new ArrayList<>();
        LocalDate start = LocalDate.ofInstant(fleet.origin(), ZoneOffset.UTC);
        for (ClusterSpec c : fleet.clusters()) {
            if (c.name().equals("aks-prod-weu")) {
                NodePoolSpec apps = c.pool("apps");
                int instances = apps.baseNodes() + (apps.scalesOut() ? apps.autoscale().maxBurstNodes() : 0);
                // About 37% below pay-as-you-go, typical of a 1-year term; an assumption, not a quoted price.
                BigDecimal rate = apps.vmSize().pricePerHour().multiply(new BigDecimal("0.63"));
                reservations.add(new Reservation(c.name(), apps.name(), instances, rate, start, 12,
                        Names.uuid(Noise.key(seed, "reservation-order", c.name(), apps.name())),
                        Names.uuid(Noise.key(seed, "reservation", c.name(), apps.name())),
                        "RI_" + apps.vmSize().armSkuName() + "_" + c.name() + "_" + apps.name()));
            }
        }
        List<ServiceIp> ips = new ArrayList<>();
        for (ClusterSpec c : fleet.clusters()) {
            for (NamespaceSpec ns : c.namespaces()) {
                for (WorkloadSpec w : ns.workloads()) {
                    if (w.name().equals("ingress-nginx-controller")) {
                        ips.add(new ServiceIp(c.name(), ns.name(), w.name()));
                    }
                }
            }
        }
        BillingAccount account = new BillingAccount("71400321", "Tally Demo Enrollment (simulated)",
                "finops@tally.example", "Platform Engineering", "Platform", "CC-1000", "MS-AZR-0017P", "USD");
        return new FleetCostSpec(FleetPrices.listPrices(), account, reservations,
                Set.copyOf(fleet.clusters().stream().map(ClusterSpec::name).toList()), ips);
    }

    /** The reservation covering a pool of a cluster, or null. */
    public Reservation reservationFor(String cluster, String pool) {
        for (Reservation r : reservations) {
            if (r.cluster().equals(cluster) && r.pool().equals(pool)) {
                return r;
            }
        }
        return null;
    }

    /** Refuses what the export cannot model faithfully, naming it. */
    public void check(FleetSpec fleet) {
        for (Reservation r : reservations) {
            ClusterSpec c = fleet.clusters().stream().filter(x -> x.name().equals(r.cluster())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("reservation " + r.name() + ": no cluster " + r.cluster()));
            NodePoolSpec pool = c.pool(r.pool());
            int max = pool.baseNodes() + (pool.scalesOut() ? pool.autoscale().maxBurstNodes() : 0);
            if (max > r.instances()) {
                throw new IllegalArgumentException("reservation " + r.name() + ": pool " + r.pool() + " runs up to " + max
                        + " nodes but the reservation covers " + r.instances()
                        + " (splitting hours between reserved and pay-as-you-go VMs is not modelled)");
            }
        }
    }
}
