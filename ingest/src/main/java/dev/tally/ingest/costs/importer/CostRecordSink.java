package dev.tally.ingest.costs.importer;

import dev.tally.ingest.costs.normalize.CostRejection;

/**
 * Where a run's records go besides ClickHouse: {@code tally.costs.v1} and the dead-letter topic. A
 * run's records are one unit: {@link #commit()} when the run was read whole, {@link #abort()} when
 * it failed, so consumers reading committed records never see part of a run.
 */
public interface CostRecordSink extends AutoCloseable {
    /** Starts the run's unit of records; {@code scope} and {@code runId} name the run (the Kafka sink's transactional id). */
    void begin(String scope, String runId);

    void item(ImportedLineItem item);

    void rejected(String scope, String runId, CostRejection rejection);

    void commit();

    void abort();

    @Override
    void close();

    /** For imports that write ClickHouse only. */
    CostRecordSink NONE = new CostRecordSink() {
        @Override public void begin(String scope, String runId) { }
        @Override public void item(ImportedLineItem item) { }
        @Override public void rejected(String scope, String runId, CostRejection rejection) { }
        @Override public void commit() { }
        @Override public void abort() { }
        @Override public void close() { }
    };
}
