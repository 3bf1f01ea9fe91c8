package dev.tally.ingest.costs.importer;

import dev.tally.ingest.costs.normalize.CostLineItem;

/** A line item under the run and import attempt it belongs to. */
public record ImportedLineItem(String scope, String dataset, String runId, String importId, CostLineItem item) {
}
