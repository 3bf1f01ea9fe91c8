package dev.tally.ingest.costs.importer;

import dev.tally.ingest.costs.normalize.CostLineItem;
import java.time.Instant;

/**
 * A line item under the run and import attempt it belongs to.
 *
 * @param runProducedAt when Cost Management produced the run (its manifest), else when the run was first
 *                      imported: what orders the runs of one billing period (the newest counts), whatever
 *                      order their records reach a consumer in
 */
public record ImportedLineItem(String scope, String dataset, String runId, String importId, Instant runProducedAt,
                               CostLineItem item) {
}
