package dev.tally.jobs.allocation.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.jobs.allocation.input.CostItem;
import dev.tally.jobs.allocation.input.CostItemJsonReader;
import dev.tally.jobs.allocation.input.JsonObjects;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the allocation job's two input topics into {@link AllocationInput}s: {@code tally.usage.v1}
 * (usage, node, volume and log rows by {@code row_kind}; docs/pipeline.md, the usage topic) and {@code tally.costs.v1}
 * ({@link CostItemJsonReader}). Money and time integrals are read as exact decimals. Anything
 * unreadable is refused with the reason ({@link IllegalArgumentException}), for a dead letter.
 */
public final class AllocationInputReader implements Serializable {
    private final TagKeys tagKeys;

    public AllocationInputReader(TagKeys tagKeys) {
        this.tagKeys = tagKeys;
    }

    /** Which tags of a resource outside the clusters name its team, namespace and cost center (compared ignoring case). */
    public record TagKeys(List<String> team, List<String> namespace, List<String> costCenter) implements Serializable {
        public TagKeys {
            team = List.copyOf(team);
            namespace = List.copyOf(namespace);
            costCenter = List.copyOf(costCenter);
        }

        public static TagKeys defaults() {
            return new TagKeys(List.of("team", "owner-team"), List.of("namespace", "kubernetes-namespace"),
                    List.of("cost-center", "costcenter", "cost_center"));
        }
    }

    public AllocationInput fromUsageTopic(byte[] json) {
        JsonNode o = JsonObjects.parse(json, "a usage topic row");
        String kind = o.path("row_kind").asText("usage");
        Instant hour = instant(o, "hour");
        String cluster = required(o, "cluster").toLowerCase(Locale.ROOT);
        String day = hour.atZone(ZoneOffset.UTC).toLocalDate().toString();
        long version = o.path("version").asLong();
        return switch (kind) {
            case "usage" -> {
                String pod = required(o, "pod");
                String podUid = o.path("pod_uid").asText("");
                String container = required(o, "container");
                BigDecimal running = decimal(o, "pod_running_seconds");
                // mean working set (a measured double) over the seconds the pod ran: byte-seconds
                BigDecimal memoryUsage = decimal(o, "memory_working_set_avg_bytes").multiply(running);
                yield AllocationInput.of(cluster, day, new ContainerHourInput(
                        pod + "/" + podUid + "/" + container + "/" + hour, hour.getEpochSecond(), required(o, "node"),
                        required(o, "namespace"), o.path("workload_kind").asText(""), o.path("workload_name").asText(""),
                        pod + "/" + container, decimal(o, "cpu_request_core_seconds"), decimal(o, "cpu_usage_core_seconds"),
                        decimal(o, "memory_request_byte_seconds"), memoryUsage, version));
            }
            case "node" -> {
                String node = required(o, "node");
                yield AllocationInput.of(cluster, day, new NodeHourInput(node + "/" + hour, hour.getEpochSecond(), node,
                        o.path("node_pool").asText(""), o.path("vm_size").asText(""), o.path("vmss_resource_id").asText(""),
                        decimal(o, "capacity_cpu_cores"), decimal(o, "capacity_memory_bytes"), decimal(o, "seconds_present"),
                        version));
            }
            case "volume" -> {
                String namespace = required(o, "namespace");
                String claim = required(o, "claim");
                yield AllocationInput.of(cluster, day, new VolumeHourInput(namespace + "/" + claim + "/" + hour,
                        hour.getEpochSecond(), namespace, claim, o.path("storage_class").asText(""),
                        o.path("disk_resource_id").asText(""), decimal(o, "capacity_bytes"), decimal(o, "seconds_present"),
                        version));
            }
            case "log" -> {
                String namespace = required(o, "namespace");
                String workloadKind = o.path("workload_kind").asText("");
                String workloadName = o.path("workload_name").asText("");
                JsonNode bytes = o.path("bytes");
                if (!bytes.canConvertToLong() || bytes.asLong() < 0) {
                    throw new IllegalArgumentException("no bytes (a whole number of bytes, 0 or more, is expected)");
                }
                yield AllocationInput.of(cluster, day, new LogHourInput(namespace + "/" + workloadKind + "/" + workloadName
                        + "/" + hour, hour.getEpochSecond(), namespace, workloadKind, workloadName, bytes.asLong(), version));
            }
            default -> throw new IllegalArgumentException("unknown row_kind " + kind + " (usage, node, volume or log expected)");
        };
    }

    /**
     * @param publishedMillis the record's Kafka timestamp: orders runs when the record does not
     *                        say when Cost Management produced its run ({@code runProducedAt})
     */
    public AllocationInput fromCostTopic(byte[] json, long publishedMillis) {
        JsonNode o = JsonObjects.parse(json, "a cost line item");
        CostItem item = new CostItemJsonReader().read(o);
        long runOrder = publishedMillis;
        JsonNode produced = o.path("runProducedAt");
        if (produced.isTextual()) {
            try {
                runOrder = Instant.parse(produced.asText()).toEpochMilli();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("runProducedAt is not an ISO-8601 instant: " + produced.asText(), e);
            }
        }
        CostItem.Run run = item.run();
        String period = item.billingPeriodStart().toString();
        var row = item.row();
        CostLineInput line = new CostLineInput(run.scope() + "|" + run.dataset() + "|" + period, run.dataset(), run.runId(), runOrder, item.line(),
                period, row.kind(), row.resourceId(), row.vmName(), row.pvcNamespace(), row.pvcName(),
                row.serviceNamespace(), row.serviceName(), row.cost().currency(), row.cost().billed(), row.cost().effective(),
                item.serviceName(), tag(item.tags(), tagKeys.team()), tag(item.tags(), tagKeys.namespace()),
                tag(item.tags(), tagKeys.costCenter()));
        return AllocationInput.of(item.cluster().orElse(""), item.day().toString(), line);
    }

    private static String tag(Map<String, String> tags, List<String> keys) {
        for (String key : keys) {
            for (Map.Entry<String, String> e : tags.entrySet()) {
                if (e.getKey().equalsIgnoreCase(key) && !e.getValue().isBlank()) {
                    return e.getValue().trim();
                }
            }
        }
        return "";
    }

    private static String required(JsonNode o, String field) {
        JsonNode v = o.path(field);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("no " + field);
        }
        return v.asText();
    }

    private static Instant instant(JsonNode o, String field) {
        String text = required(o, field);
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 instant: " + text, e);
        }
    }

    private static BigDecimal decimal(JsonNode o, String field) {
        JsonNode v = o.path(field);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("no " + field + " (a JSON number is expected)");
        }
        return v.decimalValue();
    }
}
