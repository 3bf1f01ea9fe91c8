package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
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
                "KafkaTopic", "FlinkDeployment", "PrometheusRule", "NetworkPolicy", "Kafka", "KafkaNodePool", "ServiceMonitor");
        assertThat(Manifests.all(objects, CustomResources.KafkaTopic.class)).hasSize(6);
    }

    /** One misspelt field in each family of models, put into the real rendered dev overlay. */
    static Stream<Arguments> typos() {
        return Stream.of(
                Arguments.of("containerPort: 8480", "containerPortt: 8480", "containerPortt"),
                Arguments.of("readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true", "readOnlyRootFileSystem"),
                Arguments.of("ingressClassName: nginx", "ingressClass: nginx", "ingressClass"),
                Arguments.of("minReplicas: 1", "minReplica: 1", "minReplica"),
                Arguments.of("namespaceSelector:", "namespaceSelecter:", "namespaceSelecter"),
                Arguments.of("topicName: tally.costs.v1", "topic: tally.costs.v1", "topic"),
                Arguments.of("interval: 30s", "intervall: 30s", "intervall"),
                Arguments.of("kraftMetadata: shared", "kraftMetaData: shared", "kraftMetaData"),
                Arguments.of("- broker", "- brokers", "brokers"),
                Arguments.of("upgradeMode: savepoint", "upgradMode: savepoint", "upgradMode"),
                Arguments.of("upgradeMode: savepoint", "upgradeMode: save-point", "save-point"),
                Arguments.of("entryClass: dev.tally", "entryclass: dev.tally", "entryclass"),
                Arguments.of("alert: TallyContainerOverProvisioned", "alertt: TallyContainerOverProvisioned", "alertt"));
    }

    @ParameterizedTest
    @MethodSource("typos")
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
