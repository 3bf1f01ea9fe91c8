package dev.tally.jobs.allocation.day;

import dev.tally.jobs.allocation.money.Cost;

/**
 * One line of a cluster-day's allocation: a workload's (or bucket's) cost in one category from one
 * invoice resource ({@code origin}), and the rule that put it there.
 */
public record AllocationRow(WorkloadKey workload, CostCategory category, CostOrigin origin, Cost cost, String rule) {
}
