package dev.tally.jobs.kafka;

import dev.tally.common.kafka.KafkaConnection;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * How jobs read Kafka: offsets live in the job's checkpoints, the consumer group's committed
 * offsets are only where a job without a checkpoint starts (else the earliest); only committed
 * records (a producer's transaction is seen whole or not at all).
 */
public final class KafkaSources {

    private KafkaSources() {
    }

    /**
     * @param bounded when true the source stops at the offsets that were the latest when the
     *                job started (a batch over what is there); otherwise it follows the topic
     */
    public static <T> KafkaSource<T> of(KafkaConnection kafka, String topic, String consumerGroup, boolean bounded,
                                        KafkaRecordDeserializationSchema<T> deserializer) {
        KafkaSourceBuilder<T> builder = KafkaSource.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setTopics(topic)
                .setGroupId(consumerGroup)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(deserializer)
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000");
        // bootstrap.servers and the security settings (TLS stores) the same way as every other client
        kafka.clientProperties().forEach(builder::setProperty);
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }
}
