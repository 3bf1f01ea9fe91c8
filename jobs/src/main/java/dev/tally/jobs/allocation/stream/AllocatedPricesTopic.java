package dev.tally.jobs.allocation.stream;

import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.prices.AllocatedPrices;
import dev.tally.common.prices.AllocatedPricesJson;
import dev.tally.common.topics.Topic;
import dev.tally.jobs.kafka.KafkaSinks;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.flink.util.OutputTag;

/**
 * The allocation job's prices output: each computed cluster-day's {@link AllocatedPrices}
 * (docs/allocation.md, "Allocated prices") to the compacted {@code tally.allocated-prices.v1},
 * keyed by cluster, workload and currency ({@link AllocatedPricesJson}).
 */
public final class AllocatedPricesTopic {
    /** Where the cluster-day function puts the prices of each computation. */
    static final OutputTag<AllocatedPrices> PRICES = new OutputTag<>("allocated-prices") { };

    private AllocatedPricesTopic() {
    }

    public static KafkaSink<AllocatedPrices> kafka(KafkaConnection kafka, String topicPrefix) {
        String topic = topicPrefix + Topic.ALLOCATED_PRICES.topicName();
        return KafkaSinks.atLeastOnce(kafka, (KafkaRecordSerializationSchema<AllocatedPrices>) (p, context, timestamp) ->
                new ProducerRecord<>(topic, AllocatedPricesJson.key(p), AllocatedPricesJson.write(p)));
    }
}
