package dev.tally.ingest.gateway;

import static dev.tally.ingest.gateway.support.Payloads.label;
import static dev.tally.ingest.gateway.support.Payloads.series;
import static dev.tally.ingest.gateway.support.Payloads.snappy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.gateway.auth.ClusterCredentials;
import dev.tally.ingest.gateway.auth.TokenHash;
import dev.tally.ingest.gateway.kafka.RecordSink;
import dev.tally.ingest.gateway.limits.Limits;
import dev.tally.ingest.gateway.support.GatewayClient;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Kafka slow: the records wait for their acknowledgement (a sink that answers only when told), the
 * gateway keeps the requests' bytes, and when its byte budget is full it turns the next request away
 * with 429 + Retry-After instead of holding more memory. Then Kafka fails (503) and answers again (204).
 */
class BackPressureTest {

    private static final String TOKEN = "token-bp";

    /** Holds every send until the test completes it. */
    static final class StalledSink implements RecordSink {
        final LinkedBlockingQueue<CompletableFuture<Void>> pending = new LinkedBlockingQueue<>();

        @Override
        public CompletableFuture<Void> send(Topic topic, String clusterId, String contentType, String requestId, byte[] value) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        @Override
        public CompletableFuture<Void> sendDeadLetter(DeadLetter deadLetter, String requestId) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Boolean> ready() {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aFullByteBudgetIs429AndKafkaFailureIs503() throws Exception {
        Limits d = Limits.defaults();
        Limits small = new Limits(6_000, 10_000, d.maxSeriesPerRequest(), d.maxLabelsPerSeries(), d.maxLabelNameLength(),
                d.maxLabelValueLength(), d.maxFutureSkew(), d.maxActiveSeriesPerCluster(), d.activeSeriesWindow(), 16_000);
        GatewayConfig config = GatewayConfig.defaults().withBind("127.0.0.1", 0).withLimits(small).withRetryAfter(Duration.ofSeconds(2))
                .withClusters(List.of(new ClusterCredentials("aks-bp", true, List.of(TokenHash.sha256Hex(TOKEN)))));
        StalledSink sink = new StalledSink();
        byte[] raw = payload(90);
        byte[] body = snappy(raw);
        assertThat(raw.length + body.length).as("one request holds more than half the budget").isBetween(8_001, 16_000);

        try (IngestGateway gateway = IngestGateway.start(config, Clock.systemUTC(), sink)) {
            CompletableFuture<HttpResponse<byte[]>> first = post(gateway, body);
            CompletableFuture<Void> firstSend = sink.pending.poll(10, TimeUnit.SECONDS);
            assertThat(firstSend).as("the first request reached the sink").isNotNull();
            assertThat(gateway.inFlightBytes()).isEqualTo(raw.length + body.length);

            HttpResponse<byte[]> second = post(gateway, body).get(10, TimeUnit.SECONDS);
            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(GatewayClient.text(second)).isEqualTo("the gateway holds its maximum of request bytes while Kafka catches up; retry later\n");
            assertThat(first).isNotDone();

            firstSend.completeExceptionally(new TimeoutException("Expiring 1 record(s)"));
            HttpResponse<byte[]> failed = first.get(10, TimeUnit.SECONDS);
            assertThat(failed.statusCode()).isEqualTo(503);
            assertThat(failed.headers().firstValue("Retry-After")).hasValue("2");
            assertThat(GatewayClient.text(failed)).isEqualTo("Kafka did not acknowledge the records: TimeoutException; nothing was stored, retry later\n");
            assertThat(gateway.inFlightBytes()).isZero();

            CompletableFuture<HttpResponse<byte[]>> third = post(gateway, body);
            sink.pending.poll(10, TimeUnit.SECONDS).complete(null);
            assertThat(third.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(204);
            assertThat(gateway.inFlightBytes()).isZero();
        }
    }

    static byte[] payload(int seriesCount) {
        long now = System.currentTimeMillis();
        RemoteWrite.WriteRequest.Builder b = RemoteWrite.WriteRequest.newBuilder();
        for (int i = 0; i < seriesCount; i++) {
            b.addTimeseries(series(i, now, label("__name__", "bp_test"), label("i", Integer.toString(i)),
                    label("noise", Long.toHexString(Double.doubleToLongBits(Math.random())))));
        }
        return b.build().toByteArray();
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static CompletableFuture<HttpResponse<byte[]>> post(IngestGateway gateway, byte[] body) {
        return HTTP.sendAsync(HttpRequest.newBuilder(gateway.url().resolve("api/v1/write"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "snappy")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
