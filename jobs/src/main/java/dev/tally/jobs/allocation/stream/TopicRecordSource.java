package dev.tally.jobs.allocation.stream;

import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.deadletter.SourcePosition;
import dev.tally.jobs.kafka.KafkaSources;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The allocation job's Kafka sources: records as bytes with their position; decoding happens in the job. */
public final class TopicRecordSource {

    private TopicRecordSource() {
    }

    /** @param bounded stop at the offsets that were the latest at start (a batch), else follow the topic */
    public static KafkaSource<TopicRecord> kafka(KafkaConnection kafka, String topic, String consumerGroup, boolean bounded) {
        // read committed: the cost importer publishes a run in one transaction, seen whole or not at all
        return KafkaSources.of(kafka, topic, consumerGroup, bounded, new Deserializer());
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
