package dev.tally.jobs.telemetry;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.topics.RecordHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Turns a Kafka record into {@link RawTelemetry} without decoding the payload: decoding
 * happens in the job, where a bad payload becomes a dead letter instead of a failed source.
 */
public final class RawTelemetryDeserializer implements KafkaRecordDeserializationSchema<RawTelemetry> {

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawTelemetry> out) {
        out.collect(new RawTelemetry(
                header(record, RecordHeaders.CLUSTER_ID),
                header(record, RecordHeaders.CONTENT_TYPE),
                record.value() == null ? new byte[0] : record.value(),
                SourcePosition.kafka(record.topic(), record.partition(), record.offset())));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public TypeInformation<RawTelemetry> getProducedType() {
        return TypeInformation.of(RawTelemetry.class);
    }
}
