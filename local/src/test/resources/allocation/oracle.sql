-- The allocation oracle: the rules of docs/allocation.md written again, as plainly as possible, in
-- SQL over Float64 (no exact splitting: agreement is to the cent). Policy: idle kept in __idle__,
-- shared (load balancer, cluster resource, other rows, a public IP or disk of no Service or claim,
-- the compute of kube-system) distributed by requests, CPU:RAM weighted 0.031611 per core-hour
-- : 0.004237 per GiB-hour. Result: cluster, day, namespace, currency, billed, effective.
WITH
    node_days AS (
        SELECT cluster, day, node, any(vm_name) AS vm_name, any(scale_set) AS scale_set, sum(seconds) AS day_seconds
        FROM {db}.o_nodes GROUP BY cluster, day, node),
    set_days AS (
        SELECT cluster, day, scale_set, sum(day_seconds) AS set_seconds FROM node_days GROUP BY cluster, day, scale_set),
    -- a VM row to its node; a scale-set row over the set's nodes by the seconds each existed
    node_cost AS (
        SELECT cluster, day, node, currency, sum(billed) AS billed, sum(effective) AS effective FROM (
            SELECT c.cluster AS cluster, c.day AS day, n.node AS node, c.currency AS currency, c.billed AS billed, c.effective AS effective
            FROM {db}.o_costs AS c INNER JOIN node_days AS n ON c.cluster = n.cluster AND c.day = n.day AND c.vm_name = n.vm_name
            WHERE c.kind = 'NODE' AND c.vm_name != ''
            UNION ALL
            SELECT c.cluster, c.day, n.node, c.currency, c.billed * n.day_seconds / s.set_seconds, c.effective * n.day_seconds / s.set_seconds
            FROM {db}.o_costs AS c
            INNER JOIN node_days AS n ON c.cluster = n.cluster AND c.day = n.day AND c.scale_set = n.scale_set
            INNER JOIN set_days AS s ON c.cluster = s.cluster AND c.day = s.day AND c.scale_set = s.scale_set
            WHERE c.kind = 'NODE' AND c.vm_name = '')
        GROUP BY cluster, day, node, currency),
    -- each hour its share of the day by seconds; its CPU and memory parts by the node's shape
    node_hours AS (
        SELECT h.cluster AS cluster, h.day AS day, h.node AS node, h.hour AS hour, k.currency AS currency,
               h.cores * h.seconds AS cpu_capacity, h.memory * h.seconds AS memory_capacity,
               k.billed * h.seconds / d.day_seconds AS billed, k.effective * h.seconds / d.day_seconds AS effective,
               h.cores * 0.031611 * 1073741824 / (h.cores * 0.031611 * 1073741824 + h.memory * 0.004237) AS cpu_fraction
        FROM {db}.o_nodes AS h
        INNER JOIN node_cost AS k ON h.cluster = k.cluster AND h.day = k.day AND h.node = k.node
        INNER JOIN node_days AS d ON h.cluster = d.cluster AND h.day = d.day AND h.node = d.node),
    claims AS (
        SELECT cluster, day, node, hour, sum(greatest(cpu_request, cpu_use)) AS cpu_claimed,
               sum(greatest(memory_request, memory_use)) AS memory_claimed
        FROM {db}.o_containers GROUP BY cluster, day, node, hour),
    -- a container: max(request, usage) of what the node could hold (or of what all claimed, when more)
    container_cost AS (
        SELECT c.cluster AS cluster, c.day AS day, c.namespace AS namespace, c.workload AS workload, h.currency AS currency,
               c.cpu_request * 0.031611 * 1073741824 + c.memory_request * 0.004237 AS request_value,
               h.billed * h.cpu_fraction * greatest(c.cpu_request, c.cpu_use) / greatest(h.cpu_capacity, k.cpu_claimed)
                 + h.billed * (1 - h.cpu_fraction) * greatest(c.memory_request, c.memory_use) / greatest(h.memory_capacity, k.memory_claimed) AS billed,
               h.effective * h.cpu_fraction * greatest(c.cpu_request, c.cpu_use) / greatest(h.cpu_capacity, k.cpu_claimed)
                 + h.effective * (1 - h.cpu_fraction) * greatest(c.memory_request, c.memory_use) / greatest(h.memory_capacity, k.memory_claimed) AS effective
        FROM {db}.o_containers AS c
        INNER JOIN node_hours AS h ON c.cluster = h.cluster AND c.day = h.day AND c.node = h.node AND c.hour = h.hour
        INNER JOIN claims AS k ON c.cluster = k.cluster AND c.day = k.day AND c.node = k.node AND c.hour = k.hour),
    idle AS (
        SELECT n.cluster AS cluster, n.day AS day, n.currency AS currency, n.billed - ifNull(c.billed, 0) AS billed,
               n.effective - ifNull(c.effective, 0) AS effective
        FROM (SELECT cluster, day, currency, sum(billed) AS billed, sum(effective) AS effective FROM node_cost GROUP BY cluster, day, currency) AS n
        LEFT JOIN (SELECT cluster, day, currency, sum(billed) AS billed, sum(effective) AS effective FROM container_cost GROUP BY cluster, day, currency) AS c
            ON n.cluster = c.cluster AND n.day = c.day AND n.currency = c.currency),
    unallocated AS (
        SELECT cluster, day, currency, billed, effective FROM {db}.o_costs
        WHERE cluster != '' AND kind = 'NODE' AND (
            (vm_name != '' AND (cluster, day, vm_name) NOT IN (SELECT cluster, day, vm_name FROM node_days))
            OR (vm_name = '' AND (cluster, day, scale_set) NOT IN (SELECT cluster, day, scale_set FROM node_days)))),
    direct AS (
        SELECT cluster, day, if(kind = 'DISK', pvc_namespace, service_namespace) AS namespace, currency, billed, effective
        FROM {db}.o_costs
        WHERE cluster != '' AND ((kind = 'DISK' AND pvc_namespace != '') OR (kind = 'PUBLIC_IP' AND service_namespace != ''))),
    shared AS (
        SELECT cluster, day, currency, sum(billed) AS billed, sum(effective) AS effective FROM (
            SELECT cluster, day, currency, billed, effective FROM {db}.o_costs
            WHERE cluster != '' AND (kind IN ('LOAD_BALANCER', 'CLUSTER', 'OTHER')
                OR (kind = 'DISK' AND pvc_namespace = '') OR (kind = 'PUBLIC_IP' AND service_namespace = ''))
            UNION ALL
            SELECT cluster, day, currency, billed, effective FROM container_cost WHERE namespace = 'kube-system')
        GROUP BY cluster, day, currency),
    weights AS (
        SELECT cluster, day, currency, namespace, sum(request_value) AS weight FROM container_cost
        WHERE namespace != 'kube-system' GROUP BY cluster, day, currency, namespace),
    weight_totals AS (
        SELECT cluster, day, currency, sum(weight) AS total FROM weights GROUP BY cluster, day, currency),
    shared_out AS (
        SELECT s.cluster AS cluster, s.day AS day, w.namespace AS namespace, s.currency AS currency,
               s.billed * w.weight / t.total AS billed, s.effective * w.weight / t.total AS effective
        FROM shared AS s
        INNER JOIN weight_totals AS t ON s.cluster = t.cluster AND s.day = t.day AND s.currency = t.currency
        INNER JOIN weights AS w ON s.cluster = w.cluster AND s.day = w.day AND s.currency = w.currency
        WHERE t.total > 0
        UNION ALL
        SELECT s.cluster, s.day, '__shared__', s.currency, s.billed, s.effective
        FROM shared AS s
        LEFT JOIN weight_totals AS t ON s.cluster = t.cluster AND s.day = t.day AND s.currency = t.currency
        WHERE ifNull(t.total, 0) <= 0)
SELECT cluster, toString(day) AS day, namespace, currency, sum(billed) AS billed, sum(effective) AS effective FROM (
    SELECT cluster, day, namespace, currency, billed, effective FROM container_cost WHERE namespace != 'kube-system'
    UNION ALL SELECT cluster, day, '__idle__', currency, billed, effective FROM idle
    UNION ALL SELECT cluster, day, '__unallocated__', currency, billed, effective FROM unallocated
    UNION ALL SELECT cluster, day, namespace, currency, billed, effective FROM direct
    UNION ALL SELECT cluster, day, namespace, currency, billed, effective FROM shared_out
    UNION ALL SELECT '', day, if(team_tag != '' OR namespace_tag != '', namespace_tag, '__unallocated__'), currency, billed, effective
              FROM {db}.o_costs WHERE cluster = '')
GROUP BY cluster, day, namespace, currency
