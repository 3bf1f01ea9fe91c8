-- Hourly usage from the usage job (jobs/…/usage). One row per container of one pod (by uid) and
-- UTC hour; DESIGN's grain (hour × cluster × node × namespace × workload × container) is a
-- GROUP BY of it (usage_workload_hourly_latest). The pod stays in the key so that two pods of
-- one workload on one node, or a StatefulSet pod recreated under the same name, never merge
-- into one row before the rules ran.
--
-- Numbers: what feeds money is exact. Time integrals are kept in seconds as Decimal (core-
-- seconds, byte-seconds: a 30 s sample is exactly 30 s, while in hours it would be 1/120, not
-- a finite decimal); the views add the hours. CPU usage is integer core-nanoseconds, so
-- Decimal(38, 9) core-seconds. Working set, node capacity and volume sizes are physical
-- measurements reported as doubles: Float64.
--
-- Rows are recomputed whole when late samples arrive: version = the samples the hour was
-- computed from (deterministic, grows with every new sample); replays rewrite the same rows.
CREATE TABLE IF NOT EXISTS ${database}.usage_hourly
(
    hour                         DateTime('UTC'),
    cluster                      LowCardinality(String),
    namespace                    LowCardinality(String),
    pod                          String,
    pod_uid                      String,
    container                    LowCardinality(String),
    node                         LowCardinality(String),
    workload_kind                LowCardinality(String),
    workload_name                String,
    cpu_request_core_seconds     Decimal(38, 9),
    cpu_limit_core_seconds       Decimal(38, 9),
    memory_request_byte_seconds  Decimal(38, 6),
    memory_limit_byte_seconds    Decimal(38, 6),
    pod_running_seconds          Decimal(18, 3),
    cpu_usage_core_seconds       Decimal(38, 9),
    cpu_cfs_periods              UInt64,
    cpu_cfs_throttled_periods    UInt64,
    memory_working_set_avg_bytes Float64,
    memory_working_set_max_bytes Float64,
    memory_samples               UInt32,
    oom_kills                    UInt32,
    restarts                     UInt32,
    samples                      UInt64,
    version                      UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (cluster, namespace, pod, pod_uid, container, hour)
TTL hour + INTERVAL ${retention_usage_months} MONTH;

CREATE VIEW IF NOT EXISTS ${database}.usage_hourly_latest AS
SELECT hour, cluster, namespace, pod, pod_uid, container,
       argMax(node, version)                         AS node,
       argMax(workload_kind, version)                AS workload_kind,
       argMax(workload_name, version)                AS workload_name,
       argMax(cpu_request_core_seconds, version)     AS cpu_request_core_seconds,
       argMax(cpu_limit_core_seconds, version)       AS cpu_limit_core_seconds,
       argMax(memory_request_byte_seconds, version)  AS memory_request_byte_seconds,
       argMax(memory_limit_byte_seconds, version)    AS memory_limit_byte_seconds,
       argMax(pod_running_seconds, version)          AS pod_running_seconds,
       argMax(cpu_usage_core_seconds, version)       AS cpu_usage_core_seconds,
       argMax(cpu_cfs_periods, version)              AS cpu_cfs_periods,
       argMax(cpu_cfs_throttled_periods, version)    AS cpu_cfs_throttled_periods,
       argMax(memory_working_set_avg_bytes, version) AS memory_working_set_avg_bytes,
       argMax(memory_working_set_max_bytes, version) AS memory_working_set_max_bytes,
       argMax(memory_samples, version)               AS memory_samples,
       argMax(oom_kills, version)                    AS oom_kills,
       argMax(restarts, version)                     AS restarts,
       argMax(samples, version)                      AS samples,
       cpu_request_core_seconds / 3600               AS cpu_request_core_hours,
       cpu_limit_core_seconds / 3600                 AS cpu_limit_core_hours,
       cpu_usage_core_seconds / 3600                 AS cpu_usage_core_hours,
       memory_request_byte_seconds / 3600            AS memory_request_byte_hours,
       memory_limit_byte_seconds / 3600              AS memory_limit_byte_hours
FROM ${database}.usage_hourly
GROUP BY hour, cluster, namespace, pod, pod_uid, container;

-- DESIGN.md's grain: hour × cluster × node × namespace × workload × container (pods summed;
-- working-set max is the max of the pods', avg the sample-weighted mean).
CREATE VIEW IF NOT EXISTS ${database}.usage_workload_hourly_latest AS
SELECT hour, cluster, node, namespace, workload_kind, workload_name, container,
       sum(cpu_request_core_seconds) / 3600    AS cpu_request_core_hours,
       sum(cpu_limit_core_seconds) / 3600      AS cpu_limit_core_hours,
       sum(cpu_usage_core_seconds) / 3600      AS cpu_usage_core_hours,
       sum(memory_request_byte_seconds) / 3600 AS memory_request_byte_hours,
       sum(memory_limit_byte_seconds) / 3600   AS memory_limit_byte_hours,
       if(sum(memory_samples) = 0, 0,
          sum(memory_working_set_avg_bytes * memory_samples) / sum(memory_samples)) AS memory_working_set_avg_bytes,
       max(memory_working_set_max_bytes)       AS memory_working_set_max_bytes,
       sum(cpu_cfs_throttled_periods)          AS cpu_cfs_throttled_periods,
       sum(cpu_cfs_periods)                    AS cpu_cfs_periods,
       sum(oom_kills)                          AS oom_kills,
       sum(restarts)                           AS restarts,
       sum(samples)                            AS samples,
       count()                                 AS pods
FROM ${database}.usage_hourly_latest
GROUP BY hour, cluster, node, namespace, workload_kind, workload_name, container;

-- Nodes as kube-state-metrics saw them: pool, VM size, scale set (from the providerID),
-- capacity and allocatable, and the seconds the node was present in the hour.
CREATE TABLE IF NOT EXISTS ${database}.node_hourly
(
    hour                     DateTime('UTC'),
    cluster                  LowCardinality(String),
    node                     String,
    node_pool                LowCardinality(String),
    vm_size                  LowCardinality(String),
    vmss_resource_id         String,
    provider_id              String,
    capacity_cpu_cores       Float64,
    capacity_memory_bytes    Float64,
    allocatable_cpu_cores    Float64,
    allocatable_memory_bytes Float64,
    seconds_present          Decimal(18, 3),
    version                  UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (cluster, node, hour)
TTL hour + INTERVAL ${retention_usage_months} MONTH;

CREATE VIEW IF NOT EXISTS ${database}.node_hourly_latest AS
SELECT hour, cluster, node,
       argMax(node_pool, version)                AS node_pool,
       argMax(vm_size, version)                  AS vm_size,
       argMax(vmss_resource_id, version)         AS vmss_resource_id,
       argMax(provider_id, version)              AS provider_id,
       argMax(capacity_cpu_cores, version)       AS capacity_cpu_cores,
       argMax(capacity_memory_bytes, version)    AS capacity_memory_bytes,
       argMax(allocatable_cpu_cores, version)    AS allocatable_cpu_cores,
       argMax(allocatable_memory_bytes, version) AS allocatable_memory_bytes,
       argMax(seconds_present, version)          AS seconds_present
FROM ${database}.node_hourly
GROUP BY hour, cluster, node;

-- Claims and the disks behind them: a disk's cost goes to its claim's namespace.
CREATE TABLE IF NOT EXISTS ${database}.volume_hourly
(
    hour             DateTime('UTC'),
    cluster          LowCardinality(String),
    namespace        LowCardinality(String),
    claim            String,
    volume           String,
    storage_class    LowCardinality(String),
    csi_driver       LowCardinality(String),
    disk_resource_id String,
    requested_bytes  Float64,
    capacity_bytes   Float64,
    seconds_present  Decimal(18, 3),
    version          UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (cluster, namespace, claim, hour)
TTL hour + INTERVAL ${retention_usage_months} MONTH;

CREATE VIEW IF NOT EXISTS ${database}.volume_hourly_latest AS
SELECT hour, cluster, namespace, claim,
       argMax(volume, version)           AS volume,
       argMax(storage_class, version)    AS storage_class,
       argMax(csi_driver, version)       AS csi_driver,
       argMax(disk_resource_id, version) AS disk_resource_id,
       argMax(requested_bytes, version)  AS requested_bytes,
       argMax(capacity_bytes, version)   AS capacity_bytes,
       argMax(seconds_present, version)  AS seconds_present
FROM ${database}.volume_hourly
GROUP BY hour, cluster, namespace, claim;
