package dev.tally.jobs.telemetry;

import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The Kafka source of a raw telemetry topic. Offsets live in the job's checkpoints; the
 * consumer group's committed offsets are only where a job without a checkpoint starts.
 */
public final class RawTelemetrySource {

    private RawTelemetrySource() {
    }

    /**
     * @param topic   a raw telemetry topic, normally {@code Topic.METRICS.topicName()}
     * @param bounded when true the source stops at the offsets that were the latest when the
     *                job started (a batch over what is there); otherwise it follows the topic
     */
    public static KafkaSource<RawTelemetry> kafka(String bootstrapServers, String topic, String consumerGroup,
                                                  boolean bounded) {
        KafkaSourceBuilder<RawTelemetry> builder = KafkaSource.<RawTelemetry>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(consumerGroup)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawTelemetryDeserializer())
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000");
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }
}
