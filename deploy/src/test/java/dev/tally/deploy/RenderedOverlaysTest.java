package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every overlay renders, and every object in it parses into a typed model with no unknown field. */
class RenderedOverlaysTest {

    static Stream<Path> overlays() {
        return Kustomize.overlays().stream();
    }

    @Test
    void theOverlaysAreDevAndProd() {
        assertThat(Kustomize.overlays()).extracting(p -> p.getFileName().toString()).containsExactly("dev", "prod");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyObjectOfTheOverlayParsesIntoItsTypedModel(Path overlay) {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));

        assertThat(objects).extracting(o -> o.getClass().getSimpleName()).contains(
                "Deployment", "Service", "Ingress", "PodDisruptionBudget", "HorizontalPodAutoscaler", "ConfigMap",
                "KafkaTopic", "FlinkDeployment", "PrometheusRule", "NetworkPolicy", "Kafka", "KafkaNodePool", "ServiceMonitor",
                "CronJob", "ServiceAccount", "Job", "ClickHouseInstallation", "ClickHouseKeeperInstallation");
        assertThat(Manifests.all(objects, CustomResources.KafkaTopic.class)).hasSize(7);
    }

    /** One misspelt field (or enum value) in each family of models, put into the real rendered dev overlay: field | typo | named. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            containerPort: 8480 | containerPortt: 8480 | containerPortt
            readOnlyRootFilesystem: true | readOnlyRootFileSystem: true | readOnlyRootFileSystem
            ingressClassName: nginx | ingressClass: nginx | ingressClass
            minReplicas: 1 | minReplica: 1 | minReplica
            namespaceSelector: | namespaceSelecter: | namespaceSelecter
            topicName: tally.costs.v1 | topic: tally.costs.v1 | topic
            interval: 30s | intervall: 30s | intervall
            kraftMetadata: shared | kraftMetaData: shared | kraftMetaData
            - broker | - brokers | brokers
            upgradeMode: savepoint | upgradMode: savepoint | upgradMode
            upgradeMode: savepoint | upgradeMode: save-point | save-point
            entryClass: dev.tally | entryclass: dev.tally | entryclass
            alert: TallyContainerOverProvisioned | alertt: TallyContainerOverProvisioned | alertt
            shardsCount: 1 | shardCount: 1 | shardCount
            reclaimPolicy: Retain | reclaimPolicy: Keep | Keep
            ttlSecondsAfterFinished: 3600 | ttlSecondAfterFinished: 3600 | ttlSecondAfterFinished
            concurrencyPolicy: Forbid | concurrencyPolicyy: Forbid | concurrencyPolicyy
            serviceAccountName: tally-cost-importer | serviceAccount_name: tally-cost-importer | serviceAccount_name
            """)
    void aTypoFailsNamingTheField(String field, String typo, String named) {
        String rendered = Kustomize.render(Kustomize.overlay("dev"));
        assertThat(rendered).contains(field);

        assertThatThrownBy(() -> Manifests.parse(rendered.replaceFirst(java.util.regex.Pattern.quote(field), typo)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(named);
    }

    @Test
    void anUnknownKindFails() {
        assertThatThrownBy(() -> Manifests.parse("apiVersion: kafka.strimzi.io/v1beta2\nkind: KafkaTopik\nmetadata: {name: x}\n"))
                .hasMessageContaining("no typed model for kafka.strimzi.io/v1beta2/KafkaTopik");
    }
}
