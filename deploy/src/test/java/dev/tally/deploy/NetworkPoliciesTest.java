package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.deploy.CustomResources.FlinkDeployment;
import dev.tally.deploy.CustomResources.KafkaTopic;
import dev.tally.ingest.gateway.GatewayConfig;
import dev.tally.ingest.gateway.GatewayConfigLoader;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The NetworkPolicies select the pods they are written for and open exactly the ports the other
 * manifests and the code use: a changed port or label cannot leave a flow closed.
 */
class NetworkPoliciesTest {

    static Stream<Path> overlays() {
        return Kustomize.overlays().stream();
    }

    private static NetworkPolicy policy(List<Object> objects, String name) {
        return Manifests.all(objects, NetworkPolicy.class).stream()
                .filter(p -> p.getMetadata().getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no policy " + name));
    }

    /** Ports an egress rule opens towards pods with {@code labels} (in the policy's namespace). */
    private static Set<Integer> egressPortsTo(NetworkPolicy policy, Map<String, String> labels) {
        return policy.getSpec().getEgress().stream()
                .filter(rule -> rule.getTo().stream().anyMatch(peer -> peer.getNamespaceSelector() == null
                        && peer.getPodSelector() != null && labels.entrySet().containsAll(peer.getPodSelector().getMatchLabels().entrySet())))
                .flatMap(rule -> rule.getPorts().stream())
                .map(port -> port.getPort().getIntVal())
                .collect(Collectors.toSet());
    }

    private static int port(String hostAndPort) {
        return Integer.parseInt(hostAndPort.substring(hostAndPort.lastIndexOf(':') + 1));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyPodIsBehindADefaultDenyAndTallysPodsAreSelectedByTheirPolicies(Path overlay) {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));

        NetworkPolicy deny = policy(objects, "default-deny-ingress");
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();

        Deployment gateway = Manifests.named(objects, Deployment.class, "tally-gateway");
        NetworkPolicy gatewayPolicy = policy(objects, "tally-gateway");
        assertThat(gateway.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(gatewayPolicy.getSpec().getPodSelector().getMatchLabels());
        assertThat(gatewayPolicy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");

        // The operator labels a FlinkDeployment's pods app=<its name>.
        for (FlinkDeployment flink : Manifests.all(objects, FlinkDeployment.class)) {
            NetworkPolicy flinkPolicy = policy(objects, flink.metadata().getName());
            assertThat(flinkPolicy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Map.of("app", flink.metadata().getName()));
            assertThat(flinkPolicy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theGatewaysFlowsUseItsPortAndItsKafkasPort(Path overlay, @TempDir Path dir) throws IOException {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, Manifests.named(objects, ConfigMap.class, "tally-gateway-config").getData().get("gateway.yaml"));
        GatewayConfig config = GatewayConfigLoader.load(file, Map.of());
        NetworkPolicy policy = policy(objects, "tally-gateway");

        assertThat(policy.getSpec().getIngress()).flatExtracting(NetworkPolicyIngressRule::getPorts)
                .extracting(p -> p.getPort().getIntVal()).containsOnly(config.port());
        Map<String, String> kafkaPods = Map.of("strimzi.io/cluster", kafkaCluster(objects));
        assertThat(egressPortsTo(policy, kafkaPods)).containsExactly(port(config.kafka().bootstrapServers().split(",")[0]));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void eachJobsFlowsUseThePortsOfItsSettings(Path overlay) {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        for (FlinkDeployment job : Manifests.all(objects, FlinkDeployment.class)) {
            Map<String, String> env = job.spec().podTemplate().getSpec().getContainers().get(0).getEnv().stream()
                    .filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
            NetworkPolicy policy = policy(objects, job.metadata().getName());

            Map<String, String> kafkaPods = Map.of("strimzi.io/cluster", kafkaCluster(objects));
            assertThat(egressPortsTo(policy, kafkaPods)).containsExactly(port(env.get("TALLY_KAFKA_BOOTSTRAP_SERVERS").split(",")[0]));
            int clickHousePort = ClickHouseUrl.parse(env.get("TALLY_CLICKHOUSE_URL"), Map.of()).port();
            assertThat(egressPortsTo(policy, Map.of("clickhouse.altinity.com/chi", "tally"))).containsExactly(clickHousePort);
            // HA on the Kubernetes API and state on Azure storage: HTTPS out.
            assertThat(policy.getSpec().getEgress()).anySatisfy(rule -> {
                assertThat(rule.getTo()).isNullOrEmpty();
                assertThat(rule.getPorts()).extracting(p -> p.getPort().getIntVal()).containsExactly(443);
            });
            // The operator reaches the JobManager's REST port.
            assertThat(policy.getSpec().getIngress()).flatExtracting(NetworkPolicyIngressRule::getPorts)
                    .extracting(p -> p.getPort().getIntVal()).contains(8081);
        }
    }

    /**
     * Every workload of Tally's own (Deployments, Jobs, CronJobs) is selected by a policy limiting its egress,
     * and its Kafka and ClickHouse flows use the ports of its settings.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void everyWorkloadsEgressIsLimitedToThePortsOfItsSettings(Path overlay) {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        Map<String, String> kafkaPods = Map.of("strimzi.io/cluster", kafkaCluster(objects));
        PodSpecs.templates(objects).forEach((workload, template) -> {
            Map<String, String> labels = template.getMetadata().getLabels();
            List<NetworkPolicy> selecting = Manifests.all(objects, NetworkPolicy.class).stream()
                    .filter(p -> p.getSpec().getPolicyTypes().contains("Egress"))
                    .filter(p -> p.getSpec().getPodSelector().getMatchLabels() != null
                            && labels.entrySet().containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet()))
                    .toList();
            assertThat(selecting).as(workload + ": policies limiting its egress").hasSize(1);
            NetworkPolicy policy = selecting.get(0);
            for (Container container : template.getSpec().getContainers()) {
                Map<String, String> env = PodSpecs.env(container);
                for (String bootstrap : List.of("TALLY_KAFKA_BOOTSTRAP", "TALLY_KAFKA_BOOTSTRAP_SERVERS")) {
                    if (env.containsKey(bootstrap)) {
                        assertThat(egressPortsTo(policy, kafkaPods)).as(workload).containsExactly(port(env.get(bootstrap).split(",")[0]));
                    }
                }
                if (env.containsKey("CLICKHOUSE_URL")) {
                    int clickHousePort = ClickHouseUrl.parse(env.get("CLICKHOUSE_URL"), Map.of()).port();
                    assertThat(egressPortsTo(policy, Map.of("clickhouse.altinity.com/chi", "tally"))).as(workload).containsExactly(clickHousePort);
                }
            }
        });
    }

    private static String kafkaCluster(List<Object> objects) {
        Set<String> clusters = Manifests.all(objects, KafkaTopic.class).stream()
                .map(t -> t.metadata().getLabels().get("strimzi.io/cluster")).filter(Objects::nonNull).collect(Collectors.toSet());
        assertThat(clusters).hasSize(1);
        return clusters.iterator().next();
    }
}
