package dev.tally.ingest.costs.importer;

import dev.tally.ingest.costs.run.RunStatus;

/**
 * What importing one run (or trying to) came to.
 *
 * @param location        the run's manifest or the file
 * @param run             its state after this import (null when it could not even start: a missing part, a bad manifest)
 * @param alreadyImported the run had been imported before: nothing was written
 * @param problem         why it failed, naming the file; null when it did not
 */
public record RunOutcome(String location, RunRecord run, boolean alreadyImported, String problem) {
    public boolean failed() {
        return problem != null;
    }

    public RunStatus status() {
        return run == null ? RunStatus.FAILED : run.status();
    }

    public long rowsRead() {
        return alreadyImported || run == null ? 0 : run.rowsRead();
    }

    public long rowsImported() {
        return alreadyImported || run == null ? 0 : run.rowsImported();
    }

    public long rowsRejected() {
        return alreadyImported || run == null ? 0 : run.rowsRejected();
    }
}
