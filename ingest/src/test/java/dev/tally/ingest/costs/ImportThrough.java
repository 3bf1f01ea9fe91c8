package dev.tally.ingest.costs;

import dev.tally.ingest.costs.importer.CostImporter;
import dev.tally.ingest.costs.importer.CountingCostSink;
import dev.tally.ingest.costs.importer.CostRunStore;
import dev.tally.ingest.costs.importer.ImportReport;
import dev.tally.ingest.costs.importer.ImportedLineItem;
import dev.tally.ingest.costs.importer.RunRecord;
import dev.tally.ingest.costs.normalize.CostView;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Child-JVM entry of {@link CostImportMemoryIT}: imports one file through the real
 * {@link CostImporter} (discovery, hashing, reading, normalizing, batching, totals) into a store
 * that keeps run states but drops line items after counting them; prints
 * "status read imported rejected effectiveTotal heapPeakMiB seconds".
 */
public final class ImportThrough {
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        long[] itemsStored = {0};
        List<RunRecord> states = new ArrayList<>();
        CostRunStore store = new CostRunStore() {
            @Override public Optional<RunRecord> latest(String scope, String runId) { return Optional.empty(); }
            @Override public Optional<RunRecord> currentComplete(String scope, String dataset, String period) { return Optional.empty(); }
            @Override public void write(RunRecord run) { states.add(run); }
            @Override public void insert(List<ImportedLineItem> batch) { itemsStored[0] += batch.size(); }
            @Override public List<RunRecord> runs() { return states; }
        };
        CountingCostSink sink = new CountingCostSink();
        long started = System.nanoTime();
        ImportReport report = new CostImporter(store, sink, ReadOptions.of(CostView.AMORTIZED), 5_000, Clock.systemUTC(),
                line -> { }).importPath(file);
        double seconds = (System.nanoTime() - started) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        RunRecord run = report.runs().get(0).run();
        if (report.rowsImported() != itemsStored[0]) {
            throw new IllegalStateException(itemsStored[0] + " items stored, " + report.rowsImported() + " reported");
        }
        System.out.println(run.status().sqlName() + " " + report.rowsRead() + " " + report.rowsImported() + " "
                + report.rowsRejected() + " " + run.totals().get("USD").effectiveCost().toPlainString() + " "
                + (peak >> 20) + " " + String.format(java.util.Locale.ROOT, "%.1f", seconds));
    }
}
