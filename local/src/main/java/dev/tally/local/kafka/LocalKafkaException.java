package dev.tally.local.kafka;

/**
 * The embedded Kafka could not start or stop. The message is one line meant for the person at the
 * terminal: what is wrong, and what to do about it. The cause, if any, is for debugging.
 */
public class LocalKafkaException extends RuntimeException {

    public LocalKafkaException(String message) {
        super(message);
    }

    public LocalKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
