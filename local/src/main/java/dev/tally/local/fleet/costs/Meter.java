package dev.tally.local.fleet.costs;

import dev.tally.local.fleet.model.Names;
import dev.tally.local.fleet.model.Noise;
import dev.tally.local.fleet.model.VmSize;

/**
 * What an Azure meter looks like in the export's product columns (EA names; FOCUS ones derived).
 *
 * @param unitOfMeasure EA's {@code UnitOfMeasure} ({@code 1 Hour}, {@code 1/Month})
 * @param focusUnit     FOCUS {@code PricingUnit}/{@code ConsumedUnit}
 */
public record Meter(String product, String partNumber, String meterId, String serviceFamily, String meterCategory,
                    String meterSubCategory, String meterRegion, String meterName, String unitOfMeasure,
                    String focusUnit, String consumedService, String planName, String focusServiceName,
                    String focusServiceCategory, String focusResourceType, String armResourceType) {

    static final String REGION_BILLING_NAME = "EU West";

    private static Meter of(String product, String serviceFamily, String category, String subCategory, String name,
                            String unit, String focusUnit, String consumedService, String plan, String serviceName,
                            String serviceCategory, String resourceType, String armType) {
        long key = Noise.key(0, "meter", product);
        String part = "A" + Names.hex(key, 2).toUpperCase(java.util.Locale.ROOT) + "-" + String.format("%05d", Noise.below(key, 100_000));
        return new Meter(product, part, Names.uuid(key), serviceFamily, category, subCategory, REGION_BILLING_NAME, name,
                unit, focusUnit, consumedService, plan, serviceName, serviceCategory, resourceType, armType);
    }

    /** {@code Virtual Machines Dsv5 Series - D8s v5 - EU West}. */
    public static Meter vm(VmSize size) {
        String shortName = size.armSkuName().replace("Standard_", "").replace('_', ' ');
        String series = shortName.charAt(0) + "sv5 Series";
        return of("Virtual Machines " + series + " - " + shortName + " - " + REGION_BILLING_NAME, "Compute",
                "Virtual Machines", series, shortName, "1 Hour", "Hours", "Microsoft.Compute", "",
                "Virtual Machines", "Compute", "Virtual machine scale set", "microsoft.compute/virtualmachinescalesets");
    }

    public static Meter disk(FleetPrices.DiskPrice d) {
        return of(d.meterSubCategory() + " - " + d.tier() + " LRS - " + REGION_BILLING_NAME, "Storage", "Storage",
                d.meterSubCategory(), d.meterName(), "1/Month", "Units/Month", "Microsoft.Compute", d.tier(),
                "Storage", "Storage", "Disk", "microsoft.compute/disks");
    }

    public static Meter loadBalancer() {
        return of("Load Balancer - Standard - Included LB Rules and Outbound Rules", "Networking", "Load Balancer",
                "", "Standard Included LB Rules and Outbound Rules", "1 Hour", "Hours", "Microsoft.Network", "Standard",
                "Load Balancer", "Networking", "Load balancer", "microsoft.network/loadbalancers");
    }

    public static Meter publicIp() {
        return of("IP Addresses - Standard IPv4 Static Public IP", "Networking", "Virtual Network", "IP Addresses",
                "Standard IPv4 Static Public IP", "1 Hour", "Hours", "Microsoft.Network", "Standard",
                "Virtual Network", "Networking", "Public IP address", "microsoft.network/publicipaddresses");
    }

    public static Meter uptimeSla() {
        return of("Azure Kubernetes Service - Standard - Uptime SLA", "Compute", "Azure Kubernetes Service",
                "Standard", "Standard Uptime SLA", "1 Hour", "Hours", "Microsoft.ContainerService", "Standard",
                "Azure Kubernetes Service", "Compute", "Kubernetes service",
                "microsoft.containerservice/managedclusters");
    }
}
