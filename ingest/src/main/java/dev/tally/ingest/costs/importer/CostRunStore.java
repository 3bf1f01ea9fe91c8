package dev.tally.ingest.costs.importer;

import java.util.List;
import java.util.Optional;

/** Where runs and their line items are kept: {@code cost_export_runs} and {@code cost_line_items}. */
public interface CostRunStore {
    /** The run's latest state, if it was ever seen. */
    Optional<RunRecord> latest(String scope, String runId);

    /** The complete run queries see for this (scope, dataset, billing period), if any. */
    Optional<RunRecord> currentComplete(String scope, String dataset, String billingPeriod);

    /** Appends one state of a run (one insert of one row). */
    void write(RunRecord run);

    /** Inserts line items of an import that is not complete yet (invisible until it is). */
    void insert(List<ImportedLineItem> items);

    /** Every run's latest state, newest first. */
    List<RunRecord> runs();
}
