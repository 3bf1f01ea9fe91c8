package dev.tally.common.deadletter;

/**
 * Where an input came from, precisely enough to find it again.
 *
 * @param source a Kafka topic, a file path, or an HTTP endpoint
 * @param partition the Kafka partition, or -1 when not from Kafka
 * @param offset the Kafka offset, or the 1-based line number in a file, or -1
 */
public record SourcePosition(String source, int partition, long offset) implements java.io.Serializable {

    public static SourcePosition kafka(String topic, int partition, long offset) {
        return new SourcePosition(topic, partition, offset);
    }

    public static SourcePosition fileLine(String path, long line) {
        return new SourcePosition(path, -1, line);
    }

    @Override
    public String toString() {
        if (partition >= 0) {
            return source + "-" + partition + "@" + offset;
        }
        return offset >= 0 ? source + ":" + offset : source;
    }
}
