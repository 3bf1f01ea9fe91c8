package dev.tally.jobs.allocation.stream;

import dev.tally.common.deadletter.SourcePosition;

/**
 * A record of one of the allocation job's input topics, undecoded, with where it was read (for
 * dead letters) and its Kafka timestamp (when it was published: orders cost export runs).
 */
public record TopicRecord(byte[] value, SourcePosition position, long timestampMillis) implements java.io.Serializable {
}
