package dev.tally.ingest.gateway;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.gateway.auth.ClusterAuth;
import dev.tally.ingest.gateway.kafka.KafkaOutcome;
import dev.tally.ingest.gateway.kafka.RecordSink;
import dev.tally.ingest.gateway.limits.CardinalityGuard;
import dev.tally.ingest.gateway.limits.InFlightBudget;
import dev.tally.ingest.gateway.limits.Limits;
import dev.tally.ingest.gateway.limits.Rejection;
import dev.tally.ingest.gateway.metrics.GatewayMetrics;
import dev.tally.ingest.gateway.otlp.Gzip;
import dev.tally.ingest.gateway.otlp.OtlpDecoder;
import dev.tally.ingest.gateway.prometheus.RemoteWriteValidator;
import dev.tally.ingest.gateway.prometheus.SnappyBlock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes and answers every request. Ingest requests run as a chain of callbacks (body read, decode,
 * Kafka acknowledgement, response) so no thread waits for the network or for Kafka.
 */
final class GatewayHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);

    static final String STAGE = "ingest.gateway";
    static final String REQUEST_ID = "X-Request-Id";

    enum Endpoint {
        REMOTE_WRITE("/api/v1/write", Topic.METRICS, "samples"),
        OTLP_METRICS("/v1/metrics", Topic.METRICS, "data_points"),
        OTLP_LOGS("/v1/logs", Topic.LOGS, "log_records");

        final String path;
        final Topic topic;
        final String kind;

        Endpoint(String path, Topic topic, String kind) {
            this.path = path;
            this.topic = topic;
            this.kind = kind;
        }
    }

    private final Limits limits;
    private final ClusterAuth auth;
    private final RecordSink producer;
    private final InFlightBudget budget;
    private final CardinalityGuard cardinality;
    private final GatewayMetrics metrics;
    private final RemoteWriteValidator remoteWrite;
    private final OtlpDecoder otlp;
    private final Clock clock;
    private final String retryAfterSeconds;

    GatewayHandler(GatewayConfig config, RecordSink producer, InFlightBudget budget, CardinalityGuard cardinality,
                   GatewayMetrics metrics, Clock clock) {
        this.limits = config.limits();
        this.auth = new ClusterAuth(config.clusters());
        this.producer = producer;
        this.budget = budget;
        this.cardinality = cardinality;
        this.metrics = metrics;
        this.remoteWrite = new RemoteWriteValidator(limits);
        this.otlp = new OtlpDecoder(limits);
        this.clock = clock;
        this.retryAfterSeconds = Long.toString(Math.max(1, config.retryAfter().toSeconds()));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getPath();
        String method = request.getMethod();
        for (Endpoint endpoint : Endpoint.values()) {
            if (endpoint.path.equals(path)) {
                if (!"POST".equals(method)) {
                    response.getHeaders().put(HttpHeader.ALLOW, "POST");
                    text(response, callback, 405, endpoint.path + " accepts POST only");
                } else {
                    new Exchange(endpoint, request, response, callback).start();
                }
                return true;
            }
        }
        switch (path) {
            case "/metrics" -> {
                byte[] body = metrics.scrape();
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, metrics.contentType());
                response.write(true, ByteBuffer.wrap(body), callback);
            }
            case "/healthy" -> text(response, callback, 200, "healthy");
            case "/ready" -> producer.ready().whenComplete((ready, error) -> {
                boolean ok = error == null && Boolean.TRUE.equals(ready);
                text(response, callback, ok ? 200 : 503, ok ? "ready" : "not ready: Kafka is not reachable");
            });
            default -> text(response, callback, 404, "not found: " + path
                    + " (endpoints: POST /api/v1/write, /v1/metrics, /v1/logs; GET /metrics, /ready, /healthy)");
        }
        return true;
    }

    private static void text(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** One ingest request from first byte to response. */
    private final class Exchange {
        private final Endpoint endpoint;
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final String requestId = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        private final InFlightBudget.Lease lease = budget.lease();
        private String clusterId;
        private boolean json;
        private String declaredContentType;
        /** The whole body was read: only then may the connection carry the client's next request. */
        private volatile boolean bodyRead;

        Exchange(Endpoint endpoint, Request request, Response response, Callback callback) {
            this.endpoint = endpoint;
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        void start() {
            response.getHeaders().put(REQUEST_ID, requestId);
            String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            // errors are answered in the request's encoding, also those found before the body is read
            json = endpoint != Endpoint.REMOTE_WRITE && type != null
                    && type.split(";", 2)[0].strip().equalsIgnoreCase("application/json");
            try {
                clusterId = auth.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION));
                checkHeaders();
                long length = request.getLength();
                if (length > limits.maxCompressedBytes()) {
                    throw Rejection.tooLarge("body is " + length + " bytes, above the limit of " + limits.maxCompressedBytes()
                            + " (limits.max-compressed-bytes)");
                }
                long initial = length >= 0 ? length : Math.min(limits.maxCompressedBytes(), 16 * 1024);
                if (!lease.tryAdd(initial)) {
                    throw BodyReader.budgetExhausted();
                }
                BodyReader.read(request, limits.maxCompressedBytes(), lease, length).whenComplete((body, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        if (cause instanceof Rejection r) {
                            reject(r, null);
                        } else {
                            // the client went away or the connection broke; nothing to answer
                            LOG.debug("event=body_read_failed request_id={} cluster={} error=\"{}\"", requestId, clusterId, cause.toString());
                            finish(400);
                            callback.failed(cause);
                        }
                        return;
                    }
                    bodyRead = true;
                    process(body);
                });
            } catch (Rejection r) {
                reject(r, null);
            } catch (RuntimeException e) {
                unexpected(e);
            }
        }

        private void checkHeaders() {
            String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            declaredContentType = contentType;
            String media = contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
            String enc = encoding == null ? "" : encoding.strip().toLowerCase(Locale.ROOT);
            if (endpoint == Endpoint.REMOTE_WRITE) {
                if (!media.equals("application/x-protobuf")) {
                    throw new Rejection(415, "unsupported_media_type", "Content-Type must be application/x-protobuf (remote_write 1.0), was "
                            + (contentType == null ? "missing" : "\"" + contentType + "\""));
                }
                String lower = contentType.toLowerCase(Locale.ROOT);
                if (lower.contains("proto=") && !lower.contains("proto=prometheus.writerequest")) {
                    throw new Rejection(415, "unsupported_media_type", "only remote_write 1.0 (proto=prometheus.WriteRequest) is supported, got \""
                            + contentType + "\"");
                }
                if (!enc.equals("snappy")) {
                    throw new Rejection(415, "unsupported_encoding", "Content-Encoding must be snappy (remote_write 1.0), was "
                            + (encoding == null ? "missing" : "\"" + encoding + "\""));
                }
            } else {
                if (media.equals("application/json")) {
                    json = true;
                } else if (!media.equals("application/x-protobuf")) {
                    throw new Rejection(415, "unsupported_media_type", "Content-Type must be application/x-protobuf or application/json (OTLP/HTTP), was "
                            + (contentType == null ? "missing" : "\"" + contentType + "\""));
                }
                if (!enc.isEmpty() && !enc.equals("gzip") && !enc.equals("identity")) {
                    throw new Rejection(415, "unsupported_encoding", "Content-Encoding must be gzip or absent, was \"" + encoding + "\"");
                }
            }
        }

        private void process(byte[] body) {
            try {
                metrics.receivedBytes(endpoint.path, body.length);
                long now = clock.millis();
                if (endpoint == Endpoint.REMOTE_WRITE) {
                    long declared = SnappyBlock.declaredLength(body);
                    if (declared > limits.maxDecompressedBytes()) {
                        throw Rejection.tooLarge("snappy body declares " + declared + " bytes uncompressed, above the limit of "
                                + limits.maxDecompressedBytes() + " (limits.max-decompressed-bytes)");
                    }
                    if (!lease.tryAdd(declared)) {
                        throw BodyReader.budgetExhausted();
                    }
                    byte[] raw = SnappyBlock.decompress(body, declared, limits.maxDecompressedBytes());
                    RemoteWriteValidator.Summary summary = remoteWrite.validate(raw, now);
                    cardinality.admit(clusterId, summary.seriesHashes(), summary.series());
                    sendAndRespond(raw, RecordHeaders.REMOTE_WRITE_PROTOBUF, summary.samples(), null, body);
                } else {
                    byte[] plain = body;
                    String enc = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
                    if (enc != null && enc.strip().equalsIgnoreCase("gzip")) {
                        plain = Gzip.decompress(body, limits.maxDecompressedBytes(), lease::tryAdd);
                    } else if (body.length > limits.maxDecompressedBytes()) {
                        throw Rejection.tooLarge("body is " + body.length + " bytes, above the limit of " + limits.maxDecompressedBytes()
                                + " (limits.max-decompressed-bytes)");
                    }
                    OtlpDecoder.Encoding encoding = json ? OtlpDecoder.Encoding.JSON : OtlpDecoder.Encoding.PROTOBUF;
                    OtlpDecoder.Decoded decoded = endpoint == Endpoint.OTLP_METRICS
                            ? otlp.metrics(plain, encoding, now)
                            : otlp.logs(plain, encoding, now);
                    if (endpoint == Endpoint.OTLP_METRICS) {
                        long[] hashes = decoded.seriesHashes();
                        cardinality.admit(clusterId, hashes, hashes.length);
                    }
                    String contentType = endpoint == Endpoint.OTLP_METRICS ? RecordHeaders.OTLP_METRICS_PROTOBUF : RecordHeaders.OTLP_LOGS_PROTOBUF;
                    sendAndRespond(decoded.protobuf(), contentType, decoded.accepted(), decoded, body);
                }
            } catch (Rejection r) {
                reject(r, body);
            } catch (RuntimeException e) {
                unexpected(e);
            }
        }

        /** Writes the accepted content (and, for a partial success, the dead letter), then answers. */
        private void sendAndRespond(byte[] value, String contentType, long accepted, OtlpDecoder.Decoded partial, byte[] received) {
            CompletableFuture<Void> data = CompletableFuture.completedFuture(null);
            if (value != null) {
                long started = System.nanoTime();
                data = producer.send(endpoint.topic, clusterId, contentType, requestId, value)
                        .whenComplete((ok, error) -> metrics.kafkaSend(endpoint.topic.topicName(), System.nanoTime() - started));
            }
            CompletableFuture<Void> deadLetter = CompletableFuture.completedFuture(null);
            if (partial != null && partial.rejected() > 0) {
                deadLetter = producer.sendDeadLetter(deadLetterOf(partial.errorMessage(), received), requestId);
            }
            CompletableFuture.allOf(data, deadLetter).whenComplete((ok, error) -> {
                try {
                    if (error != null) {
                        Rejection r = KafkaOutcome.rejectionFor(error);
                        if (r.status() >= 500) {
                            LOG.warn("event=kafka_write_failed request_id={} cluster={} endpoint={} error=\"{}\"",
                                    requestId, clusterId, endpoint.path, error.getCause() == null ? error : error.getCause());
                        }
                        reject(r, r.isContentProblem() ? received : null);
                        return;
                    }
                    metrics.accepted(endpoint.path, endpoint.kind, accepted);
                    if (endpoint == Endpoint.REMOTE_WRITE) {
                        finish(204);
                        response.setStatus(204);
                        response.write(true, null, callback);
                        return;
                    }
                    long rejected = partial.rejected();
                    if (rejected > 0) {
                        metrics.rejection(endpoint.path, "partial_success_items", rejected);
                    }
                    byte[] body = OtlpResponses.success(endpoint == Endpoint.OTLP_METRICS, json, rejected, partial.errorMessage());
                    finish(200);
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, json ? "application/json" : "application/x-protobuf");
                    response.write(true, ByteBuffer.wrap(body), callback);
                } catch (RuntimeException e) {
                    unexpected(e);
                }
            });
        }

        /**
         * Answers a rejection. Content problems from an authenticated cluster are written to the
         * dead-letter topic first; if that fails the client gets a 503 and sends again (nothing is dropped silently).
         */
        private void reject(Rejection rejection, byte[] payload) {
            metrics.rejection(endpoint.path, rejection.reason(), 1);
            if (clusterId != null && rejection.isContentProblem()) {
                producer.sendDeadLetter(deadLetterOf(rejection.getMessage(), payload), requestId).whenComplete((ok, error) -> {
                    if (error != null) {
                        LOG.warn("event=dead_letter_failed request_id={} cluster={} error=\"{}\"", requestId, clusterId, error.toString());
                        Rejection unavailable = KafkaOutcome.rejectionFor(error);
                        respondError(unavailable.status() == 413 ? 503 : unavailable.status(),
                                "the request was rejected (" + rejection.getMessage() + ") but could not be recorded: retry later");
                    } else {
                        respondError(rejection.status(), rejection.getMessage());
                    }
                });
            } else {
                respondError(rejection.status(), rejection.getMessage());
            }
        }

        private void respondError(int status, String message) {
            try {
                finish(status);
                response.setStatus(status);
                if (!bodyRead) {
                    // answered without reading the body (bad token, headers, size): the server closes the
                    // connection afterwards, so say so, or a client reusing it fails its next request
                    response.getHeaders().put(HttpHeader.CONNECTION, "close");
                }
                if (status == 401) {
                    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"tally\"");
                }
                if (status == 429 || status == 503) {
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, retryAfterSeconds);
                }
                if (endpoint == Endpoint.REMOTE_WRITE) {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                    response.write(true, ByteBuffer.wrap((message + "\n").getBytes(StandardCharsets.UTF_8)), callback);
                } else {
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, json ? "application/json" : "application/x-protobuf");
                    response.write(true, ByteBuffer.wrap(OtlpResponses.status(json, status, message)), callback);
                }
            } catch (RuntimeException e) {
                LOG.error("event=response_failed request_id={} error=\"{}\"", requestId, e.toString(), e);
                callback.failed(e);
            }
        }

        private void unexpected(RuntimeException e) {
            LOG.error("event=unexpected_error request_id={} cluster={} endpoint={}", requestId, clusterId, endpoint.path, e);
            metrics.rejection(endpoint.path, "internal_error", 1);
            respondError(500, "internal error (request id " + requestId + "); the content was not stored");
        }

        private void finish(int status) {
            lease.close();
            metrics.request(endpoint.path, status);
        }

        private DeadLetter deadLetterOf(String reason, byte[] payload) {
            String encoding = request.getHeaders().get(HttpHeader.CONTENT_ENCODING);
            String contentType = declaredContentType == null ? null
                    : encoding == null ? declaredContentType : declaredContentType + " (Content-Encoding: " + encoding + ")";
            return DeadLetter.of(reason, STAGE, new SourcePosition(endpoint.path + "#" + requestId, -1, -1),
                    clusterId, contentType, payload, clock.instant());
        }
    }
}
