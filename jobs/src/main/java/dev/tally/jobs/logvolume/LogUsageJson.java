package dev.tally.jobs.logvolume;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.jobs.usage.rows.UsageJson;
import dev.tally.jobs.usage.rows.UsageTopicRecord;
import java.nio.charset.StandardCharsets;

/**
 * A {@code log_usage_hourly} row as a record of {@code tally.usage.v1} (the hourly usage rows the
 * allocation job reads; docs/pipeline.md): {@code row_kind} {@code log} and the table's columns
 * ({@code hour}, {@code cluster}, {@code namespace}, {@code workload_kind}, {@code workload_name},
 * {@code records}, {@code bytes}, {@code version}). Key: the workload's hour, so its running totals
 * stay in order on one partition.
 */
public final class LogUsageJson {
    public static final String LOG = "log";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LogUsageJson() {
    }

    public static UsageTopicRecord record(LogUsageHourly r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put(UsageJson.ROW_KIND, LOG);
        n.put("hour", r.hour().toString());
        n.put("cluster", r.cluster());
        n.put("namespace", r.namespace());
        n.put("workload_kind", r.workloadKind());
        n.put("workload_name", r.workloadName());
        n.put("records", r.records());
        n.put("bytes", r.bytes());
        n.put("version", r.version());
        byte[] key = (LOG + "/" + r.cluster() + "/" + r.namespace() + "/" + r.workloadKind() + "/" + r.workloadName() + "/"
                + r.hour()).getBytes(StandardCharsets.UTF_8);
        try {
            return new UsageTopicRecord(key, MAPPER.writeValueAsBytes(n));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write a log usage row as JSON", e);
        }
    }
}
