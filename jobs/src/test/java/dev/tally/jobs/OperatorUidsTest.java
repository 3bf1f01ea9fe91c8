package dev.tally.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.topics.Topic;
import dev.tally.jobs.allocation.stream.AllocatedPricesTopic;
import dev.tally.jobs.allocation.stream.AllocationJob;
import dev.tally.jobs.allocation.stream.AllocationSettings;
import dev.tally.jobs.allocation.stream.WorkloadOwnerLookup;
import dev.tally.jobs.ingesthealth.IngestSamplesJob;
import dev.tally.jobs.logvolume.LogVolumeJob;
import dev.tally.jobs.rightsizing.RightsizingJob;
import dev.tally.jobs.rightsizing.RightsizingSettings;
import dev.tally.jobs.usage.UsageJob;
import dev.tally.jobs.usage.UsageSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A job restores from a savepoint (an upgrade) only when each operator's state finds its operator
 * again: Flink matches them by the operator's uid, and without an explicit one it derives an id
 * from the graph's shape, which any change to the job moves. So every operator of every job, as
 * the deployed entries build it, carries an explicit, unique uid (docs/operations.md, upgrades).
 */
class OperatorUidsTest {
    private static final KafkaConnection KAFKA = KafkaConnection.plaintext("localhost:9092");
    private static final ClickHouseUrl CLICKHOUSE = ClickHouseUrl.parse("http://localhost:8123/tally");

    static Stream<Arguments> jobs() {
        return Stream.of(
                job("ingest samples", IngestSamplesJob.kafka(KAFKA, CLICKHOUSE,
                        IngestSamplesJob.IngestSamplesSettings.defaults(), false)::addTo),
                job("usage", UsageJob.kafka(KAFKA, Topic.METRICS.topicName(), UsageJob.CONSUMER_GROUP, CLICKHOUSE,
                        UsageSettings.defaults(), false)::addTo),
                job("log volume", LogVolumeJob.kafka(KAFKA, CLICKHOUSE, LogVolumeJob.LogVolumeSettings.defaults(), false)::addTo),
                job("rightsizing", RightsizingJob.kafka(KAFKA, Topic.METRICS.topicName(), RightsizingJob.CONSUMER_GROUP,
                        CLICKHOUSE, RightsizingSettings.defaults(), false)::addTo),
                job("allocation", AllocationJob.kafka(KAFKA, "", AllocationJob.CONSUMER_GROUP, CLICKHOUSE,
                                AllocationSettings.defaults(), WorkloadOwnerLookup.none(), false)
                        .allocatedPricesTo(AllocatedPricesTopic.kafka(KAFKA, ""))::addTo));
    }

    private static Arguments job(String name, Consumer<StreamExecutionEnvironment> addTo) {
        return Arguments.of(name, addTo);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jobs")
    void everyOperatorHasAnExplicitUniqueUid(String job, Consumer<StreamExecutionEnvironment> addTo) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(3);
        addTo.accept(env);
        StreamGraph graph = env.getStreamGraph();

        List<String> withoutUid = new ArrayList<>();
        Map<String, List<String>> operatorsByUid = new HashMap<>();
        for (StreamNode node : graph.getStreamNodes()) {
            String uid = node.getTransformationUID();
            if (uid == null || uid.isBlank()) {
                withoutUid.add(node.getOperatorName());
            } else {
                operatorsByUid.computeIfAbsent(uid, u -> new ArrayList<>()).add(node.getOperatorName());
            }
        }
        assertThat(graph.getStreamNodes()).as("operators of the %s job", job).hasSizeGreaterThan(3);
        assertThat(withoutUid).as("operators of the %s job without an explicit uid (add .uid(...))", job).isEmpty();
        assertThat(operatorsByUid.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::toString).toList())
                .as("uids of the %s job used by more than one operator", job).isEmpty();
    }
}
