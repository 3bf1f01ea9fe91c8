package dev.tally.jobs.logvolume;

import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.telemetry.OtlpValues;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.telemetry.TelemetryPayloads;
import dev.tally.jobs.telemetry.UnusableTelemetryException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the log records and body bytes of one raw {@code tally.logs.v1} record per
 * namespace × workload ({@link LogWorkload}) × UTC hour of each record's time:
 * {@code time_unix_nano}, or {@code observed_time_unix_nano} when the source set no time
 * (OTLP allows that). Body bytes are {@link LogBodies#bytes}. The cluster is the record
 * header's (what the gateway authenticated), never {@code k8s.cluster.name}.
 *
 * <p>Log records with neither time cannot be put in an hour: they are returned apart
 * ({@link Result#untimed()}), to become a dead letter; the rest of the request still counts.
 */
public final class LogVolumeCounting {

    private LogVolumeCounting() {
    }

    /**
     * @param counts        one entry per row key, in first-seen order
     * @param untimed       the resources and records that had no time, as a request of their own (empty when none)
     * @param untimedRecords how many log records {@code untimed} holds
     */
    public record Result(List<LogCount> counts, ExportLogsServiceRequest untimed, long untimedRecords) {
    }

    public static Result count(RawTelemetry record) throws UnusableTelemetryException {
        if (record.clusterId() == null || record.clusterId().isBlank()) {
            throw new UnusableTelemetryException("record has no " + RecordHeaders.CLUSTER_ID + " header: the cluster is unknown");
        }
        if (!RecordHeaders.OTLP_LOGS_PROTOBUF.equals(record.contentType())) {
            throw new UnusableTelemetryException("unsupported content type '" + (record.contentType() == null ? "" : record.contentType())
                    + "' on the logs topic (expected " + RecordHeaders.OTLP_LOGS_PROTOBUF + ")");
        }
        ExportLogsServiceRequest request = TelemetryPayloads.otlpLogs(record.payload());
        Map<String, long[]> totals = new LinkedHashMap<>();
        Map<String, LogCount> keys = new HashMap<>();
        ExportLogsServiceRequest.Builder untimed = ExportLogsServiceRequest.newBuilder();
        long untimedRecords = 0;
        for (ResourceLogs resource : request.getResourceLogsList()) {
            LogWorkload workload = LogWorkload.of(attributes(resource.getResource().getAttributesList()));
            ResourceLogs.Builder untimedResource = null;
            for (ScopeLogs scope : resource.getScopeLogsList()) {
                ScopeLogs.Builder untimedScope = null;
                for (LogRecord log : scope.getLogRecordsList()) {
                    long nanos = log.getTimeUnixNano() != 0 ? log.getTimeUnixNano() : log.getObservedTimeUnixNano();
                    if (nanos <= 0) { // unset, or beyond 2262 as an unsigned fixed64
                        if (untimedScope == null) {
                            untimedScope = scope.toBuilder().clearLogRecords();
                        }
                        untimedScope.addLogRecords(log);
                        untimedRecords++;
                        continue;
                    }
                    Instant hour = Instant.ofEpochSecond(0, nanos).truncatedTo(ChronoUnit.HOURS);
                    LogCount key = new LogCount(record.clusterId(), workload.namespace(), workload.kind(), workload.name(),
                            hour, 0, 0, record.position());
                    String rowKey = key.rowKey();
                    keys.putIfAbsent(rowKey, key);
                    long[] total = totals.computeIfAbsent(rowKey, k -> new long[2]);
                    total[0]++;
                    total[1] += LogBodies.bytes(log.getBody());
                }
                if (untimedScope != null) {
                    if (untimedResource == null) {
                        untimedResource = resource.toBuilder().clearScopeLogs();
                    }
                    untimedResource.addScopeLogs(untimedScope);
                }
            }
            if (untimedResource != null) {
                untimed.addResourceLogs(untimedResource);
            }
        }
        List<LogCount> counts = new ArrayList<>(totals.size());
        totals.forEach((rowKey, total) -> {
            LogCount k = keys.get(rowKey);
            counts.add(new LogCount(k.cluster(), k.namespace(), k.workloadKind(), k.workloadName(), k.hour(),
                    total[0], total[1], k.position()));
        });
        return new Result(counts, untimed.build(), untimedRecords);
    }

    /** Resource attributes as strings; non-string values in their plain text form. */
    static Map<String, String> attributes(List<KeyValue> keyValues) {
        Map<String, String> out = new HashMap<>();
        for (KeyValue kv : keyValues) {
            String text = OtlpValues.scalarText(kv.getValue());
            if (text != null) {
                out.put(kv.getKey(), text);
            }
        }
        return out;
    }
}
