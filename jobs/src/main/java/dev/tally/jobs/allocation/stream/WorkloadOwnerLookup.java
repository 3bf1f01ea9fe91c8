package dev.tally.jobs.allocation.stream;

import java.io.Serializable;

/**
 * The owner of a workload, for every allocation row (docs/ownership.md). The job takes it as a
 * constructor argument: the Backstage catalog's {@code WorkloadOwners} lives at the edge
 * ({@code ingest/}), and the job must not depend on it. A workload nobody claims is {@link Owner#unowned()}.
 */
@FunctionalInterface
public interface WorkloadOwnerLookup extends Serializable {

    Owner ownerOf(String cluster, String namespace, String workloadKind, String workloadName);

    /** Everything {@code unowned}: no catalog configured. */
    static WorkloadOwnerLookup none() {
        return (cluster, namespace, kind, name) -> Owner.unowned();
    }
}
