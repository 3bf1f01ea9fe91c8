package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.topics.Topic;
import dev.tally.deploy.CustomResources.AclOperation;
import dev.tally.deploy.CustomResources.AclPatternType;
import dev.tally.deploy.CustomResources.AclResourceType;
import dev.tally.deploy.CustomResources.AclRule;
import dev.tally.deploy.CustomResources.FlinkDeployment;
import dev.tally.deploy.CustomResources.Kafka;
import dev.tally.deploy.CustomResources.KafkaUser;
import dev.tally.deploy.CustomResources.KafkaUserAuthenticationType;
import dev.tally.ingest.costs.importer.KafkaCostSink;
import dev.tally.common.kafka.KafkaClientSecurity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One KafkaUser per component that talks to Kafka, with ACLs for exactly the topics, consumer group and
 * transactional ids its code uses (topic names and groups from the code's constants: a rename fails here).
 */
class KafkaUsersTest {
    private static final List<Object> USERS = Manifests.parse(Kustomize.render(Kustomize.KUSTOMIZE_DIR.resolve("kafka-users")));
    private static final Set<AclOperation> READ = Set.of(AclOperation.Read, AclOperation.Describe);
    private static final Set<AclOperation> WRITE = Set.of(AclOperation.Write, AclOperation.Describe);

    /** What each component's code reads and writes: the jobs' from {@link FlinkJobs}, the services' here. */
    private static Map<String, Set<String>> expectedAcls() {
        Map<String, Set<String>> expected = new HashMap<>();
        for (FlinkJobs job : FlinkJobs.ALL) {
            Set<String> acls = new java.util.HashSet<>();
            job.reads().forEach(t -> acls.add(acl(AclResourceType.TOPIC, t.topicName(), AclPatternType.LITERAL, READ)));
            job.writes().forEach(t -> acls.add(acl(AclResourceType.TOPIC, t.topicName(), AclPatternType.LITERAL, WRITE)));
            acls.add(acl(AclResourceType.GROUP, job.consumerGroup(), AclPatternType.LITERAL, Set.of(AclOperation.Read)));
            expected.put(job.deployment(), acls);
        }
        // GatewayHandler writes metrics and logs, GatewayProducer dead letters.
        expected.put("tally-gateway", Set.of(
                acl(AclResourceType.TOPIC, Topic.METRICS.topicName(), AclPatternType.LITERAL, WRITE),
                acl(AclResourceType.TOPIC, Topic.LOGS.topicName(), AclPatternType.LITERAL, WRITE),
                acl(AclResourceType.TOPIC, Topic.DEAD_LETTER.topicName(), AclPatternType.LITERAL, WRITE)));
        // DriftExporterConfig reads the recommendations without a consumer group.
        expected.put("tally-drift-exporter", Set.of(
                acl(AclResourceType.TOPIC, Topic.RIGHTSIZING.topicName(), AclPatternType.LITERAL, READ)));
        // KafkaCostSink: a run's items and dead letters in one transaction.
        expected.put("tally-cost-importer", Set.of(
                acl(AclResourceType.TOPIC, Topic.COSTS.topicName(), AclPatternType.LITERAL, WRITE),
                acl(AclResourceType.TOPIC, Topic.DEAD_LETTER.topicName(), AclPatternType.LITERAL, WRITE),
                acl(AclResourceType.TRANSACTIONAL_ID, KafkaCostSink.TRANSACTIONAL_ID_PREFIX, AclPatternType.PREFIX, WRITE)));
        return expected;
    }

    private static String acl(AclResourceType type, String name, AclPatternType pattern, Set<AclOperation> operations) {
        return type + " " + name + " " + pattern + " " + new java.util.TreeSet<>(operations);
    }

    @Test
    void eachUsersAclsAreExactlyWhatItsCodeReadsAndWrites() {
        Map<String, Set<String>> actual = new HashMap<>();
        for (KafkaUser user : Manifests.all(USERS, KafkaUser.class)) {
            List<String> acls = new ArrayList<>();
            for (AclRule rule : user.spec().authorization().acls()) {
                acls.add(acl(rule.resource().type(), rule.resource().name(), rule.resource().patternType(), Set.copyOf(rule.operations())));
            }
            assertThat(acls).as(user.metadata().getName() + ": one rule per resource").doesNotHaveDuplicates();
            actual.put(user.metadata().getName(), Set.copyOf(acls));
        }
        assertThat(actual).isEqualTo(expectedAcls());
    }

    @Test
    void everyComponentTalkingToKafkaHasAUserAuthenticatedByTlsOnThisKafka() {
        List<Object> prod = Manifests.parse(Kustomize.render(Kustomize.overlay("prod")));
        // Kafka's clients: the jobs, and the Deployments whose egress policy lets them reach the brokers.
        List<String> clients = Stream.concat(Manifests.all(prod, FlinkDeployment.class).stream().map(f -> f.metadata().getName()),
                Manifests.all(prod, Deployment.class).stream().filter(d -> reachesKafka(prod, d)).map(d -> d.getMetadata().getName())).toList();
        List<KafkaUser> users = Manifests.all(USERS, KafkaUser.class);
        assertThat(users).extracting(u -> u.metadata().getName()).containsExactlyInAnyOrderElementsOf(clients);

        Kafka kafka = Manifests.only(prod, Kafka.class);
        for (KafkaUser user : users) {
            assertThat(user.metadata().getLabels()).containsEntry("strimzi.io/cluster", kafka.metadata().getName());
            assertThat(user.spec().authentication().type()).isEqualTo(KafkaUserAuthenticationType.TLS);
            assertThat(user.spec().authorization().type()).isEqualTo("simple");
        }
        assertThat(kafka.spec().kafka().listeners()).anySatisfy(listener -> {
            assertThat(listener.tls()).isTrue();
            assertThat(listener.authentication().type()).isEqualTo("tls");
        });
    }

    /** Each overlay's Kafka clients: the jobs, and the Deployments whose egress policy lets them reach the brokers. */
    static Stream<Path> overlays() {
        return Kustomize.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyKafkaClientConnectsOverTlsWithItsOwnUsersCertificateAndTheClusterCa(Path overlay) {
        assertEveryClientHasItsUserAndSecrets(Manifests.parse(Kustomize.render(overlay)));
    }

    @Test
    void aComponentWithoutItsUsersSecretFails() {
        String prod = Kustomize.render(Kustomize.overlay("prod"));
        String gatewayWithoutUser = prod.replace("secretName: tally-gateway\n", "secretName: tally-gateway-old\n");
        assertThat(gatewayWithoutUser).isNotEqualTo(prod);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertEveryClientHasItsUserAndSecrets(Manifests.parse(gatewayWithoutUser)))
                .hasMessageContaining("tally-gateway");
        String usageInClear = prod.replaceFirst("value: SSL\n", "value: PLAINTEXT\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> assertEveryClientHasItsUserAndSecrets(Manifests.parse(usageInClear)))
                .hasMessageContaining(KafkaClientSecurity.PROTOCOL_ENV);
    }

    /**
     * Every Kafka client of the rendering has a KafkaUser of its name in the rendering, and its pods
     * set {@link KafkaClientSecurity}'s variables to SSL with the stores and password files of the
     * mounted Secrets: the cluster CA's ({@code <cluster>-cluster-ca-cert}: ca.p12, ca.password) and
     * its user's (user.p12, user.password).
     */
    private static void assertEveryClientHasItsUserAndSecrets(List<Object> objects) {
        Kafka kafka = Manifests.only(objects, Kafka.class);
        String caSecret = kafka.metadata().getName() + "-cluster-ca-cert";
        Map<String, PodSpec> clients = new java.util.TreeMap<>();
        Manifests.all(objects, FlinkDeployment.class).forEach(f -> clients.put(f.metadata().getName(), f.spec().podTemplate().getSpec()));
        Manifests.all(objects, Deployment.class).stream().filter(d -> reachesKafka(objects, d))
                .forEach(d -> clients.put(d.getMetadata().getName(), d.getSpec().getTemplate().getSpec()));
        assertThat(clients).as("Kafka clients").isNotEmpty();
        Set<String> users = Manifests.all(objects, KafkaUser.class).stream()
                .filter(u -> kafka.metadata().getName().equals(u.metadata().getLabels().get("strimzi.io/cluster")))
                .map(u -> u.metadata().getName()).collect(java.util.stream.Collectors.toSet());
        clients.forEach((component, pod) -> {
            assertThat(users).as(component + ": its KafkaUser on Kafka " + kafka.metadata().getName()).contains(component);
            Container container = pod.getContainers().get(0);
            Map<String, String> env = PodSpecs.env(container);
            assertThat(env).as(component + ": " + KafkaClientSecurity.PROTOCOL_ENV)
                    .containsEntry(KafkaClientSecurity.PROTOCOL_ENV, KafkaClientSecurity.Protocol.SSL.name());
            String suffix = KafkaClientSecurity.FILE_SUFFIX;
            assertThat(secretFile(component, pod, container, env.get(KafkaClientSecurity.TRUSTSTORE_LOCATION_ENV)))
                    .as(component + ": truststore").isEqualTo(caSecret + "/ca.p12");
            assertThat(secretFile(component, pod, container, env.get(KafkaClientSecurity.TRUSTSTORE_PASSWORD_ENV + suffix)))
                    .as(component + ": truststore password").isEqualTo(caSecret + "/ca.password");
            assertThat(secretFile(component, pod, container, env.get(KafkaClientSecurity.KEYSTORE_LOCATION_ENV)))
                    .as(component + ": keystore").isEqualTo(component + "/user.p12");
            assertThat(secretFile(component, pod, container, env.get(KafkaClientSecurity.KEYSTORE_PASSWORD_ENV + suffix)))
                    .as(component + ": keystore password").isEqualTo(component + "/user.password");
        });
    }

    /** {@code secret/key} of the file at {@code path} in the container, or where it is not a mounted Secret's key, what it is. */
    private static String secretFile(String component, PodSpec pod, Container container, String path) {
        if (path == null) {
            return "(variable not set)";
        }
        Path file = Path.of(path);
        VolumeMount mount = container.getVolumeMounts().stream().filter(m -> Path.of(m.getMountPath()).equals(file.getParent()))
                .findFirst().orElse(null);
        if (mount == null) {
            return "(nothing mounted at " + file.getParent() + ")";
        }
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(component + ": no volume " + mount.getName()));
        if (volume.getSecret() == null) {
            return "(" + mount.getName() + " is not a Secret)";
        }
        String name = file.getFileName().toString();
        List<KeyToPath> items = volume.getSecret().getItems();
        String key = items == null || items.isEmpty() ? name
                : items.stream().filter(i -> i.getPath().equals(name)).map(KeyToPath::getKey).findFirst().orElse("(no item " + name + ")");
        return volume.getSecret().getSecretName() + "/" + key;
    }

    private static boolean reachesKafka(List<Object> objects, Deployment deployment) {
        Map<String, String> labels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        return Manifests.all(objects, NetworkPolicy.class).stream()
                .filter(p -> p.getSpec().getPodSelector().getMatchLabels() != null
                        && labels.entrySet().containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet()))
                .flatMap(p -> p.getSpec().getEgress() == null ? Stream.empty() : p.getSpec().getEgress().stream())
                .flatMap(rule -> rule.getTo().stream())
                .anyMatch(peer -> peer.getPodSelector() != null && peer.getPodSelector().getMatchLabels() != null
                        && peer.getPodSelector().getMatchLabels().containsKey("strimzi.io/cluster"));
    }

    @Test
    void aMisspeltOperationFails() {
        String rendered = Kustomize.render(Kustomize.KUSTOMIZE_DIR.resolve("kafka-users"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Manifests.parse(rendered.replaceFirst("- Describe", "- Describ")))
                .hasMessageContaining("Describ");
    }
}
