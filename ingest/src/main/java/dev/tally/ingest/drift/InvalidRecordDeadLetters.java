package dev.tally.ingest.drift;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.deadletter.DeadLetterJson;
import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.topics.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the records of {@code tally.rightsizing.v1} the exporter cannot use (no key, not a
 * recommendation, a key naming another container) to {@code tally.deadletter.v1}, with the reason
 * and the record's topic, partition and offset, stage {@value #STAGE}. The exporter goes on
 * either way: letters are sent from their own thread, so a slow or missing dead-letter topic
 * (the producer waits up to {@code max.block.ms} for its metadata) never holds the reader back; a
 * letter Kafka refuses is logged and counted ({@code result="failed"}). Each start reads the
 * topic again, so a bad record still in it is dead-lettered again (same position).
 */
final class InvalidRecordDeadLetters implements AutoCloseable {
    static final String STAGE = "ingest.drift-exporter";
    private static final Logger LOG = LoggerFactory.getLogger(InvalidRecordDeadLetters.class);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final Clock clock;
    private final Consumer<Boolean> sent;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "drift-exporter-dead-letters");
        t.setDaemon(true);
        return t;
    });

    /** @param sent told true for each letter Kafka acknowledged, false for each it refused */
    InvalidRecordDeadLetters(DriftExporterConfig config, Clock clock, Consumer<Boolean> sent) {
        Properties p = new Properties();
        // the consumer's SASL settings serve the producer too; bootstrap and TLS the same way as every other Tally client
        config.consumer().forEach((k, v) -> {
            if (k.startsWith("sasl.")) {
                p.put(k, v);
            }
        });
        p.putAll(config.connection().clientProperties());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "tally-drift-exporter-dead-letters");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = config.topicPrefix() + Topic.DEAD_LETTER.topicName();
        this.clock = clock;
        this.sent = sent;
    }

    void send(String reason, String recordTopic, int partition, long offset, byte[] key, byte[] value) {
        SourcePosition position = SourcePosition.kafka(recordTopic, partition, offset);
        DeadLetter letter = DeadLetter.of(reason, STAGE, position, null, "application/json",
                value != null ? value : key, clock.instant());
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key, DeadLetterJson.write(letter));
        sender.execute(() -> {
            try {
                producer.send(record, (metadata, e) -> {
                    if (e != null) {
                        failed(position, e);
                    } else {
                        sent.accept(true);
                    }
                });
            } catch (RuntimeException e) {
                failed(position, e);
            }
        });
    }

    private void failed(SourcePosition position, Exception e) {
        LOG.warn("event=drift_exporter_dead_letter_failed position={} error=\"{}\"", position, e.toString());
        sent.accept(false);
    }

    /** Sends what is queued (waiting at most 10 s), then closes the producer. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
