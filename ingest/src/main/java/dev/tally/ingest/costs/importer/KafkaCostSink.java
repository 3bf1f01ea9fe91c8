package dev.tally.ingest.costs.importer;

import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.deadletter.DeadLetterJson;
import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.costs.normalize.CostRejection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Properties;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One Kafka transaction per run: its line items to {@code tally.costs.v1} (key: the run id, so a
 * run's items stay in order on one partition) and its rejected rows to the dead-letter topic.
 * Committed when the run was read whole, aborted when it failed: consumers with
 * {@code isolation.level=read_committed} never see part of a run.
 *
 * <p>The transactional id is the run's own ({@link #transactionalId}): an import killed mid-run
 * leaves its transaction open, and an open transaction holds back every later record of its
 * partitions from read_committed consumers (the allocation job) until the transaction times out
 * (15 minutes). Importing the run again opens a producer with the same id, which makes the broker
 * abort the killed one's transaction at once. Importers of different runs never fence each other;
 * two importers of the same run do, and the fenced one fails its run.
 *
 * <p>A topic prefix (as the gateway's {@code kafka.topic-prefix}) puts both topics under it, for
 * pipelines that share a broker; the transactional id stays the run's (its ACL prefix is fixed).
 */
public final class KafkaCostSink implements CostRecordSink {
    public static final String STAGE = "ingest.costs";
    /** Every importer's transactional id starts with this, followed by a hash of the run's identity. */
    public static final String TRANSACTIONAL_ID_PREFIX = "tally-costs-import-";

    private final Properties settings = new Properties();
    private final String costsTopic;
    private final String deadLetterTopic;
    private final Clock clock;
    private final Function<Properties, Producer<byte[], byte[]>> producers;
    private Producer<byte[], byte[]> producer;

    /** On Tally's own topics, {@code tally.costs.v1} and {@code tally.deadletter.v1}. */
    public KafkaCostSink(KafkaConnection kafka, Clock clock) {
        this(kafka, "", clock);
    }

    /** On {@code topicPrefix} + each topic's name. */
    public KafkaCostSink(KafkaConnection kafka, String topicPrefix, Clock clock) {
        this(kafka, topicPrefix, clock, p -> new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer()));
    }

    /** With the producers made by {@code producers} from the settings (a test's mock producer). */
    KafkaCostSink(KafkaConnection kafka, String topicPrefix, Clock clock, Function<Properties, Producer<byte[], byte[]>> producers) {
        // bootstrap.servers and TLS the same way as every other Tally client
        settings.putAll(kafka.clientProperties());
        // a large export takes minutes; the broker default allows 15
        settings.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Duration.ofMinutes(15).toMillis());
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        this.costsTopic = topicPrefix + Topic.COSTS.topicName();
        this.deadLetterTopic = topicPrefix + Topic.DEAD_LETTER.topicName();
        this.clock = clock;
        this.producers = producers;
    }

    /** The run's transactional id: the same for every import of one run (scope and run id), different across runs. */
    public static String transactionalId(String scope, String runId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((scope + "\n" + runId).getBytes(StandardCharsets.UTF_8));
            return TRANSACTIONAL_ID_PREFIX + HexFormat.of().formatHex(digest, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void begin(String scope, String runId) {
        closeProducer();
        Properties p = new Properties();
        p.putAll(settings);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId(scope, runId));
        Producer<byte[], byte[]> started = producers.apply(p);
        try {
            // aborts what an earlier, killed import of this run left open
            started.initTransactions();
            started.beginTransaction();
        } catch (RuntimeException e) {
            started.close(Duration.ZERO);
            throw e;
        }
        producer = started;
    }

    @Override
    public void item(ImportedLineItem item) {
        producer.send(new ProducerRecord<>(costsTopic, key(item.runId()), CostItemJson.write(item)));
    }

    @Override
    public void rejected(String scope, String runId, CostRejection r) {
        String reason = (r.column() == null ? "" : "column " + r.column() + ": ") + r.reason();
        DeadLetter letter = DeadLetter.of(reason, STAGE, SourcePosition.fileLine(r.sourceFile(), r.sourceLine()), null,
                "application/json", CostItemJson.rejection(scope, runId, r), clock.instant());
        producer.send(new ProducerRecord<>(deadLetterTopic, key(runId), DeadLetterJson.write(letter)));
    }

    @Override
    public void commit() {
        producer.commitTransaction();
        closeProducer();
    }

    @Override
    public void abort() {
        try {
            if (producer != null) {
                producer.abortTransaction();
            }
        } catch (KafkaException | IllegalStateException e) {
            // fenced by another import of the same run, or the broker is gone: the transaction ends
            // aborted either way (by the other producer or the timeout), nothing of it is committed
        } finally {
            closeProducer();
        }
    }

    @Override
    public void close() {
        closeProducer();
    }

    private void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(30));
            producer = null;
        }
    }

    private static byte[] key(String runId) {
        return runId.getBytes(StandardCharsets.UTF_8);
    }
}
