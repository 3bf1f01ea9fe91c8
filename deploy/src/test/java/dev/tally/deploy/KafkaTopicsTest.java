package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.topics.Topic;
import dev.tally.deploy.CustomResources.KafkaTopic;
import dev.tally.ingest.gateway.GatewayConfig;
import dev.tally.ingest.gateway.GatewayConfigLoader;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The KafkaTopics of every overlay are exactly common's {@link Topic}s, with the settings the contracts need. */
class KafkaTopicsTest {

    static Stream<Path> overlays() {
        return Kustomize.overlays().stream();
    }

    private static Map<String, KafkaTopic> byTopicName(List<Object> objects) {
        return Manifests.all(objects, KafkaTopic.class).stream()
                .collect(Collectors.toMap(t -> t.spec().topicName(), Function.identity()));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyTopicOfTheEnumAndNoOtherHasAKafkaTopicWithItsConfig(Path overlay) {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        Map<String, KafkaTopic> topics = byTopicName(objects);

        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(Topic.all().stream().map(Topic::topicName).toList());
        for (Topic topic : Topic.all()) {
            KafkaTopic kafkaTopic = topics.get(topic.topicName());
            assertThat(kafkaTopic.spec().config()).as(topic.topicName()).containsAllEntriesOf(topic.config());
            assertThat(kafkaTopic.metadata().getLabels()).as(topic.topicName()).containsEntry("strimzi.io/cluster", "tally");
            assertThat(kafkaTopic.spec().partitions()).as(topic.topicName()).isPositive();
            // Writers use acks=all: a topic needs more replicas than min.insync.replicas, or
            // one broker's restart stops it (a single-broker dev Kafka excepted: 1 and 1).
            int replicas = kafkaTopic.spec().replicas();
            int minInSync = Integer.parseInt(kafkaTopic.spec().config().get("min.insync.replicas"));
            assertThat(replicas == 1 ? minInSync == 1 : minInSync < replicas).as(topic.topicName()).isTrue();
            boolean compacted = kafkaTopic.spec().config().getOrDefault("cleanup.policy", "delete").contains("compact");
            // A compacted topic keeps each key's latest record; a time limit on it would drop live recommendations.
            assertThat(compacted || kafkaTopic.spec().config().containsKey("retention.ms"))
                    .as("%s: retention.ms or compaction", topic.topicName()).isTrue();
            if (compacted) {
                assertThat(kafkaTopic.spec().config()).as(topic.topicName()).doesNotContainKey("retention.ms");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void rawTopicsTakeTheGatewaysLargestRecord(Path overlay, @TempDir Path dir) throws IOException {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        Map<String, KafkaTopic> topics = byTopicName(objects);
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, Manifests.named(objects, ConfigMap.class, "tally-gateway-config").getData().get("gateway.yaml"));
        GatewayConfig gateway = GatewayConfigLoader.load(file, Map.of());

        for (Topic raw : List.of(Topic.METRICS, Topic.LOGS)) {
            KafkaTopic topic = topics.get(raw.topicName());
            assertThat(Long.parseLong(topic.spec().config().get("max.message.bytes"))).as(raw.topicName())
                    .isGreaterThanOrEqualTo(gateway.limits().maxDecompressedBytes());
        }
    }
}
