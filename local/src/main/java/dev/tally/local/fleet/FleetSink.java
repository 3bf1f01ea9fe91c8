package dev.tally.local.fleet;

/** Receives every cluster's scrape batches in time order (all clusters' batches of one tick, then the next tick). */
@FunctionalInterface
public interface FleetSink {
    void accept(ScrapeBatch batch);
}
