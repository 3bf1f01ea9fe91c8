-- Published versions of the monthly chargeback report (issue 8, reports/README.md): one row per
-- version written by `tally report`, after its manifest is in place. The files are the record
-- (immutable, with their own manifest); this table is what the finance dashboard lists
-- ("report versions published"). Totals are per currency, Decimal(76, 24) like the run totals;
-- a basis the report does not carry is an empty map.
CREATE TABLE IF NOT EXISTS ${database}.report_versions
(
    month                 Date,
    version               UInt32,
    basis                 LowCardinality(String),
    generated_at          DateTime64(3, 'UTC'),
    location              String,
    rows                  UInt64,
    billed_cost_totals    Map(String, Decimal(76, 24)),
    effective_cost_totals Map(String, Decimal(76, 24)),
    reconciled            UInt8,
    parquet_sha256        String,
    export_run_ids        Array(String)
)
ENGINE = ReplacingMergeTree
ORDER BY (month, location, version);
