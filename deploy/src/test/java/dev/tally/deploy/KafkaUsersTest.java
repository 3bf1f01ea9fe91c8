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
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

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
