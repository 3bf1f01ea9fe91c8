package dev.tally.jobs.allocation.stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.jobs.allocation.input.CostItem;
import dev.tally.jobs.allocation.input.CostItemJsonReader;
import dev.tally.jobs.allocation.input.JsonObjects;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
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
    private transient long lastEpochDay;
    private transient String lastDay;

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

    /** Not thread-safe (it remembers the last row's day): one reader per subtask, as Flink gives each its copy. */
    public AllocationInput fromUsageTopic(byte[] json) {
        JsonNode o = JsonObjects.parse(json, "a usage topic row");
        String kind = o.path("row_kind").asText("usage");
        Instant hour = instant(o, "hour");
        String cluster = required(o, "cluster").toLowerCase(Locale.ROOT);
        String day = day(hour);
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
                tag(item.tags(), tagKeys.costCenter()), row.subAccountId(), row.cost().list());
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

    /** The UTC day of an instant as an ISO date, remembered for the next row (rows come hour after hour). */
    private String day(Instant at) {
        long epochDay = Math.floorDiv(at.getEpochSecond(), 86_400L);
        if (epochDay != lastEpochDay || lastDay == null) {
            lastDay = java.time.LocalDate.ofEpochDay(epochDay).toString();
            lastEpochDay = epochDay;
        }
        return lastDay;
    }

    private static Instant instant(JsonNode o, String field) {
        String text = required(o, field);
        Instant fast = wholeSecondUtc(text);
        if (fast != null) {
            return fast;
        }
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + " is not an ISO-8601 instant: " + text, e);
        }
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ssZ}, as {@code Instant.toString()} writes whole seconds (every hour
     * on the topic), read without a formatter, which was a tenth of the job's time; null otherwise.
     */
    static Instant wholeSecondUtc(String t) {
        if (t.length() != 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || t.charAt(19) != 'Z') {
            return null;
        }
        try {
            java.time.LocalDate date = java.time.LocalDate.of(Integer.parseInt(t, 0, 4, 10), Integer.parseInt(t, 5, 7, 10),
                    Integer.parseInt(t, 8, 10, 10));
            int h = Integer.parseInt(t, 11, 13, 10);
            int m = Integer.parseInt(t, 14, 16, 10);
            int sec = Integer.parseInt(t, 17, 19, 10);
            if (h > 23 || m > 59 || sec > 59) {
                return null;
            }
            return Instant.ofEpochSecond(date.toEpochDay() * 86_400L + h * 3600L + m * 60L + sec);
        } catch (RuntimeException e) {
            return null;   // the formatter reads it, or says why not
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
