package dev.tally.ingest.costs.importer;

import dev.tally.ingest.costs.run.RunStatus;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One state of a run, as a row of {@code cost_export_runs}. The highest {@code version} is the
 * run's state. Times are UTC; the charge period is the span its rows cover (null when it has none).
 *
 * @param importId    one attempt at importing the run; its line items carry it
 * @param producedAt  when Cost Management produced the run, or when a hand-dropped file was first imported
 * @param coveredDays whole days from the earliest charge start to the latest charge end
 */
public record RunRecord(String scope, String runId, String importId, String dataset, String datasetVersion,
                        String billingPeriod, String exportName, String format, String costView, RunStatus status,
                        Instant producedAt, Instant chargePeriodStart, Instant chargePeriodEnd, long coveredDays,
                        long rowsRead, long rowsImported, long rowsRejected, SortedMap<String, CurrencyTotals> totals,
                        Instant importedAt, String supersededBy, String location, String message, long version) {
    public RunRecord {
        totals = new TreeMap<>(totals == null ? Map.of() : totals);
        datasetVersion = datasetVersion == null ? "" : datasetVersion;
        billingPeriod = billingPeriod == null ? "" : billingPeriod;
        format = format == null ? "" : format;
        supersededBy = supersededBy == null ? "" : supersededBy;
        message = message == null ? "" : message;
    }

    public RunRecord with(RunStatus newStatus, String newSupersededBy, String newMessage, long newVersion) {
        return new RunRecord(scope, runId, importId, dataset, datasetVersion, billingPeriod, exportName, format, costView,
                newStatus, producedAt, chargePeriodStart, chargePeriodEnd, coveredDays, rowsRead, rowsImported,
                rowsRejected, totals, importedAt, newSupersededBy, location, newMessage, newVersion);
    }

    /** (scope, dataset, billing period, run id): restatement is decided per the first three. */
    public dev.tally.ingest.costs.run.RunIdentity identity() {
        return new dev.tally.ingest.costs.run.RunIdentity(scope, dataset, billingPeriod, runId);
    }

    public RestatementRule.RunFacts facts() {
        return new RestatementRule.RunFacts(runId, producedAt, coveredDays);
    }
}
