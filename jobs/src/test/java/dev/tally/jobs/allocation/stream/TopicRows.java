package dev.tally.jobs.allocation.stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.common.deadletter.SourcePosition;
import dev.tally.jobs.usage.rows.NodeHourly;
import dev.tally.jobs.usage.rows.UsageHourly;
import dev.tally.jobs.usage.rows.UsageJson;
import dev.tally.jobs.usage.rows.VolumeHourly;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Records of the allocation job's two topics, for tests: usage, node and volume rows written by
 * the usage job's own {@link UsageJson}; cost line items as the importer's {@code CostItemJson}
 * writes them (the fields allocation reads).
 */
final class TopicRows {
    static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);
    static final String SCALE_SET_PREFIX = "/subscriptions/s/resourcegroups/mc_rg_aks_westeurope/providers/microsoft.compute/"
            + "virtualmachinescalesets/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant PUBLISHED = Instant.parse("2026-02-02T06:00:00Z");

    final List<TopicRecord> usage = new ArrayList<>();
    final List<TopicRecord> costs = new ArrayList<>();
    private final Map<String, Instant> producedAt = new java.util.HashMap<>();
    private long offset;

    /** The run's records say when Cost Management produced it ({@code runProducedAt}). */
    TopicRows produced(String run, Instant at) {
        producedAt.put(run, at);
        return this;
    }

    /** A node (AKS name {@code <scale set>0000<id base 36>}) present {@code seconds} in each of {@code hours} hours from {@code day}. */
    TopicRows node(String cluster, String node, String vmSize, LocalDate day, int fromHour, int hours, long seconds) {
        String scaleSet = node.substring(0, node.length() - 6);
        for (int h = fromHour; h < fromHour + hours; h++) {
            usage(UsageJson.write(new NodeHourly(hour(day, h), cluster, node, "user", vmSize, SCALE_SET_PREFIX + scaleSet,
                    "azure:///" + node, 4, 16 * (double) (1L << 30), 3.8, 14 * (double) (1L << 30),
                    BigDecimal.valueOf(seconds), 1)));
        }
        return this;
    }

    /** A pod's container on {@code node} for {@code hours} whole hours from {@code fromHour}: requests and usage in cores and GiB. */
    TopicRows container(String cluster, String node, String namespace, String kind, String name, LocalDate day, int fromHour,
                        int hours, String cpuRequestCores, String cpuUsedCores, String memoryRequestGib, String memoryUsedGib) {
        for (int h = fromHour; h < fromHour + hours; h++) {
            BigDecimal seconds = BigDecimal.valueOf(3600);
            long usedNanos = new BigDecimal(cpuUsedCores).multiply(seconds).movePointRight(9).longValueExact();
            usage(UsageJson.write(new UsageHourly(hour(day, h), cluster, namespace, name + "-pod", name + "-uid", "app", node,
                    kind, name, new BigDecimal(cpuRequestCores).multiply(seconds), BigDecimal.ZERO,
                    new BigDecimal(memoryRequestGib).multiply(GIB).multiply(seconds), BigDecimal.ZERO, seconds, usedNanos,
                    0, 0, new BigDecimal(memoryUsedGib).multiply(GIB).doubleValue(),
                    new BigDecimal(memoryUsedGib).multiply(GIB).doubleValue(), 120, 0, 0, 480, 1)));
        }
        return this;
    }

    TopicRows volume(String cluster, String namespace, String claim, String storageClass, long gib, LocalDate day, int hours) {
        for (int h = 0; h < hours; h++) {
            usage(UsageJson.write(new VolumeHourly(hour(day, h), cluster, namespace, claim, "pvc-" + claim, storageClass,
                    "disk.csi.azure.com", "/subscriptions/s/resourcegroups/mc/providers/microsoft.compute/disks/pvc-" + claim,
                    gib * (double) (1L << 30), gib * (double) (1L << 30), BigDecimal.valueOf(3600), 1)));
        }
        return this;
    }

    /** A log row (the log volume job's running total of one workload's hour) on the usage topic. */
    TopicRows log(String cluster, String namespace, String kind, String name, LocalDate day, int h, long records, long bytes) {
        return usage(dev.tally.jobs.usage.rows.UsageTopicRecord.of(new dev.tally.jobs.logvolume.LogUsageHourly(hour(day, h),
                cluster, namespace, kind, name, records, bytes)).value());
    }

    TopicRows usage(byte[] json) {
        usage.add(new TopicRecord(json, SourcePosition.kafka("tally.usage.v1", 0, offset++), 0));
        return this;
    }

    /** A VM (scale-set instance) row of the export. */
    TopicRows vm(String run, int line, String cluster, LocalDate day, String vmName, String billed, String effective) {
        ObjectNode k = JSON.createObjectNode().put("kind", "NODE").put("clusterName", cluster).put("vmName", vmName);
        return cost(run, line, day, SCALE_SET_PREFIX + vmName.substring(0, vmName.indexOf('_')), "Virtual Machines",
                billed, effective, "EUR", k, Map.of());
    }

    /** A scale-set-wide row (no VM name). */
    TopicRows scaleSet(String run, int line, String cluster, LocalDate day, String scaleSet, String billed, String effective) {
        ObjectNode k = JSON.createObjectNode().put("kind", "NODE").put("clusterName", cluster);
        return cost(run, line, day, SCALE_SET_PREFIX + scaleSet, "Bandwidth", billed, effective, "EUR", k, Map.of());
    }

    /** A persistent volume's disk, tagged with its claim. */
    TopicRows disk(String run, int line, String cluster, LocalDate day, String namespace, String claim, String cost) {
        ObjectNode k = JSON.createObjectNode().put("kind", "DISK").put("clusterName", cluster)
                .put("pvcNamespace", namespace).put("pvcName", claim);
        return cost(run, line, day, "/subscriptions/s/resourcegroups/mc/providers/microsoft.compute/disks/pvc-" + claim,
                "Storage", cost, cost, "EUR", k, Map.of());
    }

    /** A resource outside any cluster with these tags. */
    TopicRows outside(String run, int line, LocalDate day, String service, String cost, Map<String, String> tags) {
        return cost(run, line, day, "/subscriptions/s/resourcegroups/data/providers/microsoft.sql/servers/db" + line, service,
                cost, cost, "EUR", null, tags);
    }

    TopicRows cost(String run, int line, LocalDate day, String resourceId, String service, String billed, String effective,
                   String currency, ObjectNode kubernetes, Map<String, String> tags) {
        ObjectNode o = JSON.createObjectNode();
        // a run named <scope>/run-<n> belongs to that scope: each case restates only its own runs
        String scope = run.contains("/") ? "/subscriptions/" + run.substring(0, run.indexOf('/')) : "/subscriptions/s";
        o.put("scope", scope).put("dataset", "AmortizedCost").put("runId", run).put("importId", run + "-import")
                .put("sourceFile", run.replace('/', '-') + ".csv").put("sourceLine", line);
        if (producedAt.containsKey(run)) {
            o.put("runProducedAt", producedAt.get(run).toString());
        }
        o.put("billedCost", new BigDecimal(billed)).put("effectiveCost", new BigDecimal(effective)).put("billingCurrency", currency);
        o.put("billingPeriodStart", day.withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString());
        o.put("chargePeriodStart", day.atStartOfDay().toInstant(ZoneOffset.UTC).toString());
        o.put("resourceId", resourceId).put("serviceName", service);
        ObjectNode t = o.putObject("tags");
        tags.forEach(t::put);
        if (kubernetes != null) {
            o.set("kubernetes", kubernetes);
        }
        try {
            // run-<n> is published n hours after the first run
            long n = Long.parseLong(run.substring(run.lastIndexOf('-') + 1));
            costs.add(new TopicRecord(JSON.writeValueAsBytes(o), SourcePosition.kafka("tally.costs.v1", 0, offset++),
                    PUBLISHED.plus(Duration.ofHours(n)).toEpochMilli()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    static Instant hour(LocalDate day, int h) {
        return day.atStartOfDay().toInstant(ZoneOffset.UTC).plus(Duration.ofHours(h));
    }
}
