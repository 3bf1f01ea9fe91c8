package dev.tally.local.demo;

import dev.tally.common.topics.RecordHeaders;
import dev.tally.common.topics.Topic;
import dev.tally.local.fleet.ScrapeBatch;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the simulated fleet's scrapes to the metrics topic as the ingest gateway would: the
 * remote_write payload as received (uncompressed protobuf), the cluster and content type in
 * headers, keyed by cluster. Idempotent producer with acks=all, as the gateway's.
 */
public final class FleetToKafka implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public FleetToKafka(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        config.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(512 * 1024));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 * 1024 * 1024));
        producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void send(ScrapeBatch batch) {
        byte[] payload = batch.remoteWrite().toByteArray();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(Topic.METRICS.topicName(),
                batch.clusterId().getBytes(StandardCharsets.UTF_8), payload);
        record.headers().add(RecordHeaders.CONTENT_TYPE, RecordHeaders.REMOTE_WRITE_PROTOBUF.getBytes(StandardCharsets.UTF_8));
        record.headers().add(RecordHeaders.CLUSTER_ID, batch.clusterId().getBytes(StandardCharsets.UTF_8));
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
        records.incrementAndGet();
        bytes.addAndGet(payload.length);
    }

    /** Waits until Kafka has acknowledged everything sent; fails if any record was refused. */
    public void flush() {
        producer.flush();
        Exception error = failure.get();
        if (error != null) {
            throw new IllegalStateException("Kafka refused a record: " + error.getMessage(), error);
        }
    }

    public long records() {
        return records.get();
    }

    public long bytes() {
        return bytes.get();
    }

    @Override
    public void close() {
        producer.close();
    }
}
