package dev.tally.ingest.gateway.kafka;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.deadletter.DeadLetterJson;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.common.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The gateway's one Kafka producer: idempotent, {@code acks=all}, bounded waits. A returned future
 * completes when the broker acknowledged (then the client may get its 2xx) or fails; {@code send()} never
 * throws to the caller.
 *
 * <p>{@code KafkaProducer.send()} blocks up to {@code max.block.ms} when it has no metadata for the topic
 * (Kafka down for a while). So that a Kafka outage does not park every server thread for that long, a
 * metadata timeout opens a breaker: for the next second sends fail at once, then one request probes
 * (and may wait {@code max.block.ms}); the first send that finds metadata closes it again.
 */
public final class GatewayProducer implements RecordSink {

    /** Header with the gateway's request id: ties a record to the HTTP request and its logs. */
    public static final String REQUEST_ID_HEADER = "tally-request-id";

    private final KafkaProducer<byte[], byte[]> producer;
    private final Admin admin;
    private final Duration readyTimeout;
    private static final long PROBE_INTERVAL_NANOS = 1_000_000_000L;

    private final long maxBlockNanos;
    private final KafkaSettings settings;
    /** 0: closed; otherwise the System.nanoTime() before which sends fail without waiting. */
    private final AtomicLong breakerOpenUntil = new AtomicLong();
    private volatile Boolean lastReady;
    private volatile long readinessAt;

    public GatewayProducer(KafkaSettings settings, long maxRecordBytes, long bufferBytes) {
        this.settings = settings;
        Map<String, Object> config = new HashMap<>();
        // bootstrap.servers and TLS the same way as every other Tally client
        config.putAll(settings.connection().clientProperties());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "tally-ingest-gateway");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.deliveryTimeout().toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) settings.requestTimeout().toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.maxBlock().toMillis());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, settings.compression());
        // a decompressed request is one record; the in-flight budget, not the producer buffer, turns clients away
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, (int) Math.min(Integer.MAX_VALUE, maxRecordBytes + 64 * 1024));
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, bufferBytes + 4L * 1024 * 1024);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        config.putAll(settings.extra());
        this.maxBlockNanos = settings.maxBlock().toNanos();
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());

        Map<String, Object> adminConfig = new HashMap<>();
        adminConfig.putAll(settings.connection().clientProperties());
        adminConfig.put(AdminClientConfig.CLIENT_ID_CONFIG, "tally-ingest-gateway-ready");
        adminConfig.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        settings.extra().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(k)) {
                adminConfig.put(k, v);
            }
        });
        this.admin = Admin.create(adminConfig);
        this.readyTimeout = settings.requestTimeout().compareTo(Duration.ofSeconds(2)) < 0 ? settings.requestTimeout() : Duration.ofSeconds(2);
    }

    /** Writes one record; the future completes after {@code acks=all}, or fails. */
    @Override
    public CompletableFuture<Void> send(Topic topic, String clusterId, String contentType, String requestId, byte[] value) {
        List<Header> headers = List.of(
                new RecordHeader(RecordHeaders.CONTENT_TYPE, contentType.getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(RecordHeaders.CLUSTER_ID, clusterId.getBytes(StandardCharsets.UTF_8)),
                new RecordHeader(REQUEST_ID_HEADER, requestId.getBytes(StandardCharsets.UTF_8)));
        String topicName = settings.topicName(topic);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topicName, null,
                clusterId.getBytes(StandardCharsets.UTF_8), value, headers);
        CompletableFuture<Void> done = new CompletableFuture<>();
        long now = System.nanoTime();
        long until = breakerOpenUntil.get();
        if (until != 0 && (now - until < 0 || !breakerOpenUntil.compareAndSet(until, now + PROBE_INTERVAL_NANOS + maxBlockNanos))) {
            done.completeExceptionally(new TimeoutException("Kafka had no metadata for " + topicName
                    + " within max.block.ms a moment ago; not waiting again until the next probe"));
            return done;
        }
        Thread caller = Thread.currentThread();
        boolean[] returned = {false};
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    // Kafka reports "no metadata within max.block.ms" through the callback, on the calling
                    // thread, before send() returns; later timeouts (batch expiry) come from its I/O thread
                    if (error instanceof TimeoutException && Thread.currentThread() == caller && !returned[0]) {
                        breakerOpenUntil.set(System.nanoTime() + PROBE_INTERVAL_NANOS);
                    }
                    done.completeExceptionally(error);
                } else {
                    done.complete(null);
                }
            });
            returned[0] = true;
            if (!done.isDone()) {
                breakerOpenUntil.set(0);
            }
        } catch (RuntimeException e) {
            // buffer full, record too large, producer closed (what Kafka throws rather than reports)
            returned[0] = true;
            if (e instanceof TimeoutException) {
                breakerOpenUntil.set(System.nanoTime() + PROBE_INTERVAL_NANOS);
            }
            done.completeExceptionally(e);
        }
        return done;
    }

    @Override
    public CompletableFuture<Void> sendDeadLetter(DeadLetter deadLetter, String requestId) {
        String cluster = deadLetter.clusterId() == null ? "" : deadLetter.clusterId();
        return send(Topic.DEAD_LETTER, cluster, "application/json", requestId, DeadLetterJson.write(deadLetter));
    }

    /** Whether the cluster answered a describe-cluster call; a result is reused for one second. */
    @Override
    public CompletableFuture<Boolean> ready() {
        Boolean last = lastReady;
        if (last != null && System.nanoTime() - readinessAt < 1_000_000_000L) {
            return CompletableFuture.completedFuture(last);
        }
        CompletableFuture<Boolean> next = new CompletableFuture<>();
        admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) readyTimeout.toMillis()))
                .nodes()
                .whenComplete((nodes, error) -> {
                    boolean ok = error == null && nodes != null && !nodes.isEmpty();
                    lastReady = ok;
                    readinessAt = System.nanoTime();
                    next.complete(ok);
                });
        return next;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(2));
    }
}
