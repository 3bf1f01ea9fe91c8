package dev.tally.jobs.allocation.input;

import dev.tally.jobs.allocation.day.ClusterCostRow;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * A line item of {@code tally.costs.v1} as allocation sees it: the UTC day it is charged on, its
 * billing period, and, for a row of an AKS cluster, the cluster and the row in allocation's terms.
 * A row of no cluster ({@code cluster} empty) is outside Kubernetes: tagged resources, other services.
 *
 * @param run         the export run it came with (restatements: a newer run of the period replaces it)
 * @param line        where in the run: {@code sourceFile:sourceLine}, unique within the run
 * @param serviceName the Azure service ({@code serviceName}), for rows outside clusters
 * @param tags        the resource's tags
 */
public record CostItem(LocalDate day, LocalDate billingPeriodStart, Optional<String> cluster, ClusterCostRow row,
                       Run run, String line, String serviceName, Map<String, String> tags) {
    public CostItem {
        tags = Map.copyOf(tags);
    }

    /** An export run: {@code scope} and {@code dataset} with the billing period name the restated unit. */
    public record Run(String scope, String dataset, String runId) {
    }
}
