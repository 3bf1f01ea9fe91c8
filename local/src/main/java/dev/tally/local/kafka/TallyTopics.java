package dev.tally.local.kafka;

import dev.tally.common.topics.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Creates every {@link Topic} on the local broker, idempotently: a topic that exists keeps its data
 * and gets its {@link Topic#config()} re-applied, so a changed setting reaches old data dirs too.
 */
final class TallyTopics {

    private static final Logger LOG = LoggerFactory.getLogger(TallyTopics.class);
    private static final short REPLICATION_FACTOR = 1;
    private static final long TIMEOUT_SECONDS = 60;

    private TallyTopics() {
    }

    static void ensureAll(Admin admin, int partitions) {
        try {
            createMissing(admin, partitions);
            applyConfigs(admin);
            List<TopicPartition> all = partitionsWarningAboutCounts(admin, partitions);
            awaitLeadersServing(admin, all);
        } catch (ExecutionException e) {
            throw new LocalKafkaException("cannot create the Tally topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new LocalKafkaException("cannot create the Tally topics: the broker did not answer within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("interrupted while creating the Tally topics", e);
        }
    }

    private static void createMissing(Admin admin, int partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<NewTopic> topics = Topic.all().stream()
                .map(topic -> new NewTopic(topic.topicName(), partitions, REPLICATION_FACTOR).configs(topic.config()))
                .toList();
        Map<String, KafkaFuture<Void>> results = admin.createTopics(topics, new CreateTopicsOptions()).values();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                result.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                LOG.info("event=kafka_topic_created topic={} partitions={}", result.getKey(), partitions);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /** SET only the keys a topic declares; everything else stays at the broker's default. */
    private static void applyConfigs(Admin admin) throws InterruptedException, ExecutionException, TimeoutException {
        Map<ConfigResource, Collection<AlterConfigOp>> changes = Topic.all().stream()
                .filter(topic -> !topic.config().isEmpty())
                .collect(Collectors.toMap(
                        topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic.topicName()),
                        topic -> topic.config().entrySet().stream()
                                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                                .toList()));
        if (!changes.isEmpty()) {
            retrying(() -> admin.incrementalAlterConfigs(changes).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
    }

    /**
     * Partitions are never changed on an existing topic: adding some would move keys to other
     * partitions and break per-key order for data already there. Delete the data dir to re-size.
     */
    private static List<TopicPartition> partitionsWarningAboutCounts(Admin admin, int partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> names = Topic.all().stream().map(Topic::topicName).toList();
        Map<String, TopicDescription> descriptions =
                retrying(() -> admin.describeTopics(names).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        descriptions.values().stream()
                .filter(d -> d.partitions().size() != partitions)
                .forEach(d -> LOG.warn("event=kafka_topic_partitions_differ topic={} partitions={} configured={}",
                        d.name(), d.partitions().size(), partitions));
        return descriptions.values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
    }

    /**
     * A created topic is in the metadata a moment before its partitions serve requests; the first
     * produce would get NOT_LEADER_OR_FOLLOWER and retry. Asking every partition's leader for its
     * end offset (the admin client retries until the leader answers) makes start-up return only
     * once every Tally partition accepts writes.
     */
    static void awaitLeadersServing(Admin admin, List<TopicPartition> partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
        retrying(() -> admin.listOffsets(latest).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    private interface AdminStep<T> {
        T run() throws InterruptedException, ExecutionException, TimeoutException;
    }

    /**
     * Runs an admin call again while the broker answers with a retriable error: on a busy
     * machine a topic just created may be unknown to the broker's metadata for a moment
     * ("This server does not host this topic-partition"), and the admin client gives up on the
     * first such answer.
     */
    private static <T> T retrying(AdminStep<T> step) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                return step.run();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.debug("event=kafka_admin_retry cause={}", e.getCause().toString());
                Thread.sleep(100);
            }
        }
    }
}
