package dev.tally.jobs.kafka;

import dev.tally.common.kafka.KafkaConnection;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * How jobs write to Kafka: an idempotent producer with acks=all, at-least-once (flushed at every
 * checkpoint). Readers of those topics absorb a repeat: rows carry versions, dead letters are
 * diagnostics.
 */
public final class KafkaSinks {

    private KafkaSinks() {
    }

    public static <T> KafkaSink<T> atLeastOnce(KafkaConnection kafka, KafkaRecordSerializationSchema<T> records) {
        Properties producer = new Properties();
        // bootstrap.servers and the security settings (TLS stores) the same way as every other client
        producer.putAll(kafka.clientProperties());
        producer.setProperty("enable.idempotence", "true");
        producer.setProperty("acks", "all");
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setRecordSerializer(records)
                .build();
    }
}
