package dev.tally.local.kafka;

import dev.tally.local.stack.DataFolder;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.common.topics.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local stack's embedded Kafka, told as the stories its users live through. */
class LocalKafkaIT {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void everyTallyTopicExistsWithItsConfigOnTheSingleNode() throws Exception {
        try (Admin admin = admin(TestKafka.bootstrapServers())) {
            Set<String> expected = Topic.all().stream().map(Topic::topicName).collect(Collectors.toSet());
            assertThat(admin.listTopics().names().get()).containsAll(expected);

            Map<String, TopicDescription> descriptions = admin.describeTopics(expected).allTopicNames().get();
            for (TopicDescription description : descriptions.values()) {
                assertThat(description.partitions()).as(description.name()).hasSize(LocalKafkaConfig.DEFAULT_TOPIC_PARTITIONS);
                description.partitions().forEach(p -> assertThat(p.replicas()).as(description.name()).hasSize(1));
            }

            Map<String, String> cleanupPolicies = new HashMap<>();
            for (Topic topic : Topic.all()) {
                Config config = topicConfig(admin, topic.topicName());
                cleanupPolicies.put(topic.topicName(), config.get("cleanup.policy").value());
                topic.config().forEach((key, value) ->
                        assertThat(config.get(key).value()).as(topic.topicName() + " " + key).isEqualTo(value));
            }
            assertThat(cleanupPolicies).isEqualTo(Map.of(
                    "tally.metrics.v1", "delete",
                    "tally.logs.v1", "delete",
                    "tally.costs.v1", "delete",
                    "tally.usage.v1", "delete",
                    "tally.rightsizing.v1", "compact",
                    "tally.allocated-prices.v1", "compact",
                    "tally.deadletter.v1", "delete"));

            Config broker = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                    .all().get().values().iterator().next();
            assertThat(broker.get("auto.create.topics.enable").value()).isEqualTo("false");
            assertThat(broker.get("offsets.topic.replication.factor").value()).isEqualTo("1");
            assertThat(broker.get("transaction.state.log.replication.factor").value()).isEqualTo("1");
            assertThat(broker.get("transaction.state.log.min.isr").value()).isEqualTo("1");
            assertThat(broker.get("min.insync.replicas").value()).isEqualTo("1");
            assertThat(broker.get("group.initial.rebalance.delay.ms").value()).isEqualTo("0");
            assertThat(Long.parseLong(broker.get("transaction.max.timeout.ms").value()))
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(15).toMillis());
        }
    }

    @Test
    void aClustersThousandRecordsFromAnIdempotentProducerAreReadBackExactly() throws Exception {
        String topic = createTopic("it.idempotent.v1", 3);
        Map<String, Sent> sent = new LinkedHashMap<>();
        try (KafkaProducer<String, String> producer = producer(Map.of(
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.ACKS_CONFIG, "all"))) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                String key = "container-" + i;
                Sent record = new Sent("payload-" + i, Map.of(
                        RecordHeaders.CONTENT_TYPE, RecordHeaders.REMOTE_WRITE_PROTOBUF,
                        RecordHeaders.CLUSTER_ID, "aks-weu-" + (i % 4),
                        "seq", Integer.toString(i)));
                sent.put(key, record);
                ProducerRecord<String, String> producerRecord = new ProducerRecord<>(topic, key, record.value());
                record.headers().forEach((name, value) -> producerRecord.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
                acks.add(producer.send(producerRecord));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }

        List<ConsumerRecord<String, String>> read = readAll(topic, "read_uncommitted");

        Map<String, Sent> received = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : read) {
            Map<String, String> headers = new HashMap<>();
            for (Header header : record.headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            assertThat(received.put(record.key(), new Sent(record.value(), headers))).as("duplicate " + record.key()).isNull();
        }
        assertThat(read).hasSize(1_000);
        assertThat(received).isEqualTo(sent);
        // Within each partition, records are in the order they were sent.
        Map<Integer, List<Integer>> seqByPartition = read.stream().collect(Collectors.groupingBy(ConsumerRecord::partition,
                Collectors.mapping(r -> Integer.parseInt(received.get(r.key()).headers().get("seq")), Collectors.toList())));
        assertThat(seqByPartition).hasSize(3);
        seqByPartition.values().forEach(seqs -> assertThat(seqs).isSorted());
    }

    @Test
    void aReadCommittedConsumerSeesCommittedTransactionsAndNeverAbortedOnes() throws Exception {
        String topic = createTopic("it.transactions.v1", 3);
        try (KafkaProducer<String, String> producer = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-transactions",
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(Duration.ofMinutes(15).toMillis())))) {
            producer.initTransactions();
            sendInTransaction(producer, topic, "first-commit", 10);
            producer.commitTransaction();
            sendInTransaction(producer, topic, "aborted", 10);
            producer.flush();
            producer.abortTransaction();
            sendInTransaction(producer, topic, "second-commit", 5);
            producer.commitTransaction();
        }

        List<String> committedView = values(readAll(topic, "read_committed"));
        List<String> uncommittedView = values(readAll(topic, "read_uncommitted"));

        List<String> committed = new ArrayList<>();
        IntStream.range(0, 10).forEach(i -> committed.add("first-commit-" + i));
        IntStream.range(0, 5).forEach(i -> committed.add("second-commit-" + i));
        assertThat(committedView).containsExactlyInAnyOrderElementsOf(committed);
        // The aborted records were written to the log; only the isolation level hides them.
        assertThat(uncommittedView).hasSize(25).containsAll(committed)
                .containsAll(IntStream.range(0, 10).mapToObj(i -> "aborted-" + i).toList());
    }

    @Test
    void aCostRecordProducedBeforeARestartIsReadAfterItOnTheSameDataDir() throws Exception {
        Path dataDir = TestKafka.newTempDir("kafka-restart-");
        try {
            String clusterId;
            int port;
            try (LocalKafka first = LocalKafka.start(new LocalKafkaConfig(dataDir, 0, 0))) {
                clusterId = first.clusterId();
                port = first.port();
                try (KafkaProducer<String, String> producer = producer(first.bootstrapServers(), Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
                    producer.send(new ProducerRecord<>(Topic.COSTS.topicName(), "ea-2026-01/row-1", "{\"cost\":\"12.34\"}")).get();
                }
                first.close();
                assertThat(portIsFree(port)).as("port %d free after close()", port).isTrue();
                assertThatCode(first::close).as("second close()").doesNotThrowAnyException();
            }
            assertThat(dataDir.resolve("meta.properties")).content().contains("cluster.id=" + clusterId);

            try (LocalKafka second = LocalKafka.start(new LocalKafkaConfig(dataDir, port, 0))) {
                assertThat(second.port()).isEqualTo(port);
                assertThat(second.clusterId()).isEqualTo(clusterId);
                List<ConsumerRecord<String, String>> costs = readAll(second.bootstrapServers(), Topic.COSTS.topicName(), "read_committed");
                assertThat(costs).extracting(ConsumerRecord::key, ConsumerRecord::value)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("ea-2026-01/row-1", "{\"cost\":\"12.34\"}"));
                try (Admin admin = admin(second.bootstrapServers())) {
                    assertThat(admin.listTopics().names().get())
                            .containsAll(Topic.all().stream().map(Topic::topicName).toList());
                }
            }
            assertThat(portIsFree(port)).as("port %d free after the second close()", port).isTrue();
        } finally {
            DataFolder.deleteRecursively(dataDir);
        }
    }

    @Test
    void aSecondStartWhileThePortIsHeldFailsWithOneClearLine() throws Exception {
        LocalKafka running = TestKafka.get();
        Path otherDir = TestKafka.newTempDir("kafka-second-");
        try {
            assertThatThrownBy(() -> LocalKafka.start(new LocalKafkaConfig(otherDir, running.port(), 0)))
                    .isInstanceOf(LocalKafkaException.class)
                    .hasMessage("port " + running.port() + " is already in use: stop what holds it or pass --kafka-port");

            try (ServerSocket held = new ServerSocket()) {
                held.bind(new InetSocketAddress("localhost", 0));
                int controllerPort = held.getLocalPort();
                assertThatThrownBy(() -> LocalKafka.start(new LocalKafkaConfig(otherDir, 0, controllerPort)))
                        .isInstanceOf(LocalKafkaException.class)
                        .hasMessage("controller port " + controllerPort + " is already in use: stop what holds it or pass --kafka-controller-port");
            }
            // Nothing was formatted by the failed starts, and the running broker is unharmed.
            try (var entries = Files.list(otherDir)) {
                assertThat(entries).isEmpty();
            }
            try (Admin admin = admin(running.bootstrapServers())) {
                assertThat(admin.describeCluster().clusterId().get()).isEqualTo(running.clusterId());
            }
        } finally {
            DataFolder.deleteRecursively(otherDir);
        }
    }

    @Test
    void aDataDirInUseOrNotOursIsRefusedWithAMessageNamingIt() throws Exception {
        LocalKafka running = TestKafka.get();
        Path sharedDir = running.config().dataDir();
        assertThatThrownBy(() -> LocalKafka.start(running.config().withPort(0)))
                .isInstanceOf(LocalKafkaException.class)
                .hasMessage("Kafka data dir " + sharedDir + " is in use by another running Kafka: stop it or choose another data dir");

        Path parent = TestKafka.newTempDir("kafka-bad-dirs-");
        try {
            Path file = Files.writeString(parent.resolve("a-file"), "not a directory");
            assertThatThrownBy(() -> LocalKafka.start(new LocalKafkaConfig(file, 0, 0)))
                    .isInstanceOf(LocalKafkaException.class)
                    .hasMessage("Kafka data dir " + file + " is not a directory: remove it or choose another data dir");

            Path otherNode = Files.createDirectories(parent.resolve("other-node"));
            Files.writeString(otherNode.resolve("meta.properties"),
                    "version=1\ncluster.id=J8-2CZXrRkuzBjDXZVxVGw\nnode.id=7\n");
            assertThatThrownBy(() -> LocalKafka.start(new LocalKafkaConfig(otherNode, 0, 0)))
                    .isInstanceOf(LocalKafkaException.class)
                    .hasMessage("Kafka data dir " + otherNode + " belongs to another Kafka (cluster.id J8-2CZXrRkuzBjDXZVxVGw, node.id 7;"
                            + " the local stack is node.id 1): choose another data dir or delete " + otherNode + " to start fresh");

            Path garbage = Files.createDirectories(parent.resolve("garbage"));
            Files.writeString(garbage.resolve("meta.properties"), "version=banana\n");
            assertThatThrownBy(() -> LocalKafka.start(new LocalKafkaConfig(garbage, 0, 0)))
                    .isInstanceOf(LocalKafkaException.class)
                    .hasMessageStartingWith("Kafka data dir " + garbage + " has an invalid meta.properties (")
                    .hasMessageEndingWith("): delete " + garbage + " to start fresh");

            Path notKafka = Files.createDirectories(parent.resolve("home"));
            Files.writeString(notKafka.resolve("notes.txt"), "mine");
            assertThatThrownBy(() -> LocalKafka.start(new LocalKafkaConfig(notKafka, 0, 0)))
                    .isInstanceOf(LocalKafkaException.class)
                    .hasMessage("Kafka data dir " + notKafka + " is not empty and has no meta.properties (found notes.txt):"
                            + " it is not a Kafka data dir; choose an empty or new dir");
            assertThat(notKafka.resolve("meta.properties")).doesNotExist();
        } finally {
            DataFolder.deleteRecursively(parent);
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private record Sent(String value, Map<String, String> headers) {
    }

    private static String createTopic(String name, int partitions) {
        return TestKafka.createTopic(name, partitions);
    }

    private static void sendInTransaction(KafkaProducer<String, String> producer, String topic, String prefix, int count) {
        producer.beginTransaction();
        for (int i = 0; i < count; i++) {
            producer.send(new ProducerRecord<>(topic, prefix + "-key-" + i, prefix + "-" + i));
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic, String isolationLevel) {
        return readAll(TestKafka.bootstrapServers(), topic, isolationLevel);
    }

    /**
     * Reads a topic from the beginning up to its end offsets (for read_committed: the last stable
     * offset), so a test knows it has seen everything rather than waiting for a quiet moment.
     */
    private static List<ConsumerRecord<String, String>> readAll(String bootstrapServers, String topic, String isolationLevel) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read %s to %s within %s", topic, end, READ_TIMEOUT).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> overrides) {
        return producer(TestKafka.bootstrapServers(), overrides);
    }

    private static KafkaProducer<String, String> producer(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>(overrides);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(config);
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    private static Config topicConfig(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("localhost", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
