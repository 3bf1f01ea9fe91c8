package dev.tally.reports;

import java.io.IOException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.SortedMap;

/** Records each published version (ClickHouse's {@code report_versions}: {@link ClickHouseReportLog}). */
public interface ReportLog {

    /** One published version as the finance dashboard lists it. */
    record ReportVersion(YearMonth month, int version, Basis basis, Instant generatedAt, String location, long rows,
                         SortedMap<String, Amounts> totals, boolean reconciled, String parquetSha256, List<String> exportRunIds) {
    }

    void record(ReportVersion version) throws IOException;

    static ReportLog none() {
        return v -> { };
    }
}
