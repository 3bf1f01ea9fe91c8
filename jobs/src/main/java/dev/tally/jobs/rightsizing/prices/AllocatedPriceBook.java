package dev.tally.jobs.rightsizing.prices;

import dev.tally.common.prices.AllocatedPrices;
import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.PriceSource;
import java.util.function.Function;

/**
 * Which prices a container's money is at (docs/rightsizing.md, "Money"): the newest allocated
 * prices of its workload, else of its cluster, from the allocation job
 * ({@code tally.allocated-prices.v1}); else the configured ones. Allocated prices are taken in their
 * effective (amortized) view: what a core-hour costs with reservations and savings plans spread over
 * the hours they cover, so a day a reservation was bought does not make every core dear, nor a
 * covered core free. The job keeps them in broadcast state under {@link #key}.
 */
public final class AllocatedPriceBook {

    private AllocatedPriceBook() {
    }

    /** Where allocated prices are held: the workload's, or the cluster's for cluster-wide ones. */
    public static String key(AllocatedPrices p) {
        return key(p.cluster(), p.namespace(), p.workloadKind(), p.workloadName());
    }

    private static String key(String cluster, String namespace, String kind, String name) {
        return String.join("\u0000", cluster, namespace, kind, name);
    }

    /** True when {@code incoming} should replace what is held (nothing, or an older day or computation). */
    public static boolean replaces(AllocatedPrices incoming, AllocatedPrices held) {
        return held == null || incoming.newerThan(held);
    }

    /** @param held the allocated prices held under a {@link #key}, or null */
    public static ContainerPrices pricesFor(ContainerRef c, Function<String, AllocatedPrices> held, ConfiguredPrices configured) {
        AllocatedPrices workload = held.apply(key(c.cluster(), c.namespace(), c.workloadKind(), c.workloadName()));
        if (workload != null) {
            return new ContainerPrices(effective(workload), PriceSource.ALLOCATED_WORKLOAD);
        }
        AllocatedPrices cluster = held.apply(key(c.cluster(), "", "", ""));
        if (cluster != null) {
            return new ContainerPrices(effective(cluster), PriceSource.ALLOCATED_CLUSTER);
        }
        return new ContainerPrices(configured.pricesFor(c), PriceSource.CONFIGURED);
    }

    private static ResourcePrices effective(AllocatedPrices p) {
        return new ResourcePrices(p.effectiveCpuCoreHour(), p.effectiveMemoryGibHour(), p.currency());
    }
}
