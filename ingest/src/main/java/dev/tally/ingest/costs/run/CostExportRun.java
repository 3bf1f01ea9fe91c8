package dev.tally.ingest.costs.run;

import dev.tally.ingest.costs.normalize.CostView;
import java.time.Instant;
import java.util.List;

/**
 * A run ready to import: every part present with the size its manifest gives.
 *
 * @param scope          see {@link RunIdentity#scope()}
 * @param dataset        ActualCost / AmortizedCost / FocusCost, or null when the file's header must tell (a file dropped by hand)
 * @param billingPeriod  {@code yyyyMMdd-yyyyMMdd}, or null when the rows must tell (a file dropped by hand)
 * @param runId          see {@link RunIdentity#runId()}
 * @param exportName     the export's name, or the file name
 * @param datasetVersion the manifest's dataVersion, or null
 * @param view           how cost-details rows are read (from the dataset; the caller's choice for a hand-dropped file)
 * @param producedAt     when Cost Management produced the run (manifest), or null: then the import time orders runs
 * @param location       the run folder's manifest, or the file itself (a path or a URL)
 * @param parts          the files, in manifest order
 */
public record CostExportRun(String scope, String dataset, String billingPeriod, String runId, String exportName,
                            String datasetVersion, CostView view, Instant producedAt, String location,
                            List<RunPart> parts) {
    public CostExportRun {
        parts = List.copyOf(parts);
    }

    public boolean fromManifest() {
        return location.endsWith("/" + RunDiscovery.MANIFEST) || location.endsWith(java.io.File.separator + RunDiscovery.MANIFEST);
    }
}
