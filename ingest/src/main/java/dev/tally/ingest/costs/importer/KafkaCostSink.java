package dev.tally.ingest.costs.importer;

import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.deadletter.DeadLetterJson;
import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.costs.normalize.CostRejection;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One Kafka transaction per run: its line items to {@code tally.costs.v1} (key: the run id, so a
 * run's items stay in order on one partition) and its rejected rows to the dead-letter topic.
 * Committed when the run was read whole, aborted when it failed: consumers with
 * {@code isolation.level=read_committed} never see part of a run.
 */
public final class KafkaCostSink implements CostRecordSink {
    public static final String STAGE = "ingest.costs";
    /** Every importer's transactional id starts with this (a random rest: two importers never fence each other). */
    public static final String TRANSACTIONAL_ID_PREFIX = "tally-costs-import-";

    private final KafkaProducer<byte[], byte[]> producer;
    private final Clock clock;

    public KafkaCostSink(KafkaConnection kafka, Clock clock) {
        Properties p = new Properties();
        // bootstrap.servers and TLS the same way as every other Tally client
        p.putAll(kafka.clientProperties());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, TRANSACTIONAL_ID_PREFIX + UUID.randomUUID());
        // a large export takes minutes; the broker default allows 15
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Duration.ofMinutes(15).toMillis());
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.clock = clock;
        producer.initTransactions();
    }

    @Override
    public void begin() {
        producer.beginTransaction();
    }

    @Override
    public void item(ImportedLineItem item) {
        producer.send(new ProducerRecord<>(Topic.COSTS.topicName(), key(item.runId()), CostItemJson.write(item)));
    }

    @Override
    public void rejected(String scope, String runId, CostRejection r) {
        String reason = (r.column() == null ? "" : "column " + r.column() + ": ") + r.reason();
        DeadLetter letter = DeadLetter.of(reason, STAGE, SourcePosition.fileLine(r.sourceFile(), r.sourceLine()), null,
                "application/json", CostItemJson.rejection(scope, runId, r), clock.instant());
        producer.send(new ProducerRecord<>(Topic.DEAD_LETTER.topicName(), key(runId), DeadLetterJson.write(letter)));
    }

    @Override
    public void commit() {
        producer.commitTransaction();
    }

    @Override
    public void abort() {
        producer.abortTransaction();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }

    private static byte[] key(String runId) {
        return runId.getBytes(StandardCharsets.UTF_8);
    }
}
