package dev.tally.ingest.gateway;

import static dev.tally.ingest.gateway.support.Payloads.label;
import static dev.tally.ingest.gateway.support.Payloads.request;
import static dev.tally.ingest.gateway.support.Payloads.series;
import static dev.tally.ingest.gateway.support.Payloads.snappy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.deadletter.DeadLetter;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.gateway.auth.ClusterCredentials;
import dev.tally.ingest.gateway.auth.TokenHash;
import dev.tally.ingest.gateway.kafka.RecordSink;
import dev.tally.ingest.gateway.limits.Limits;
import dev.tally.ingest.gateway.support.GatewayClient;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Limits over HTTP, with a sink that acknowledges at once and keeps what it got (no Kafka needed). */
class LimitsHttpTest {

    private static final String TOKEN = "token-limits";
    private static final RecordingSink SINK = new RecordingSink();
    private static IngestGateway gateway;
    private static GatewayClient client;

    static final class RecordingSink implements RecordSink {
        final List<byte[]> records = new CopyOnWriteArrayList<>();
        final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Void> send(Topic topic, String clusterId, String contentType, String requestId, byte[] value) {
            records.add(value);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> sendDeadLetter(DeadLetter deadLetter, String requestId) {
            deadLetters.add(deadLetter);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Boolean> ready() {
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public void close() {
        }

        DeadLetter lastDeadLetter() {
            return deadLetters.get(deadLetters.size() - 1);
        }
    }

    @BeforeAll
    static void start() {
        Limits d = Limits.defaults();
        Limits limits = new Limits(2_000, 8_000, 5, d.maxLabelsPerSeries(), d.maxLabelNameLength(), d.maxLabelValueLength(),
                d.maxFutureSkew(), 3, Duration.ofHours(1), 10_000);
        gateway = IngestGateway.start(GatewayConfig.defaults().withBind("127.0.0.1", 0).withLimits(limits)
                .withClusters(List.of(new ClusterCredentials("aks-limits", true, List.of(TokenHash.sha256Hex(TOKEN))))),
                Clock.systemUTC(), SINK);
        client = new GatewayClient(gateway.url());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theActiveSeriesGuardRejectsNewSeriesAboveTheLimit() {
        long now = System.currentTimeMillis();
        assertThat(client.remoteWrite(TOKEN, snappy(request(series(1, now, label("s", "a")), series(1, now, label("s", "b"))).toByteArray()))
                .statusCode()).isEqualTo(204);
        assertThat(client.remoteWrite(TOKEN, snappy(request(series(2, now, label("s", "a")), series(2, now, label("s", "b"))).toByteArray()))
                .statusCode()).isEqualTo(204);

        HttpResponse<byte[]> over = client.remoteWrite(TOKEN, snappy(request(series(3, now, label("s", "a")),
                series(3, now, label("s", "c")), series(3, now, label("s", "d"))).toByteArray()));

        assertThat(over.statusCode()).isEqualTo(400);
        String message = "cluster aks-limits would have 4 active series, above the limit of 3 (limits.max-active-series-per-cluster); 2 new series in this request";
        assertThat(GatewayClient.text(over)).isEqualTo(message + "\n");
        assertThat(SINK.lastDeadLetter().reason()).isEqualTo(message);
        assertThat(client.remoteWrite(TOKEN, snappy(request(series(4, now, label("s", "c"))).toByteArray())).statusCode()).isEqualTo(204);
    }

    @Test
    void tooManySeriesInOneRequest() {
        long now = System.currentTimeMillis();
        RemoteWriteSeries six = new RemoteWriteSeries(now);
        HttpResponse<byte[]> response = client.remoteWrite(TOKEN, snappy(six.request(6)));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(GatewayClient.text(response)).isEqualTo("request has more than 5 series (limits.max-series-per-request)\n");
    }

    @Test
    void aDeclaredLengthAboveTheCapIsRefusedUnread() {
        byte[] big = new byte[3_000];
        HttpResponse<byte[]> response = client.remoteWrite(TOKEN, big);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(GatewayClient.text(response)).isEqualTo("body is 3000 bytes, above the limit of 2000 (limits.max-compressed-bytes)\n");
        assertThat(SINK.lastDeadLetter().payload()).isEmpty();
        assertThat(gateway.inFlightBytes()).isZero();
    }

    @Test
    void aGzipBombIs413() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(new byte[1_000_000]);
        }
        HttpResponse<byte[]> response = client.otlp("v1/logs", TOKEN, "application/x-protobuf", "gzip", out.toByteArray());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(gateway.inFlightBytes()).isZero();
    }

    @Test
    void remoteWrite2AndWrongMethodsAreRefused() throws Exception {
        HttpResponse<byte[]> v2 = HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.url().resolve("api/v1/write"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/x-protobuf;proto=io.prometheus.write.v2.Request")
                .header("Content-Encoding", "snappy")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0})).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(v2.statusCode()).isEqualTo(415);
        assertThat(GatewayClient.text(v2)).startsWith("only remote_write 1.0 (proto=prometheus.WriteRequest) is supported");
        HttpResponse<byte[]> get = client.get("api/v1/write");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    }

    /** n distinct series in one request. */
    private record RemoteWriteSeries(long now) {
        byte[] request(int n) {
            dev.tally.common.prometheus.RemoteWrite.WriteRequest.Builder b = dev.tally.common.prometheus.RemoteWrite.WriteRequest.newBuilder();
            for (int i = 0; i < n; i++) {
                b.addTimeseries(series(i, now, label("n", "x" + i)));
            }
            return b.build().toByteArray();
        }
    }
}
