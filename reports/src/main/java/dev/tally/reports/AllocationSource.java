package dev.tally.reports;

import java.io.IOException;
import java.time.YearMonth;

/** Where the report's rows and the export's totals come from (ClickHouse in production: {@link ClickHouseAllocationSource}). */
public interface AllocationSource {

    /** Receives rows one at a time; may fail writing them. */
    interface RowSink {
        void accept(ChargebackRow row) throws IOException;
    }

    /** The month's allocation rows, in a stable order (the same data gives the same file). */
    void forEachRow(YearMonth month, RowSink sink) throws IOException;

    /** The export's totals of the month and the runs they come from. */
    ExportTotals exportTotals(YearMonth month) throws IOException;
}
