package dev.tally.jobs.allocation.input;

import dev.tally.jobs.allocation.day.ClusterCostRow;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A line item of {@code tally.costs.v1} as allocation sees it: the UTC day it is charged on, its
 * billing period, and, for a row of an AKS cluster, the cluster and the row in allocation's terms.
 * A row of no cluster ({@code cluster} empty) is outside Kubernetes: tagged resources, other services.
 */
public record CostItem(LocalDate day, LocalDate billingPeriodStart, Optional<String> cluster, ClusterCostRow row) {
}
