package dev.tally.ingest.costs.run;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What Cost Management's {@code manifest.json} says about one export run. Two shapes exist: the
 * current one ({@code manifestVersion} 2024-04-01: {@code exportConfig}, {@code deliveryConfig},
 * {@code runInfo}, {@code blobs}) and the older partitioned one (2021-01-01: only counts and
 * {@code blobs}); fields the older shape lacks are null here and come from the folder names.
 *
 * @param manifestVersion   as written
 * @param exportName        {@code exportConfig.exportName}
 * @param scope             the export's scope: {@code exportConfig.resourceId} up to
 *                          {@code /providers/Microsoft.CostManagement/exports}, lower-cased
 * @param datasetType       {@code exportConfig.type}: ActualCost, AmortizedCost, FocusCost, …
 * @param datasetVersion    {@code exportConfig.dataVersion}: 2023-05-01, 1.0, 1.0r2, …
 * @param runId             {@code runInfo.runId}
 * @param submittedTime     {@code runInfo.submittedTime}: when Cost Management produced the run
 * @param startDate         {@code runInfo.startDate} (first day of data)
 * @param endDate           {@code runInfo.endDate} (last day of data, inclusive)
 * @param compression       {@code deliveryConfig.compressionMode} (None, gzip), or null
 * @param dataRowCount      total data rows, -1 when not given
 * @param blobs             the parts
 */
public record ExportManifest(String manifestVersion, String exportName, String scope, String datasetType,
                             String datasetVersion, String runId, Instant submittedTime, LocalDate startDate,
                             LocalDate endDate, String compression, long dataRowCount, List<ManifestBlob> blobs) {
    public ExportManifest {
        blobs = List.copyOf(blobs);
    }
}
