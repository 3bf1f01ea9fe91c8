package dev.tally.local.fleet.costs;

import dev.tally.local.fleet.model.VmSize;
import java.math.BigDecimal;
import java.util.List;

/**
 * What the simulated export charges, USD, pay-as-you-go list prices.
 *
 * <p>Sources (recorded by the author from Microsoft's public pricing pages and the Azure Retail
 * Prices API in 2025; this machine has no network, so they were not re-checked when written in
 * November 2026, and West Europe disks use the US list prices as an approximation):
 * <ul>
 *   <li>VMs: {@link VmSize#pricePerHour()} (Linux, West Europe, per hour);</li>
 *   <li>managed disks (azure.microsoft.com/pricing/details/managed-disks), per month, LRS:
 *       Standard SSD E4 2.40 … E30 76.80, Premium SSD P4 5.28 … P30 135.17;</li>
 *   <li>Standard load balancer: 0.025 per hour (first five rules; data processed not modelled);</li>
 *   <li>Standard static IPv4 public IP: 0.005 per hour (the price the real EA sample shows);</li>
 *   <li>AKS Standard tier (uptime SLA): 0.10 per cluster-hour.</li>
 * </ul>
 * They drive the simulated export only: Tally allocates the export's own costs, never these.
 */
public record FleetPrices(List<DiskPrice> disks, BigDecimal loadBalancerPerHour, BigDecimal publicIpPerHour,
                          BigDecimal uptimeSlaPerHour) {

    /** One managed-disk tier: the smallest tier at least as large as a disk is what Azure bills. */
    public record DiskPrice(String sku, String tier, int gib, BigDecimal perMonth) {
        /** {@code P10 LRS Disk}, {@code E10 LRS Disk}: the meter's name in cost exports. */
        public String meterName() {
            return tier + " LRS Disk";
        }

        /** {@code Premium SSD Managed Disks} or {@code Standard SSD Managed Disks}. */
        public String meterSubCategory() {
            return sku.startsWith("Premium") ? "Premium SSD Managed Disks" : "Standard SSD Managed Disks";
        }
    }

    public FleetPrices {
        disks = List.copyOf(disks);
    }

    public static FleetPrices listPrices() {
        return new FleetPrices(List.of(
                disk("StandardSSD_LRS", "E4", 32, "2.40"),
                disk("StandardSSD_LRS", "E6", 64, "4.80"),
                disk("StandardSSD_LRS", "E10", 128, "9.60"),
                disk("StandardSSD_LRS", "E15", 256, "19.20"),
                disk("StandardSSD_LRS", "E20", 512, "38.40"),
                disk("StandardSSD_LRS", "E30", 1024, "76.80"),
                disk("Premium_LRS", "P4", 32, "5.28"),
                disk("Premium_LRS", "P6", 64, "10.21"),
                disk("Premium_LRS", "P10", 128, "19.71"),
                disk("Premium_LRS", "P15", 256, "38.02"),
                disk("Premium_LRS", "P20", 512, "73.22"),
                disk("Premium_LRS", "P30", 1024, "135.17")),
                new BigDecimal("0.025"), new BigDecimal("0.005"), new BigDecimal("0.10"));
    }

    private static DiskPrice disk(String sku, String tier, int gib, String perMonth) {
        return new DiskPrice(sku, tier, gib, new BigDecimal(perMonth));
    }

    public BigDecimal vmPerHour(VmSize size) {
        return size.pricePerHour();
    }

    /** The tier Azure bills a disk of this SKU and size at: the smallest one that holds it. */
    public DiskPrice disk(String sku, long sizeBytes) {
        long gib = (sizeBytes + (1L << 30) - 1) >> 30;
        DiskPrice best = null;
        for (DiskPrice d : disks) {
            if (d.sku().equals(sku) && d.gib() >= gib && (best == null || d.gib() < best.gib())) {
                best = d;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no price for a " + gib + " GiB " + sku + " disk");
        }
        return best;
    }

    /** AKS nodes' OS disk: 128 GiB Premium SSD (AKS's default managed OS disk for premium-capable sizes). */
    public DiskPrice osDisk() {
        return disk("Premium_LRS", 128L << 30);
    }
}
