-- Where each allocated amount came from (issue 8, docs/allocation.md "Origin"): the invoice
-- resource (the export's ResourceId: the scale set, the disk, the load balancer, the public IP, the
-- AKS cluster resource …) and its subscription (SubAccountId), and the list cost (FOCUS ListCost)
-- where the export has one: NULL when unknown, never zero. A workload charged from two resources
-- on one day has one row per resource, so the sorting key takes the resource (and the subscription,
-- for rows of no resource id): without them ReplacingMergeTree would collapse those rows into one.
-- Rows written before this migration keep empty origins (a String's default) and a NULL list cost.
--
-- origin_kept: 1 on rows of a computation that kept the origin, 0 on older rows. A replay of the
-- allocation from the start recomputes each cluster-day up to the same version as before (the
-- version counts input records), but into rows of other keys; the view prefers, at equal version,
-- the computation that kept the origin, so the old rows never show beside the new ones.
ALTER TABLE ${database}.cost_allocation_daily
    ADD COLUMN IF NOT EXISTS resource_id String AFTER currency,
    ADD COLUMN IF NOT EXISTS sub_account_id LowCardinality(String) AFTER resource_id,
    ADD COLUMN IF NOT EXISTS list_cost Nullable(Decimal(38, 24)) AFTER effective_cost,
    ADD COLUMN IF NOT EXISTS origin_kept UInt8 DEFAULT 0 AFTER version,
    MODIFY ORDER BY (day, cluster, namespace, workload_kind, workload_name, category, currency, resource_id,
                     sub_account_id);

CREATE OR REPLACE VIEW ${database}.cost_allocation_daily_latest AS
SELECT * EXCEPT (origin_kept)
         REPLACE (CAST(billed_cost AS Decimal(76, 24)) AS billed_cost,
                  CAST(effective_cost AS Decimal(76, 24)) AS effective_cost,
                  CAST(list_cost AS Nullable(Decimal(76, 24))) AS list_cost)
FROM ${database}.cost_allocation_daily FINAL
WHERE (day, cluster, version, origin_kept) IN (
    SELECT day, cluster, newest.1, newest.2
    FROM (SELECT day, cluster, max((version, origin_kept)) AS newest
          FROM ${database}.cost_allocation_daily
          GROUP BY day, cluster));
