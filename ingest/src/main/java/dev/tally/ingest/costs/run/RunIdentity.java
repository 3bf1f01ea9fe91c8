package dev.tally.ingest.costs.run;

import java.util.Objects;

/**
 * Which run of which export: restatement is decided per (scope, dataset, billing period), and one
 * run id within it is imported at most once.
 *
 * @param scope         the export's scope ({@code /subscriptions/…}, a billing account, …), lower-cased;
 *                      {@code file:<name>} for a file dropped by hand
 * @param dataset       ActualCost, AmortizedCost or FocusCost
 * @param billingPeriod {@code yyyyMMdd-yyyyMMdd} as in Cost Management's folder names (last day inclusive)
 * @param runId         Cost Management's run id; for a file dropped by hand, the SHA-256 of its bytes
 */
public record RunIdentity(String scope, String dataset, String billingPeriod, String runId) {
    public RunIdentity {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(billingPeriod, "billingPeriod");
        Objects.requireNonNull(runId, "runId");
    }

    @Override
    public String toString() {
        return scope + " " + dataset + " " + billingPeriod + " run " + runId;
    }
}
