package dev.tally.ingest.costs;

import dev.tally.ingest.costs.normalize.CostLineItem;
import dev.tally.ingest.costs.normalize.CostReadResult;
import dev.tally.ingest.costs.normalize.CostView;
import java.math.BigDecimal;

/** Child-JVM entry of {@link CostStreamingMemoryIT}: reads a generated export, prints "items rejected total chars seconds". */
public final class StreamThrough {
    public static void main(String[] args) throws Exception {
        long rows = Long.parseLong(args[0]);
        long items = 0;
        long rejected = 0;
        BigDecimal total = BigDecimal.ZERO;
        GeneratedExport export = new GeneratedExport(rows);
        long started = System.nanoTime();
        try (var reader = CostExportReader.open(export, "generated.csv", ReadOptions.of(CostView.AMORTIZED))) {
            while (reader.hasNext()) {
                CostReadResult r = reader.next();
                if (r instanceof CostLineItem item) {
                    items++;
                    total = total.add(item.effectiveCost());
                } else {
                    rejected++;
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.println(items + " " + rejected + " " + total.toPlainString() + " " + export.charsServed() + " "
                + String.format(java.util.Locale.ROOT, "%.1f", seconds));
    }
}
