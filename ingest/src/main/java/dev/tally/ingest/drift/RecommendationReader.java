package dev.tally.ingest.drift;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code tally.rightsizing.v1} from the beginning into a {@link DriftState}, then follows it.
 * No consumer group and no committed offsets: every start rebuilds the state from the compacted
 * topic, and the exporter is ready once it has read up to the end offsets it found at start.
 * Only committed records are read, as the recommender writes in transactions. A record it cannot
 * use becomes a dead letter ({@link InvalidRecordDeadLetters}) and reading goes on.
 */
final class RecommendationReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RecommendationReader.class);

    private final DriftExporterConfig config;
    private final DriftState state;
    private final Consumer<DriftState.Applied> applied;
    private final InvalidRecordDeadLetters deadLetters;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicLong recordsRead = new AtomicLong();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile long recordsAtStart = -1;
    private volatile String failure;

    RecommendationReader(DriftExporterConfig config, DriftState state, Consumer<DriftState.Applied> applied,
                         InvalidRecordDeadLetters deadLetters) {
        this.config = config;
        this.state = state;
        this.applied = applied;
        this.deadLetters = deadLetters;
        Properties props = new Properties();
        props.putAll(config.consumer());
        // bootstrap.servers and TLS the same way as every other Tally client
        props.putAll(config.connection().clientProperties());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "tally-drift-exporter");
        consumer = new KafkaConsumer<>(props);
        thread = new Thread(this::run, "drift-exporter-kafka");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    boolean ready() {
        return ready.get();
    }

    /** For {@code /ready}: how far the start-up read is. */
    String progress() {
        long total = recordsAtStart;
        if (failure != null) {
            return "stopped reading " + config.topicName() + ": " + failure;
        }
        return total < 0 ? "waiting for the partitions of " + config.topicName()
                : "read " + recordsRead.get() + " records of about " + total + " in " + config.topicName();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions));
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            recordsAtStart = end.entrySet().stream().mapToLong(e -> e.getValue() - begin.getOrDefault(e.getKey(), 0L)).sum();
            LOG.info("event=drift_exporter_reading topic={} partitions={} records_at_start={}", config.topicName(),
                    partitions.size(), recordsAtStart);
            long started = System.nanoTime();
            while (!closing.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    recordsRead.incrementAndGet();
                    DriftState.Applied result = state.apply(record.key(), record.value());
                    if (result instanceof DriftState.Invalid invalid) {
                        // the record stays in the topic; the dead letter names it so it can be found and fixed
                        LOG.warn("event=drift_exporter_invalid_record topic={} partition={} offset={} reason=\"{}\"",
                                record.topic(), record.partition(), record.offset(), invalid.reason());
                        deadLetters.send(invalid.reason(), record.topic(), record.partition(), record.offset(),
                                record.key(), record.value());
                    }
                    applied.accept(result);
                }
                if (!ready.get()) {
                    end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
                    if (end.isEmpty()) {
                        ready.set(true);
                        LOG.info("event=drift_exporter_ready containers={} records={} ms={}", state.size(), recordsRead.get(),
                                (System.nanoTime() - started) / 1_000_000);
                    }
                }
            }
        } catch (WakeupException e) {
            if (!closing.get()) {
                throw e;
            }
        } catch (RuntimeException e) {
            failure = e.toString();
            LOG.error("event=drift_exporter_reader_failed topic={} error=\"{}\"", config.topicName(), e.toString(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            deadLetters.close();
        }
    }

    private List<TopicPartition> awaitPartitions() {
        while (!closing.get()) {
            try {
                List<PartitionInfo> infos = consumer.partitionsFor(config.topicName(), Duration.ofSeconds(10));
                if (infos != null && !infos.isEmpty()) {
                    return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                }
                LOG.warn("event=drift_exporter_topic_missing topic={} bootstrap={}", config.topicName(), config.bootstrapServers());
            } catch (TimeoutException e) {
                // Kafka not reachable yet: keep trying, /ready says what it waits for
                LOG.warn("event=drift_exporter_kafka_unreachable topic={} bootstrap={}", config.topicName(), config.bootstrapServers());
            }
        }
        throw new WakeupException();
    }

    @Override
    public void close() {
        closing.set(true);
        if (thread.getState() == Thread.State.NEW) {
            consumer.close();   // never started: nothing else closes them
            deadLetters.close();
            return;
        }
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
