package dev.tally.ingest.costs.importer;

import java.util.List;

/** Every run found under the imported path and what became of it; counts are of this import only. */
public record ImportReport(List<RunOutcome> runs) {
    public ImportReport {
        runs = List.copyOf(runs);
    }

    public long rowsRead() {
        return runs.stream().mapToLong(RunOutcome::rowsRead).sum();
    }

    public long rowsImported() {
        return runs.stream().mapToLong(RunOutcome::rowsImported).sum();
    }

    public long rowsRejected() {
        return runs.stream().mapToLong(RunOutcome::rowsRejected).sum();
    }

    public List<RunOutcome> failures() {
        return runs.stream().filter(RunOutcome::failed).toList();
    }
}
