-- Samples received per cluster and hour: the first job's output and the ingest-health
-- panel's source. Rows are running totals; the highest version (= the count) wins, so a
-- replay after a crash rewrites the same row instead of adding to it.
CREATE TABLE IF NOT EXISTS ${database}.ingest_samples_hourly
(
    hour         DateTime('UTC'),
    cluster      LowCardinality(String),
    content_type LowCardinality(String),
    samples      UInt64,
    version      UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (cluster, content_type, hour)
TTL hour + INTERVAL ${retention_usage_months} MONTH;

-- What dashboards and the CLI read: the newest version of each row, merges or not.
CREATE VIEW IF NOT EXISTS ${database}.ingest_samples_hourly_latest AS
SELECT hour, cluster, content_type, argMax(samples, version) AS samples
FROM ${database}.ingest_samples_hourly
GROUP BY hour, cluster, content_type;
