package dev.tally.jobs.allocation.stream;

import dev.tally.common.deadletter.SourcePosition;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The allocation job's Kafka sources: records as bytes with their position; decoding happens in the job. */
public final class TopicRecordSource {

    private TopicRecordSource() {
    }

    /** @param bounded stop at the offsets that were the latest at start (a batch), else follow the topic */
    public static KafkaSource<TopicRecord> kafka(String bootstrapServers, String topic, String consumerGroup, boolean bounded) {
        KafkaSourceBuilder<TopicRecord> builder = KafkaSource.<TopicRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(topic)
                .setGroupId(consumerGroup)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new Deserializer())
                // the cost importer publishes a run in one transaction: see it whole or not at all
                .setProperty("isolation.level", "read_committed")
                .setProperty("partition.discovery.interval.ms", "60000");
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    static final class Deserializer implements KafkaRecordDeserializationSchema<TopicRecord> {
        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<TopicRecord> out) {
            out.collect(new TopicRecord(record.value() == null ? new byte[0] : record.value(),
                    SourcePosition.kafka(record.topic(), record.partition(), record.offset()), record.timestamp()));
        }

        @Override
        public TypeInformation<TopicRecord> getProducedType() {
            return TypeInformation.of(TopicRecord.class);
        }
    }
}
