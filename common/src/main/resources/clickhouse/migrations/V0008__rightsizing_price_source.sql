-- Which prices a rightsizing recommendation's money is at (docs/rightsizing.md, "Money"):
-- `allocated-workload` (what the allocation job charged the workload per core-hour and GiB-hour),
-- `allocated-cluster` (its cluster's, for a workload not charged yet) or `configured` (the
-- configured list, until the allocation job's prices for the cluster arrive). Rows written before
-- this column were all at configured prices.
ALTER TABLE ${database}.rightsizing_recommendations
    ADD COLUMN IF NOT EXISTS price_source LowCardinality(String) DEFAULT 'configured';

CREATE OR REPLACE VIEW ${database}.rightsizing_recommendations_latest AS
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
       argMax(currency, at)                             AS currency,
       argMax(price_source, at)                         AS price_source
FROM (SELECT *, computed_at AS at FROM ${database}.rightsizing_recommendations)
GROUP BY cluster, namespace, workload_kind, workload_name, container, strategy;
