package dev.tally.jobs.allocation.day;

import dev.tally.jobs.allocation.node.CpuRamWeighting;
import java.util.Set;

/**
 * The choices allocation makes, recorded on every output row.
 *
 * @param idle               what happens to idle node capacity; default {@link DistributionPolicy#NONE} (kept visible)
 * @param shared             what happens to cluster-wide costs; default {@link DistributionPolicy#BY_REQUESTS}
 * @param weighting          the CPU:RAM split of a node's cost
 * @param platformNamespaces namespaces whose compute is a shared cost (default kube-system, gatekeeper-system, calico-system)
 * @param logPrice           the price of log volume per GiB ({@link LogPrice}); default USD 2.30
 */
public record AllocationPolicy(DistributionPolicy idle, DistributionPolicy shared, CpuRamWeighting weighting,
                               Set<String> platformNamespaces, LogPrice logPrice) implements java.io.Serializable {
    public AllocationPolicy {
        platformNamespaces = Set.copyOf(platformNamespaces);
    }

    public static AllocationPolicy defaults() {
        return new AllocationPolicy(DistributionPolicy.NONE, DistributionPolicy.BY_REQUESTS, CpuRamWeighting.defaults(),
                Set.of("kube-system", "gatekeeper-system", "calico-system"), LogPrice.defaults());
    }

    /** The policies as recorded on each output row: {@code idle=none shared=by_requests cpu:ram=… platform=… logs=2.30 USD/GiB}. */
    public String describe() {
        return "idle=" + idle.name().toLowerCase(java.util.Locale.ROOT) + " shared=" + shared.name().toLowerCase(java.util.Locale.ROOT)
                + " cpu:ram=" + weighting.coreHourPrice().toPlainString() + ":" + weighting.gibHourPrice().toPlainString()
                + " platform=" + String.join(",", new java.util.TreeSet<>(platformNamespaces))
                + " logs=" + logPrice.describe();
    }

    public AllocationPolicy withIdle(DistributionPolicy policy) {
        return new AllocationPolicy(policy, shared, weighting, platformNamespaces, logPrice);
    }

    public AllocationPolicy withShared(DistributionPolicy policy) {
        return new AllocationPolicy(idle, policy, weighting, platformNamespaces, logPrice);
    }

    public AllocationPolicy withWeighting(CpuRamWeighting w) {
        return new AllocationPolicy(idle, shared, w, platformNamespaces, logPrice);
    }

    public AllocationPolicy withLogPrice(LogPrice price) {
        return new AllocationPolicy(idle, shared, weighting, platformNamespaces, price);
    }

    public AllocationPolicy withPlatformNamespaces(Set<String> namespaces) {
        return new AllocationPolicy(idle, shared, weighting, namespaces, logPrice);
    }
}
