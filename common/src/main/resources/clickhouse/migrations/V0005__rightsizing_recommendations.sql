-- Rightsizing recommendations from the rightsizing job (jobs/…/rightsizing, docs/rightsizing.md).
-- One row per container of a workload (all its replicas), strategy and computation time; the job
-- writes every container each emit interval (event time), so the table is the history and
-- rightsizing_recommendations_latest the current state. Replays rewrite identical rows (same
-- key), which ReplacingMergeTree folds.
--
-- Units are in the column names. Requests and limits are NULL where none is set (current) or
-- nothing is recommended (status not-enough-data). Money: monthly amounts (730 h, all replicas)
-- at the job's prices, exact decimals with 10 places, in `currency`.
-- The view reads computed_at as `at`: an aggregate's alias must not shadow the column it reads.
CREATE TABLE IF NOT EXISTS ${database}.rightsizing_recommendations
(
    computed_at                      DateTime64(3, 'UTC'),
    cluster                          LowCardinality(String),
    namespace                        LowCardinality(String),
    workload_kind                    LowCardinality(String),
    workload_name                    String,
    container                        LowCardinality(String),
    strategy                         LowCardinality(String),
    status                           LowCardinality(String),
    risk_reasons                     String,
    current_cpu_request_cores        Nullable(Float64),
    current_cpu_limit_cores          Nullable(Float64),
    current_memory_request_bytes     Nullable(Int64),
    current_memory_limit_bytes       Nullable(Int64),
    recommended_cpu_request_cores    Nullable(Float64),
    recommended_cpu_limit_cores      Nullable(Float64),
    recommended_memory_request_bytes Nullable(Int64),
    recommended_memory_limit_bytes   Nullable(Int64),
    cpu_target_percentile            Float64,
    cpu_target_cores                 Nullable(Float64),
    memory_target_percentile         Float64,
    memory_target_bytes              Nullable(Int64),
    memory_peak_bytes                Nullable(Int64),
    oom_kills                        UInt64,
    cpu_throttled_ratio              Nullable(Float64),
    confidence                       Float64,
    history_hours                    Float64,
    samples                          UInt64,
    replicas                         UInt32,
    monthly_cost_current             Decimal(38, 10),
    monthly_cost_recommended         Decimal(38, 10),
    monthly_savings                  Decimal(38, 10),
    currency                         LowCardinality(String)
)
ENGINE = ReplacingMergeTree
ORDER BY (cluster, namespace, workload_kind, workload_name, container, strategy, computed_at)
TTL toDateTime(computed_at) + INTERVAL ${retention_usage_months} MONTH;

CREATE VIEW IF NOT EXISTS ${database}.rightsizing_recommendations_latest AS
SELECT cluster, namespace, workload_kind, workload_name, container, strategy,
       max(at)                                                   AS computed_at,
       argMax(status, at)                               AS status,
       argMax(risk_reasons, at)                         AS risk_reasons,
       argMax(current_cpu_request_cores, at)            AS current_cpu_request_cores,
       argMax(current_cpu_limit_cores, at)              AS current_cpu_limit_cores,
       argMax(current_memory_request_bytes, at)         AS current_memory_request_bytes,
       argMax(current_memory_limit_bytes, at)           AS current_memory_limit_bytes,
       argMax(recommended_cpu_request_cores, at)        AS recommended_cpu_request_cores,
       argMax(recommended_cpu_limit_cores, at)          AS recommended_cpu_limit_cores,
       argMax(recommended_memory_request_bytes, at)     AS recommended_memory_request_bytes,
       argMax(recommended_memory_limit_bytes, at)       AS recommended_memory_limit_bytes,
       argMax(cpu_target_cores, at)                     AS cpu_target_cores,
       argMax(memory_target_bytes, at)                  AS memory_target_bytes,
       argMax(memory_peak_bytes, at)                    AS memory_peak_bytes,
       argMax(oom_kills, at)                            AS oom_kills,
       argMax(cpu_throttled_ratio, at)                  AS cpu_throttled_ratio,
       argMax(confidence, at)                           AS confidence,
       argMax(history_hours, at)                        AS history_hours,
       argMax(replicas, at)                             AS replicas,
       argMax(monthly_cost_current, at)                 AS monthly_cost_current,
       argMax(monthly_cost_recommended, at)             AS monthly_cost_recommended,
       argMax(monthly_savings, at)                      AS monthly_savings,
       argMax(currency, at)                             AS currency
FROM (SELECT *, computed_at AS at FROM ${database}.rightsizing_recommendations)
GROUP BY cluster, namespace, workload_kind, workload_name, container, strategy;
