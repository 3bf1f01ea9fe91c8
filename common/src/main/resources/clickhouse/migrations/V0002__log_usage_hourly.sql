-- Log volume per cluster, namespace, workload and hour: the basis of log management
-- chargeback. Bytes are the UTF-8 bytes of each record's body as the app wrote it; the hour
-- is the record's own time (docs/schema.md). Rows are running totals; the highest version
-- (= the record count, which grows with every record) wins, so a replay after a crash
-- rewrites the same row instead of adding to it. Records without a namespace are kept under
-- namespace 'unknown'.
CREATE TABLE IF NOT EXISTS ${database}.log_usage_hourly
(
    hour          DateTime('UTC'),
    cluster       LowCardinality(String),
    namespace     LowCardinality(String),
    workload_kind LowCardinality(String),
    workload_name String,
    records       UInt64,
    bytes         UInt64,
    version       UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (cluster, namespace, workload_kind, workload_name, hour)
TTL hour + INTERVAL ${retention_usage_months} MONTH;

-- What dashboards and reports read: the newest total of each row, merges or not.
CREATE VIEW IF NOT EXISTS ${database}.log_usage_hourly_latest AS
SELECT hour, cluster, namespace, workload_kind, workload_name,
       argMax(records, version) AS records,
       argMax(bytes, version) AS bytes
FROM ${database}.log_usage_hourly
GROUP BY hour, cluster, namespace, workload_kind, workload_name;
