package dev.tally.ingest.gateway.kafka;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.topics.Topic;
import java.util.concurrent.CompletableFuture;

/** Where the gateway's records go: Kafka ({@link GatewayProducer}), or a stand-in in tests. */
public interface RecordSink extends AutoCloseable {

    /** Completes once the record is durably stored ({@code acks=all}), or fails; never throws. */
    CompletableFuture<Void> send(Topic topic, String clusterId, String contentType, String requestId, byte[] value);

    CompletableFuture<Void> sendDeadLetter(DeadLetter deadLetter, String requestId);

    /** Whether the destination is reachable now. */
    CompletableFuture<Boolean> ready();

    @Override
    void close();
}
