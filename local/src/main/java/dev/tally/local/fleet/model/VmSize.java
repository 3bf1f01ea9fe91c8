package dev.tally.local.fleet.model;

import java.math.BigDecimal;

/**
 * Azure VM sizes the demo node pools use, with their published vCPU count and memory.
 *
 * <p>Prices: USD per hour, list (retail) price, Linux, pay-as-you-go, region
 * {@code westeurope}, as the Azure Retail Prices API reports them
 * ({@code retailPrice} of the {@code Consumption} meter, e.g.
 * {@code https://prices.azure.com/api/retail/prices?$filter=serviceName eq 'Virtual Machines'
 * and armRegionName eq 'westeurope' and armSkuName eq 'Standard_D4s_v5' and priceType eq 'Consumption'}).
 * Recorded by the author from the 2025 price list; this machine has no network, so they were
 * not re-checked when written (2026). They drive the demo and the cost-export simulator only:
 * Tally's allocation always prices from the cost export's own rows, never from this table.
 */
public enum VmSize {
    STANDARD_D2S_V5("Standard_D2s_v5", 2, 8, "0.110"),
    STANDARD_D4S_V5("Standard_D4s_v5", 4, 16, "0.220"),
    STANDARD_D8S_V5("Standard_D8s_v5", 8, 32, "0.440"),
    STANDARD_D16S_V5("Standard_D16s_v5", 16, 64, "0.880"),
    STANDARD_E2S_V5("Standard_E2s_v5", 2, 16, "0.144"),
    STANDARD_E4S_V5("Standard_E4s_v5", 4, 32, "0.288"),
    STANDARD_E8S_V5("Standard_E8s_v5", 8, 64, "0.576");

    private static final long GIB = 1024L * 1024 * 1024;
    private static final long MIB = 1024L * 1024;
    private static final long KIB = 1024L;

    private final String armSkuName;
    private final int vcpus;
    private final int memoryGib;
    private final BigDecimal pricePerHour;

    VmSize(String armSkuName, int vcpus, int memoryGib, String pricePerHour) {
        this.armSkuName = armSkuName;
        this.vcpus = vcpus;
        this.memoryGib = memoryGib;
        this.pricePerHour = new BigDecimal(pricePerHour);
    }

    /** The ARM SKU name, as in {@code node.kubernetes.io/instance-type} and in cost exports. */
    public String armSkuName() {
        return armSkuName;
    }

    public int vcpus() {
        return vcpus;
    }

    public int memoryGib() {
        return memoryGib;
    }

    /** USD per hour, Linux pay-as-you-go list price in West Europe (see class comment). */
    public BigDecimal pricePerHour() {
        return pricePerHour;
    }

    public static VmSize ofArmSkuName(String name) {
        for (VmSize v : values()) {
            if (v.armSkuName.equalsIgnoreCase(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown VM size " + name);
    }

    /**
     * Memory the node reports as capacity: the guest kernel sees about 2.4% less than the
     * nominal size (firmware, kernel and crash-kernel reservations), rounded to whole KiB as
     * the kubelet reports it. An approximation of what AKS nodes show, not a published figure.
     */
    public long capacityMemoryBytes() {
        return (memoryGib * GIB * 976 / 1000) / KIB * KIB;
    }

    /**
     * CPU AKS reserves for the kubelet and system daemons (kube-reserved), by core count, as
     * documented for AKS node resource reservations: 60m for the first core, then less per
     * additional core.
     */
    public int kubeReservedCpuMillis() {
        int cores = vcpus;
        if (cores <= 1) {
            return 60;
        } else if (cores <= 2) {
            return 100;
        } else if (cores <= 4) {
            return 140;
        } else if (cores <= 8) {
            return 180;
        } else if (cores <= 16) {
            return 260;
        } else if (cores <= 32) {
            return 420;
        }
        return 740;
    }

    /**
     * Memory AKS reserves (Kubernetes 1.29+ formula): kube-reserved = min(20 MiB per max pod
     * + 50 MiB, 25% of memory), plus the 100 MiB hard eviction threshold.
     */
    public long reservedMemoryBytes(int maxPods) {
        long kubeReserved = Math.min(20 * MIB * maxPods + 50 * MIB, capacityMemoryBytes() / 4);
        return kubeReserved + 100 * MIB;
    }

    public long allocatableMemoryBytes(int maxPods) {
        return capacityMemoryBytes() - reservedMemoryBytes(maxPods);
    }

    public int allocatableCpuMillis() {
        return vcpus * 1000 - kubeReservedCpuMillis();
    }
}
