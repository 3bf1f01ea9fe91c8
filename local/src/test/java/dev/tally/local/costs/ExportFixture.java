package dev.tally.local.costs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes Cost Management export runs the way Azure lays them out:
 * {@code <root>/<export>/<yyyyMMdd-yyyyMMdd>/<run id>/manifest.json} (manifest version 2024-04-01)
 * and EA cost-details parts, plain or gzipped.
 */
public final class ExportFixture {
    static final String HEADER = "AccountName,SubscriptionId,Date,BillingPeriodStartDate,BillingPeriodEndDate,ResourceId,"
            + "MeterCategory,ResourceLocation,Quantity,CostInBillingCurrency,BillingCurrency,ChargeType,PricingModel";
    static final String SCOPE = "/subscriptions/00000000-0000-0000-0000-0000000000aa";

    /** One EA row: a day of January 2024 (or other month of {@code period}), a cost, a currency. */
    public record Row(LocalDate day, String resource, BigDecimal cost, String currency, String chargeType) {
        public static Row of(int dayOfMonth, String resource, String cost, String currency) {
            return new Row(LocalDate.of(2024, 1, dayOfMonth), resource, new BigDecimal(cost), currency, "Usage");
        }

        String csv(LocalDate periodStart, LocalDate periodEnd) {
            return "Contoso,00000000-0000-0000-0000-0000000000aa," + day + "," + periodStart + "," + periodEnd
                    + ",/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/MC_rg_aks1_westeurope/providers/"
                    + "Microsoft.Compute/virtualMachineScaleSets/" + resource + ",Virtual Machines,EU West,24,"
                    + cost.toPlainString() + "," + currency + "," + chargeType + ",OnDemand";
        }
    }

    static final LocalDate JAN_START = LocalDate.of(2024, 1, 1);
    static final LocalDate JAN_END = LocalDate.of(2024, 1, 31);

    private ExportFixture() {
    }

    static String csv(List<Row> rows) {
        StringBuilder sb = new StringBuilder(HEADER).append("\r\n");
        for (Row r : rows) {
            sb.append(r.csv(JAN_START, JAN_END)).append("\r\n");
        }
        return sb.toString();
    }

    /** A run folder with one part per list of rows; returns the run folder. */
    public static Path run(Path root, String exportName, String runId, Instant submitted, boolean gzip, List<List<Row>> parts) {
        Path folder = root.resolve(exportName).resolve("20240101-20240131").resolve(runId);
        List<Map.Entry<String, byte[]>> files = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            byte[] bytes = csv(parts.get(i)).getBytes(StandardCharsets.UTF_8);
            String name = "part_0_" + String.format("%04d", i + 1) + (gzip ? ".csv.gz" : ".csv");
            files.add(Map.entry(name, gzip ? gzip(bytes) : bytes));
        }
        Map<String, Long> rowCounts = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            rowCounts.put(files.get(i).getKey(), (long) parts.get(i).size());
        }
        try {
            Files.createDirectories(folder);
            for (var f : files) {
                Files.write(folder.resolve(f.getKey()), f.getValue());
            }
            Files.writeString(folder.resolve("manifest.json"), manifest(exportName, runId, submitted, gzip, folder, rowCounts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return folder;
    }

    static String manifest(String exportName, String runId, Instant submitted, boolean gzip, Path folder,
                           Map<String, Long> rowCounts) throws IOException {
        StringBuilder blobs = new StringBuilder();
        long totalBytes = 0;
        long totalRows = 0;
        for (var e : rowCounts.entrySet()) {
            long size = Files.size(folder.resolve(e.getKey()));
            totalBytes += size;
            totalRows += e.getValue();
            blobs.append(blobs.isEmpty() ? "" : ",\n").append("""
                        {"blobName": "exports/%s/20240101-20240131/%s/%s", "byteCount": %d, "dataRowCount": %d}"""
                    .formatted(exportName, runId, e.getKey(), size, e.getValue()));
        }
        return """
                {
                  "manifestVersion": "2024-04-01",
                  "byteCount": %d,
                  "blobCount": %d,
                  "dataRowCount": %d,
                  "exportConfig": {
                    "exportName": "%s",
                    "resourceId": "%s/providers/Microsoft.CostManagement/exports/%s",
                    "dataVersion": "2023-05-01",
                    "apiVersion": "2023-07-01-preview",
                    "type": "AmortizedCost",
                    "timeFrame": "MonthToDate",
                    "granularity": "Daily"
                  },
                  "deliveryConfig": {"partitionData": true, "dataOverwriteBehavior": "CreateNewReport",
                                     "fileFormat": "Csv", "compressionMode": "%s"},
                  "runInfo": {"executionType": "Scheduled", "submittedTime": "%s", "runId": "%s",
                              "startDate": "2024-01-01T00:00:00", "endDate": "2024-01-31T00:00:00"},
                  "blobs": [
                %s
                  ]
                }
                """.formatted(totalBytes, rowCounts.size(), totalRows, exportName, SCOPE, exportName,
                gzip ? "gzip" : "None", submitted, runId, blobs);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Every day of January once per resource, the cost of day d being {@code base + d/100}. */
    static List<Row> month(int days, String resource, String base, String currency) {
        List<Row> rows = new ArrayList<>();
        for (int d = 1; d <= days; d++) {
            rows.add(Row.of(d, resource, new BigDecimal(base).add(new BigDecimal(d).movePointLeft(2)).toPlainString(), currency));
        }
        return rows;
    }
}
