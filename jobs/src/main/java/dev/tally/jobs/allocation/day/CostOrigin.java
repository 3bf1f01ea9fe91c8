package dev.tally.jobs.allocation.day;

import java.util.Comparator;
import java.util.Locale;
import java.util.Objects;

/**
 * Which invoice resource an allocated amount came from: the export's {@code resourceId} (FOCUS
 * ResourceId: the scale set, the disk, the load balancer, the public IP, the AKS cluster resource …)
 * and its subscription ({@code subAccountId}, FOCUS SubAccountId). The resource id is empty on a
 * pool's shares handed on to workloads ({@link #pooled}), and both for money that is not on
 * the invoice (log volume) and for the marker of a day with no cost.
 */
public record CostOrigin(String resourceId, String subAccountId) implements Comparable<CostOrigin> {
    public static final CostOrigin NONE = new CostOrigin("", "");

    private static final Comparator<CostOrigin> ORDER = Comparator.comparing(CostOrigin::resourceId)
            .thenComparing(CostOrigin::subAccountId);

    public CostOrigin {
        resourceId = Objects.requireNonNullElse(resourceId, "");
        subAccountId = Objects.requireNonNullElse(subAccountId, "");
    }

    /**
     * A resource of a known id whose subscription the source does not say (a row priced from the
     * list-price table): the {@code /subscriptions/<id>} the Azure resource id starts with.
     */
    public static CostOrigin ofResource(String resourceId) {
        String id = Objects.requireNonNullElse(resourceId, "").toLowerCase(Locale.ROOT);
        String prefix = "/subscriptions/";
        if (!id.startsWith(prefix)) {
            return new CostOrigin(id, "");
        }
        int end = id.indexOf('/', prefix.length());
        return new CostOrigin(id, end < 0 ? id : id.substring(0, end));
    }

    /**
     * The origin of a pool's shares handed on to workloads (idle, or one category's shared costs,
     * distributed by policy): no single resource (empty id); the subscription when every resource
     * that fed the pool is in one, else empty. The pool's resources are on the bucket's rows.
     */
    public static CostOrigin pooled(java.util.Set<String> subAccountIds) {
        return new CostOrigin("", subAccountIds.size() == 1 ? subAccountIds.iterator().next() : "");
    }

    @Override
    public int compareTo(CostOrigin o) {
        return ORDER.compare(this, o);
    }
}
