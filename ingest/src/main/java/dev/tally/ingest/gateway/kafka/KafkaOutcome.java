package dev.tally.ingest.gateway.kafka;

import dev.tally.ingest.gateway.limits.Rejection;
import org.apache.kafka.common.errors.RecordTooLargeException;

/** What a failed Kafka write means for the client: content too large for Kafka (413), or retry later (503). */
public final class KafkaOutcome {

    private KafkaOutcome() {
    }

    public static Rejection rejectionFor(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RecordTooLargeException) {
            return new Rejection(413, "kafka_record_too_large",
                    "the decompressed body is larger than Kafka accepts (broker message.max.bytes / topic max.message.bytes): send smaller batches");
        }
        return new Rejection(503, "kafka_unavailable", "Kafka did not acknowledge the records: "
                + cause.getClass().getSimpleName() + "; nothing was stored, retry later");
    }
}
