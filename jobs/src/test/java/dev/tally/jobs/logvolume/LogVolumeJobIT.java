package dev.tally.jobs.logvolume;

import static dev.tally.jobs.logvolume.LogVolumeCountingTest.log;
import static dev.tally.jobs.logvolume.LogVolumeCountingTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.allocation.stream.AllocationInputReader;
import dev.tally.jobs.allocation.stream.LogHourInput;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.usage.rows.UsageTopicRecord;
import dev.tally.jobs.testing.CollectingSink;
import dev.tally.jobs.testing.ListSource;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The log-volume pipeline on known in-memory input: totals per workload and hour, and what it refuses. */
class LogVolumeJobIT {
    static final Instant START = Instant.parse("2026-11-20T00:00:00Z");

    @Test
    void countsRecordsAndBytesPerWorkloadAndHourAndTurnsBadRecordsIntoDeadLetters() throws Exception {
        List<RawTelemetry> input = new ArrayList<>();
        long offset = 0;
        // every 30 s for 3 hours, per cluster: checkout-api writes 2 lines of 10 bytes, kube-proxy 1 line of 4 bytes
        for (Instant t = START; t.isBefore(START.plus(Duration.ofHours(3))); t = t.plusSeconds(30)) {
            for (String cluster : List.of("aks-prod-weu", "aks-dev-weu")) {
                ExportLogsServiceRequest batch = ExportLogsServiceRequest.newBuilder()
                        .addResourceLogs(resource(new String[]{"k8s.namespace.name", "shop", "k8s.deployment.name", "checkout-api"},
                                log(t, null, "0123456789"), log(t.plusSeconds(10), null, "abcdefghij")))
                        .addResourceLogs(resource(new String[]{"k8s.namespace.name", "kube-system", "k8s.daemonset.name", "kube-proxy"},
                                log(t, null, "sync")))
                        .build();
                input.add(new RawTelemetry(cluster, RecordHeaders.OTLP_LOGS_PROTOBUF, batch.toByteArray(),
                        SourcePosition.kafka("tally.logs.v1", 0, offset++)));
            }
        }
        input.add(300, new RawTelemetry("aks-prod-weu", RecordHeaders.OTLP_LOGS_PROTOBUF,
                "garbage".getBytes(StandardCharsets.UTF_8), SourcePosition.kafka("tally.logs.v1", 1, 77)));
        input.add(new RawTelemetry(null, RecordHeaders.OTLP_LOGS_PROTOBUF, new byte[0],
                SourcePosition.kafka("tally.logs.v1", 2, 5)));
        input.add(new RawTelemetry("aks-dev-weu", RecordHeaders.OTLP_LOGS_PROTOBUF, ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(resource(new String[]{"k8s.namespace.name", "shop", "k8s.deployment.name", "checkout-api"},
                        log(null, null, "no time at all"))).build().toByteArray(),
                SourcePosition.kafka("tally.logs.v1", 2, 6)));

        CollectingSink<LogUsageHourly> totals = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
        CollectingSink<UsageTopicRecord> usageTopic = new CollectingSink<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2);
        new LogVolumeJob(ListSource.of(input, RawTelemetry.class), totals, deadLetters, usageTopic,
                LogVolumeJob.LogVolumeSettings.defaults()).addTo(env);
        env.execute("log volume on known input");

        // what ClickHouse's ReplacingMergeTree keeps: the row with the highest version
        Map<String, String> latest = new TreeMap<>();
        Map<String, Long> versions = new TreeMap<>();
        for (LogUsageHourly row : totals.collected()) {
            String key = row.cluster() + " " + row.namespace() + "/" + row.workloadKind() + "/" + row.workloadName() + " " + row.hour();
            if (row.version() > versions.getOrDefault(key, -1L)) {
                versions.put(key, row.version());
                latest.put(key, row.records() + " records " + row.bytes() + " bytes");
            }
        }
        Map<String, String> expected = new TreeMap<>();
        for (String cluster : List.of("aks-prod-weu", "aks-dev-weu")) {
            for (int h = 0; h < 3; h++) {
                Instant hour = START.plus(Duration.ofHours(h));
                expected.put(cluster + " shop/Deployment/checkout-api " + hour, "240 records 2400 bytes");
                expected.put(cluster + " kube-system/DaemonSet/kube-proxy " + hour, "120 records 480 bytes");
            }
        }
        assertThat(latest).containsExactlyEntriesOf(expected);

        // the same rows on tally.usage.v1 (row_kind log), as the allocation job reads them: its newest version per hour
        AllocationInputReader reader = new AllocationInputReader(AllocationInputReader.TagKeys.defaults());
        Map<String, String> onTopic = new TreeMap<>();
        Map<String, Long> topicVersions = new TreeMap<>();
        for (UsageTopicRecord record : usageTopic.collected()) {
            LogHourInput row = reader.fromUsageTopic(record.value()).log();
            String key = reader.fromUsageTopic(record.value()).cluster() + " " + row.namespace() + "/" + row.workloadKind() + "/"
                    + row.workloadName() + " " + Instant.ofEpochSecond(row.hourEpochSecond());
            if (row.version() > topicVersions.getOrDefault(key, -1L)) {
                topicVersions.put(key, row.version());
                onTopic.put(key, row.version() + " records " + row.bytes() + " bytes");
            }
        }
        assertThat(onTopic).containsExactlyEntriesOf(expected);

        assertThat(deadLetters.collected())
                .extracting(d -> d.position().toString() + " " + d.reason().split(":")[0].split(",")[0])
                .containsExactlyInAnyOrder(
                        "tally.logs.v1-1@77 not an OTLP ExportLogsServiceRequest",
                        "tally.logs.v1-2@5 record has no tally-cluster-id header",
                        "tally.logs.v1-2@6 1 log records have neither time_unix_nano nor observed_time_unix_nano");
        assertThat(deadLetters.collected()).allSatisfy(d -> assertThat(d.stage()).isEqualTo(LogVolumeJob.STAGE));
    }
}
