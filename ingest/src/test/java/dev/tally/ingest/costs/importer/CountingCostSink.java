package dev.tally.ingest.costs.importer;

import dev.tally.ingest.costs.normalize.CostRejection;
import java.util.ArrayList;
import java.util.List;

/** The Kafka side of the importer for tests without a broker: counts items, keeps rejections. */
public final class CountingCostSink implements CostRecordSink {
    public long items;
    public final List<CostRejection> rejected = new ArrayList<>();

    @Override public void begin(String scope, String runId) { }
    @Override public void item(ImportedLineItem item) { items++; }
    @Override public void rejected(String scope, String runId, CostRejection r) { rejected.add(r); }
    @Override public void commit() { }
    @Override public void abort() { }
    @Override public void close() { }
}
