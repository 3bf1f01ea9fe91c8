package dev.tally.jobs.allocation.stream;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The price table for estimates before a day's export arrives: pay-as-you-go prices of common
 * AKS VM sizes per hour and of disks per GiB-month by storage class, in one currency. Estimates
 * are marked as such and replaced by the export's actual rows.
 */
public record ListPrices(String currency, Map<String, BigDecimal> vmHourPrices, Map<String, BigDecimal> diskGibMonthPrices)
        implements Serializable {
    /** Hours in Azure's disk month (730), for a per-month disk price spread over hours. */
    public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);

    public ListPrices {
        vmHourPrices = lowerCased(vmHourPrices);
        diskGibMonthPrices = lowerCased(diskGibMonthPrices);
    }

    /** Pay-as-you-go list prices in USD (Linux, East US, 2026) of the VM sizes and disk classes AKS uses most. */
    public static ListPrices defaults() {
        Map<String, BigDecimal> vms = new TreeMap<>();
        vms.put("Standard_D2s_v5", new BigDecimal("0.096"));
        vms.put("Standard_D4s_v5", new BigDecimal("0.192"));
        vms.put("Standard_D8s_v5", new BigDecimal("0.384"));
        vms.put("Standard_D16s_v5", new BigDecimal("0.768"));
        vms.put("Standard_E4s_v5", new BigDecimal("0.252"));
        vms.put("Standard_E8s_v5", new BigDecimal("0.504"));
        vms.put("Standard_F8s_v2", new BigDecimal("0.338"));
        vms.put("Standard_DS2_v2", new BigDecimal("0.146"));
        vms.put("Standard_B2s", new BigDecimal("0.0416"));
        Map<String, BigDecimal> disks = new TreeMap<>();
        disks.put("managed-csi", new BigDecimal("0.075"));          // Standard SSD
        disks.put("managed-csi-premium", new BigDecimal("0.15"));   // Premium SSD
        disks.put("default", new BigDecimal("0.075"));
        disks.put("managed-premium", new BigDecimal("0.15"));
        return new ListPrices("USD", vms, disks);
    }

    public Optional<BigDecimal> vmHourPrice(String vmSize) {
        return Optional.ofNullable(vmHourPrices.get(vmSize.toLowerCase(Locale.ROOT)));
    }

    public Optional<BigDecimal> diskGibMonthPrice(String storageClass) {
        return Optional.ofNullable(diskGibMonthPrices.get(storageClass.toLowerCase(Locale.ROOT)));
    }

    private static Map<String, BigDecimal> lowerCased(Map<String, BigDecimal> prices) {
        Map<String, BigDecimal> out = new TreeMap<>();
        prices.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return Map.copyOf(out);
    }
}
