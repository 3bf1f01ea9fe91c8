-- Cost allocation (issue 6, docs/allocation.md has each column's meaning) and catalog ownership.
--
-- cost_allocation_daily: the allocation job writes a cluster-day whole each time it recomputes
-- it (its usage or its costs changed, a restatement arrived, the actual export replaced an
-- estimate), every row of one computation with the same version (the count of input records the
-- day had received: deterministic, so a replay writes the same rows again). A workload that had cost in an
-- older computation and has none in the newest one must disappear: the _current view keeps only
-- the rows of each cluster-day's newest version. Money is Decimal(38, 24) as in cost_line_items;
-- the view hands it out as Decimal(76, 24), whose sums cannot overflow (docs/schema.md).
CREATE TABLE IF NOT EXISTS ${database}.cost_allocation_daily
(
    day            Date,
    cluster        LowCardinality(String),
    namespace      LowCardinality(String),
    workload_kind  LowCardinality(String),
    workload_name  String,
    category       LowCardinality(String),
    currency       LowCardinality(String),
    billed_cost    Decimal(38, 24),
    effective_cost Decimal(38, 24),
    team           LowCardinality(String),
    cost_center    LowCardinality(String),
    owner_source   LowCardinality(String),
    method         String,
    policies       LowCardinality(String),
    estimated      UInt8,
    billing_period Date,
    version        UInt64
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(day)
ORDER BY (day, cluster, namespace, workload_kind, workload_name, category, currency)
TTL day + INTERVAL ${retention_cost_months} MONTH;

CREATE VIEW IF NOT EXISTS ${database}.cost_allocation_daily_latest AS
SELECT * REPLACE (CAST(billed_cost AS Decimal(76, 24)) AS billed_cost,
                  CAST(effective_cost AS Decimal(76, 24)) AS effective_cost)
FROM ${database}.cost_allocation_daily FINAL
WHERE (day, cluster, version) IN (
    SELECT day, cluster, max(version)
    FROM ${database}.cost_allocation_daily
    GROUP BY day, cluster);

-- catalog_ownership: who owns each workload (docs/ownership.md), one row per workload, rewritten
-- whole when the catalog is reloaded (version = the load's time in milliseconds).
CREATE TABLE IF NOT EXISTS ${database}.catalog_ownership
(
    cluster         LowCardinality(String),
    namespace       LowCardinality(String),
    workload_kind   LowCardinality(String),
    workload_name   String,
    component       String,
    system          String,
    lifecycle       LowCardinality(String),
    team            LowCardinality(String),
    cost_center     LowCardinality(String),
    component_match LowCardinality(String),
    team_source     LowCardinality(String),
    loaded_at       DateTime64(3, 'UTC'),
    version         UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (cluster, namespace, workload_kind, workload_name);

CREATE VIEW IF NOT EXISTS ${database}.catalog_ownership_latest AS
SELECT * FROM ${database}.catalog_ownership FINAL;
