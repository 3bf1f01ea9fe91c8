package dev.tally.jobs.allocation.stream;

import dev.tally.jobs.allocation.day.ClusterCostKind;
import dev.tally.jobs.allocation.day.ClusterCostRow;
import dev.tally.jobs.allocation.money.Cost;
import java.math.BigDecimal;

/**
 * A cost line item of {@code tally.costs.v1} as the allocation job keeps it (flat, so Flink's
 * record serializer stores it).
 *
 * @param runGroup  scope, dataset and billing period: the unit a newer run restates
 * @param dataset   the export's dataset (e.g. {@code AmortizedCost}, {@code ActualCost})
 * @param runId     the export run
 * @param runOrder  orders the runs of one group, newest highest: the run's {@code runProducedAt} when the
 *                  record carries it, else when it was published to the topic (the import's time)
 * @param line      {@code sourceFile:sourceLine}: with the run, the line item's identity (a re-published run repeats it)
 * @param team      the resource's team tag, for rows outside clusters (empty when none)
 * @param namespace the resource's namespace tag, for rows outside clusters (empty when none)
 * @param costCenter the resource's cost-center tag (empty when none)
 * @param subAccountId the resource's subscription ({@code /subscriptions/<id>}; empty when the export does not say)
 * @param list      the list cost (FOCUS ListCost); null when the export has none
 */
public record CostLineInput(String runGroup, String dataset, String runId, long runOrder, String line, String billingPeriod, ClusterCostKind kind,
                            String resourceId, String vmName, String pvcNamespace, String pvcName,
                            String serviceNamespace, String serviceName, String currency, BigDecimal billed,
                            BigDecimal effective, String azureService, String team, String namespace, String costCenter,
                            String subAccountId, BigDecimal list) {

    public Cost cost() {
        return new Cost(currency, billed, effective, list);
    }

    public ClusterCostRow row() {
        return new ClusterCostRow(kind, resourceId, vmName, pvcNamespace, pvcName, serviceNamespace, serviceName, cost(), line,
                subAccountId);
    }
}
