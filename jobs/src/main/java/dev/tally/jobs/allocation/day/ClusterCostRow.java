package dev.tally.jobs.allocation.day;

import dev.tally.jobs.allocation.money.Cost;

/**
 * One cost row of a cluster and day, as allocation reads it from {@code tally.costs.v1}.
 *
 * @param resourceId   lower-cased Azure resource id (a scale set's, for node rows)
 * @param vmName       the scale-set instance or VM ({@code AdditionalInfo.VMName}); null on scale-set-wide rows
 * @param pvcNamespace the persistent volume claim's namespace, for a PV's disk
 * @param pvcName      the claim's name
 * @param serviceNamespace for a LoadBalancer Service's public IP
 * @param serviceName      the Service's name
 * @param cost         with the list cost where the export has one
 * @param source       where the row came from ({@code file:line} of the export), for tracing
 * @param subAccountId the subscription the resource is in ({@code /subscriptions/<id>}), empty when the source does not say
 */
public record ClusterCostRow(ClusterCostKind kind, String resourceId, String vmName, String pvcNamespace,
                             String pvcName, String serviceNamespace, String serviceName, Cost cost,
                             String source, String subAccountId) {
    /** Where the row's money comes from, as the allocation rows that carry it say. */
    public CostOrigin origin() {
        return subAccountId == null || subAccountId.isEmpty() ? CostOrigin.ofResource(resourceId)
                : new CostOrigin(resourceId, subAccountId);
    }
}
