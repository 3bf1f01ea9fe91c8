-- Azure cost exports (docs/costs.md, "Runs and restatements"). Cost Management re-exports a
-- billing period many times; each export run is imported whole under its run id and import id,
-- and becomes visible in one step: the insert of its 'complete' row here.
--
-- Money: Decimal(38, 24). The real exports carry up to 24 significant decimal places
-- (EA_AmortizedCost_Small: 0.0000000072922557592391990000, written with 28), so 24 keeps every
-- amount exact; the 14 integer digits left hold any line item. The importer rejects a row with
-- more decimals or integer digits, naming the column, instead of rounding it.
-- Sums: ClickHouse's sum() of a Decimal(38, s) stays Decimal(38, s) and overflows silently past
-- 10^14 here, so the current view hands out Decimal(76, 24) and run totals are Decimal(76, 24):
-- sums through them are exact to 10^52. Summing cost_line_items directly, cast first
-- (sum(toDecimal256(billed_cost, 24))).
--
-- One row per state change of a run (importing → complete | held | failed; complete →
-- superseded); the highest version is the run's state.
CREATE TABLE IF NOT EXISTS ${database}.cost_export_runs
(
    scope                 String,
    run_id                String,
    import_id             String,
    dataset               LowCardinality(String),
    dataset_version       String,
    billing_period        String,
    export_name           String,
    format                LowCardinality(String),
    cost_view             LowCardinality(String),
    status                LowCardinality(String),
    produced_at           DateTime64(3, 'UTC'),
    charge_period_start   Nullable(DateTime64(3, 'UTC')),
    charge_period_end     Nullable(DateTime64(3, 'UTC')),
    covered_days          UInt32,
    rows_read             UInt64,
    rows_imported         UInt64,
    rows_rejected         UInt64,
    billed_cost_totals    Map(String, Decimal(76, 24)),
    effective_cost_totals Map(String, Decimal(76, 24)),
    imported_at           DateTime64(3, 'UTC'),
    superseded_by         String,
    location              String,
    message               String,
    version               UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (scope, run_id);

-- Each run's latest state, merges or not.
CREATE VIEW IF NOT EXISTS ${database}.cost_export_runs_latest AS
SELECT scope, run_id,
       argMax(import_id, version)             AS import_id,
       argMax(dataset, version)               AS dataset,
       argMax(dataset_version, version)       AS dataset_version,
       argMax(billing_period, version)        AS billing_period,
       argMax(export_name, version)           AS export_name,
       argMax(format, version)                AS format,
       argMax(cost_view, version)             AS cost_view,
       argMax(status, version)                AS status,
       argMax(produced_at, version)           AS produced_at,
       argMax(charge_period_start, version)   AS charge_period_start,
       argMax(charge_period_end, version)     AS charge_period_end,
       argMax(covered_days, version)          AS covered_days,
       argMax(rows_read, version)             AS rows_read,
       argMax(rows_imported, version)         AS rows_imported,
       argMax(rows_rejected, version)         AS rows_rejected,
       argMax(billed_cost_totals, version)    AS billed_cost_totals,
       argMax(effective_cost_totals, version) AS effective_cost_totals,
       argMax(imported_at, version)           AS imported_at,
       argMax(superseded_by, version)         AS superseded_by,
       argMax(location, version)              AS location,
       argMax(message, version)               AS message,
       max(version)                           AS state_version
FROM ${database}.cost_export_runs
GROUP BY scope, run_id;

-- Every imported row of every run and attempt (import_id), for audit. Rows of an import that
-- never completed stay here, invisible through the view below.
CREATE TABLE IF NOT EXISTS ${database}.cost_line_items
(
    scope                      String,
    dataset                    LowCardinality(String),
    run_id                     String,
    import_id                  String,
    source_file                String,
    source_line                UInt64,
    format                     LowCardinality(String),
    provider_name              LowCardinality(String),
    billed_cost                Decimal(38, 24),
    effective_cost             Decimal(38, 24),
    list_cost                  Nullable(Decimal(38, 24)),
    billing_currency           LowCardinality(String),
    billing_period_start       Nullable(DateTime64(3, 'UTC')),
    billing_period_end         Nullable(DateTime64(3, 'UTC')),
    charge_period_start        DateTime64(3, 'UTC'),
    charge_period_end          DateTime64(3, 'UTC'),
    charge_category            LowCardinality(String),
    charge_class               LowCardinality(String),
    charge_description         String,
    pricing_category           LowCardinality(String),
    commitment_discount_id     String,
    commitment_discount_name   String,
    commitment_discount_type   LowCardinality(String),
    commitment_discount_status LowCardinality(String),
    resource_id                String,
    resource_name              String,
    resource_group_name        String,
    service_name               LowCardinality(String),
    sub_account_id             String,
    sub_account_name           String,
    region_id                  LowCardinality(String),
    consumed_quantity          Nullable(Decimal(38, 24)),
    consumed_unit              LowCardinality(String),
    tags                       Map(String, String),
    sku_details                Map(String, String),
    k8s_kind                   LowCardinality(String),
    k8s_cluster_name           String,
    k8s_cluster_resource_group String,
    k8s_node_resource_group    String,
    k8s_node_pool              String,
    k8s_vm_name                String,
    k8s_vm_size                LowCardinality(String),
    k8s_pvc_namespace          String,
    k8s_pvc_name               String,
    k8s_pv_name                String,
    k8s_service_namespace      String,
    k8s_service_name           String
)
ENGINE = MergeTree
ORDER BY (scope, dataset, run_id, import_id, source_file, source_line);

-- What every query reads: the rows of the newest complete run of each (scope, dataset, billing
-- period), newest by when Cost Management produced it. A run's rows join only through its
-- 'complete' row, written after the last of them: never a half-imported run, never two runs.
CREATE VIEW IF NOT EXISTS ${database}.cost_line_items_current AS
SELECT * REPLACE (CAST(billed_cost AS Decimal(76, 24)) AS billed_cost,
                  CAST(effective_cost AS Decimal(76, 24)) AS effective_cost,
                  CAST(list_cost AS Nullable(Decimal(76, 24))) AS list_cost,
                  CAST(consumed_quantity AS Nullable(Decimal(76, 24))) AS consumed_quantity)
FROM ${database}.cost_line_items
WHERE import_id IN (
    SELECT argMax(import_id, (produced_at, imported_at, run_id))
    FROM ${database}.cost_export_runs_latest
    WHERE status = 'complete'
    GROUP BY scope, dataset, billing_period);
