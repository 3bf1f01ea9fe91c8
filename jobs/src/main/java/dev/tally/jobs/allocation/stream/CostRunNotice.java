package dev.tally.jobs.allocation.stream;

/**
 * Tells a cluster-day that an export run of one of its cost groups exists ({@link CostRunDirectory}):
 * the day then holds only the newest run's rows of that group, even when the newest run has no row
 * for the day (its cost was restated away).
 *
 * @param runGroup scope, dataset and billing period ({@link CostLineInput#runGroup()})
 * @param runId    the export run
 * @param runOrder newest highest ({@link CostLineInput#runOrder()})
 */
public record CostRunNotice(String runGroup, String runId, long runOrder) {

    /** Newer: produced later, or produced at the same instant with the greater run id (deterministic either way). */
    public boolean isNewerThan(CostRunNotice other) {
        return runOrder != other.runOrder ? runOrder > other.runOrder : runId.compareTo(other.runId) > 0;
    }

    public static CostRunNotice of(CostLineInput row) {
        return new CostRunNotice(row.runGroup(), row.runId(), row.runOrder());
    }
}
