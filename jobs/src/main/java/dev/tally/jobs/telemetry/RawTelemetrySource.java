package dev.tally.jobs.telemetry;

import dev.tally.common.kafka.KafkaConnection;
import dev.tally.jobs.kafka.KafkaSources;
import org.apache.flink.connector.kafka.source.KafkaSource;

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
    public static KafkaSource<RawTelemetry> kafka(KafkaConnection kafka, String topic, String consumerGroup,
                                                  boolean bounded) {
        return KafkaSources.of(kafka, topic, consumerGroup, bounded, new RawTelemetryDeserializer());
    }
}
