package dev.tally.jobs.deadletter;

import dev.tally.common.kafka.KafkaConnection;
import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.deadletter.DeadLetterJson;
import dev.tally.common.topics.Topic;
import dev.tally.jobs.kafka.KafkaSinks;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Where jobs put what they reject: the dead-letter topic, keyed by cluster. */
public final class DeadLetterSinks {

    private DeadLetterSinks() {
    }

    public static KafkaSink<DeadLetter> kafka(KafkaConnection kafka) {
        return KafkaSinks.atLeastOnce(kafka, (KafkaRecordSerializationSchema<DeadLetter>) (letter, context, timestamp) ->
                new ProducerRecord<>(Topic.DEAD_LETTER.topicName(),
                        letter.clusterId() == null ? null : letter.clusterId().getBytes(StandardCharsets.UTF_8),
                        DeadLetterJson.write(letter)));
    }
}
