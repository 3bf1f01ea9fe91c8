package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.kafka.KafkaConnection;
import dev.tally.deploy.CustomResources.FlinkDeployment;
import dev.tally.deploy.CustomResources.GenericKafkaListener;
import dev.tally.deploy.CustomResources.Kafka;
import dev.tally.deploy.CustomResources.KafkaNodePool;
import dev.tally.deploy.CustomResources.KafkaTopic;
import dev.tally.deploy.CustomResources.ProcessRole;
import dev.tally.ingest.drift.DriftExporterConfigLoader;
import dev.tally.ingest.gateway.GatewayConfigLoader;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Strimzi Kafka (KRaft) against its topics and its clients' bootstrap addresses. */
class StrimziKafkaTest {

    static Stream<Path> overlays() {
        return Kustomize.overlays().stream();
    }

    private static int brokers(List<Object> objects) {
        return Manifests.all(objects, KafkaNodePool.class).stream()
                .filter(pool -> pool.spec().roles().contains(ProcessRole.BROKER))
                .mapToInt(pool -> pool.spec().replicas()).sum();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theKafkaRunsInKraftModeAndHoldsEveryTopicItsOperatorManages(Path overlay) {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        Kafka kafka = Manifests.only(objects, Kafka.class);
        String name = kafka.metadata().getName();

        assertThat(kafka.metadata().getAnnotations())
                .containsEntry("strimzi.io/node-pools", "enabled").containsEntry("strimzi.io/kraft", "enabled");
        List<KafkaNodePool> pools = Manifests.all(objects, KafkaNodePool.class);
        assertThat(pools).allSatisfy(pool -> assertThat(pool.metadata().getLabels()).containsEntry("strimzi.io/cluster", name));
        assertThat(pools).flatExtracting(pool -> pool.spec().roles()).contains(ProcessRole.CONTROLLER, ProcessRole.BROKER);
        int controllers = pools.stream().filter(p -> p.spec().roles().contains(ProcessRole.CONTROLLER))
                .mapToInt(p -> p.spec().replicas()).sum();
        assertThat(controllers % 2).as("an odd KRaft quorum").isEqualTo(1);
        assertThat(kafka.spec().entityOperator().topicOperator()).isNotNull();
        assertThat(kafka.spec().kafka().config()).containsEntry("auto.create.topics.enable", false);

        Map<String, Object> config = kafka.spec().kafka().config();
        int brokers = brokers(objects);
        for (String factor : List.of("default.replication.factor", "offsets.topic.replication.factor",
                "transaction.state.log.replication.factor")) {
            assertThat((Integer) config.get(factor)).as(factor).isBetween(1, brokers);
        }
        for (KafkaTopic topic : Manifests.all(objects, KafkaTopic.class)) {
            assertThat(topic.metadata().getLabels()).as(topic.spec().topicName()).containsEntry("strimzi.io/cluster", name);
            assertThat(topic.spec().replicas()).as(topic.spec().topicName()).isBetween(1, brokers);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyClientBootstrapsFromTheMutualTlsListenerOfThisKafka(Path overlay, @TempDir Path dir) throws IOException {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        Kafka kafka = Manifests.only(objects, Kafka.class);
        // nothing in the clear: the only listener is the one whose clients show their KafkaUser's certificate
        assertThat(kafka.spec().kafka().listeners()).singleElement().satisfies(l -> {
            assertThat(l.tls()).isTrue();
            assertThat(l.authentication().type()).isEqualTo("tls");
        });
        GenericKafkaListener tls = kafka.spec().kafka().listeners().get(0);
        // Strimzi's bootstrap Service for a cluster is <name>-kafka-bootstrap.
        String expected = kafka.metadata().getName() + "-kafka-bootstrap:" + tls.port();

        List<String> bootstraps = new ArrayList<>();
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, Manifests.named(objects, ConfigMap.class, "tally-gateway-config").getData().get("gateway.yaml"));
        bootstraps.add(GatewayConfigLoader.load(file, Map.of()).kafka().bootstrapServers());
        for (FlinkDeployment flink : Manifests.all(objects, FlinkDeployment.class)) {
            flink.spec().podTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .filter(e -> e.getName().equals(KafkaConnection.BOOTSTRAP_SERVERS_ENV)).map(EnvVar::getValue)
                    .forEach(bootstraps::add);
        }
        Path exporter = dir.resolve("drift-exporter.yaml");
        Files.writeString(exporter, Manifests.named(objects, ConfigMap.class, "tally-drift-exporter-config").getData().get("drift-exporter.yaml"));
        bootstraps.add(DriftExporterConfigLoader.load(exporter, Map.of()).bootstrapServers());
        // The CLI's workloads (cost importer): the default of its --kafka option.
        PodSpecs.templates(objects).values().stream().flatMap(t -> t.getSpec().getContainers().stream())
                .map(c -> PodSpecs.env(c).get(KafkaConnection.BOOTSTRAP_SERVERS_ENV)).filter(java.util.Objects::nonNull).forEach(bootstraps::add);
        assertThat(bootstraps).hasSize(FlinkJobs.ALL.size() + 3).containsOnly(expected);
    }
}
