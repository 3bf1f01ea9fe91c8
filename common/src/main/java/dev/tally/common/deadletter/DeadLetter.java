package dev.tally.common.deadletter;

import java.time.Instant;
import java.util.Objects;

/**
 * Something Tally could not use, kept with why and where it came from so that nothing is
 * dropped silently. Written to {@code tally.deadletter.v1} as JSON (see {@link DeadLetterJson}).
 *
 * @param reason      what was wrong, in words an operator can act on
 * @param stage       which part of Tally rejected it, e.g. {@code jobs.ingest-samples}
 * @param position    where the input was: a Kafka position, a file and line, an HTTP request
 * @param clusterId   the authenticated cluster it came from, when known
 * @param contentType the declared content type of the payload, when known
 * @param payload     the rejected bytes as received (may be truncated, see {@code payloadTruncated})
 * @param payloadTruncated true when {@code payload} holds only the first bytes of a larger input
 * @param rejectedAt  when it was rejected
 */
public record DeadLetter(
        String reason,
        String stage,
        SourcePosition position,
        String clusterId,
        String contentType,
        byte[] payload,
        boolean payloadTruncated,
        Instant rejectedAt) implements java.io.Serializable {

    /** Dead letters keep at most this much of a payload: enough to diagnose, bounded in size. */
    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(rejectedAt, "rejectedAt");
        payload = payload == null ? new byte[0] : payload;
    }

    public static DeadLetter of(String reason, String stage, SourcePosition position, String clusterId,
                                String contentType, byte[] payload, Instant rejectedAt) {
        byte[] kept = payload == null ? new byte[0] : payload;
        boolean truncated = kept.length > MAX_PAYLOAD_BYTES;
        if (truncated) {
            kept = java.util.Arrays.copyOf(kept, MAX_PAYLOAD_BYTES);
        }
        return new DeadLetter(reason, stage, position, clusterId, contentType, kept, truncated, rejectedAt);
    }
}
