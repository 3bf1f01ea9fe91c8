package dev.tally.ingest.gateway;

import static dev.tally.ingest.gateway.support.Payloads.label;
import static dev.tally.ingest.gateway.support.Payloads.request;
import static dev.tally.ingest.gateway.support.Payloads.series;
import static dev.tally.ingest.gateway.support.Payloads.snappy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.ingest.gateway.auth.ClusterCredentials;
import dev.tally.ingest.gateway.auth.TokenHash;
import dev.tally.ingest.gateway.limits.Limits;
import dev.tally.ingest.gateway.support.GatewayClient;
import dev.tally.ingest.gateway.support.Payloads;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile requests over HTTP against a gateway with a recording sink (no Kafka needed): each one is
 * answered with its status and a message, recorded as a dead letter, and publishes nothing; the good
 * request sent next to it is published whole. Budget: 8 fixed cases and 150 seeded-random requests.
 */
class GatewayHostileInputTest {

    private static final String TOKEN = "token-hostile";
    private static final long NOW = 1_750_000_000_000L;
    private static final long SEED = 20261126L;
    private static final LimitsHttpTest.RecordingSink SINK = new LimitsHttpTest.RecordingSink();
    private static IngestGateway gateway;
    private static GatewayClient client;
    private int recordsBefore;
    private int deadLettersBefore;

    @BeforeAll
    static void start() {
        Limits d = Limits.defaults();
        Limits limits = new Limits(64 * 1024, 32 * 1024, 100, d.maxLabelsPerSeries(), d.maxLabelNameLength(),
                d.maxLabelValueLength(), d.maxFutureSkew(), d.maxActiveSeriesPerCluster(), d.activeSeriesWindow(), 1024 * 1024);
        gateway = IngestGateway.start(GatewayConfig.defaults().withBind("127.0.0.1", 0).withLimits(limits)
                        .withClusters(List.of(new ClusterCredentials("aks-hostile", true, List.of(TokenHash.sha256Hex(TOKEN))))),
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC), SINK);
        client = new GatewayClient(gateway.url());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @BeforeEach
    void mark() {
        recordsBefore = SINK.records.size();
        deadLettersBefore = SINK.deadLetters.size();
    }

    private static byte[] good(double value) {
        return request(series(value, NOW, label("__name__", "container_cpu_usage_seconds_total"), label("pod", "web-1"))).toByteArray();
    }

    /** The bad request is refused with this status and message, dead-lettered, and the good one after it is published. */
    private void assertRefusedAndTheNextGoodOneKept(HttpResponse<byte[]> bad, int status, String message) throws Exception {
        assertThat(bad.statusCode()).isEqualTo(status);
        if (bad.uri().getPath().endsWith("api/v1/write")) {
            assertThat(GatewayClient.text(bad)).isEqualTo(message + "\n");
        } else { // OTLP answers a google.rpc.Status
            assertThat(bad.body()).isEqualTo(OtlpResponses.status(false, status, message));
        }
        assertThat(SINK.records).hasSize(recordsBefore);
        assertThat(SINK.deadLetters).hasSize(deadLettersBefore + 1);
        assertThat(SINK.lastDeadLetter().reason()).isEqualTo(message);

        assertThat(client.remoteWrite(TOKEN, snappy(good(42.5))).statusCode()).isEqualTo(204);
        assertThat(SINK.records).hasSize(recordsBefore + 1);
        assertThat(RemoteWrite.WriteRequest.parseFrom(SINK.records.get(recordsBefore)).getTimeseries(0).getSamples(0).getValue()).isEqualTo(42.5);
        assertThat(gateway.inFlightBytes()).isZero();
    }

    @Test
    void aSnappyBombIs413BeforeAnythingIsInflated() throws Exception {
        byte[] bomb = snappy(new byte[1_000_000]);
        assertThat(bomb.length).isLessThan(64 * 1024);

        assertRefusedAndTheNextGoodOneKept(client.remoteWrite(TOKEN, bomb), 413,
                "snappy body declares 1000000 bytes uncompressed, above the limit of 32768 (limits.max-decompressed-bytes)");
    }

    @Test
    void aSnappyBodyThatLiesAboutItsLengthIsMalformed() throws Exception {
        byte[] bomb = snappy(new byte[1_000_000]);
        int header = 0;
        while ((bomb[header] & 0x80) != 0) {
            header++;
        }
        byte[] lying = new byte[bomb.length - header - 1 + 2];
        lying[0] = (byte) (1000 & 0x7f | 0x80); // declares 1000 bytes; the content inflates to 1 000 000
        lying[1] = (byte) (1000 >> 7);
        System.arraycopy(bomb, header + 1, lying, 2, bomb.length - header - 1);

        HttpResponse<byte[]> response = client.remoteWrite(TOKEN, lying);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(GatewayClient.text(response)).startsWith("body is not valid snappy block format");
        assertThat(SINK.records).hasSize(recordsBefore);
        assertThat(client.remoteWrite(TOKEN, snappy(good(1))).statusCode()).isEqualTo(204);
        assertThat(SINK.records).hasSize(recordsBefore + 1);
    }

    @Test
    void aGzipBombIs413WithItsLimit() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(new byte[10_000_000]);
        }
        assertRefusedAndTheNextGoodOneKept(client.otlp("v1/logs", TOKEN, "application/x-protobuf", "gzip", out.toByteArray()), 413,
                "gzip body decompresses to more than 32768 bytes (limits.max-decompressed-bytes)");
    }

    @Test
    void aLabelValueAbove4096BytesIsRefusedNamingSeriesAndLabel() throws Exception {
        byte[] raw = request(series(1, NOW, label("__name__", "m"), label("pod", "p".repeat(4097)))).toByteArray();
        assertRefusedAndTheNextGoodOneKept(client.remoteWrite(TOKEN, snappy(raw)), 400,
                "series 0 label \"pod\": value is 4097 bytes, above the limit of 4096 (limits.max-label-value-length)");
    }

    @Test
    void aLabelNameAbove256BytesIsRefused() throws Exception {
        String name = "n".repeat(257);
        byte[] raw = request(series(1, NOW, label("__name__", "m"), label(name, "v"))).toByteArray();
        HttpResponse<byte[]> response = client.remoteWrite(TOKEN, snappy(raw));
        assertThat(GatewayClient.text(response)).contains("name is 257 bytes, above the limit of 256 (limits.max-label-name-length)");
        assertRefusedAndTheNextGoodOneKept(response, 400, SINK.lastDeadLetter().reason());
    }

    @Test
    void moreThan64LabelsIsRefused() throws Exception {
        List<RemoteWrite.Label> labels = new ArrayList<>();
        for (int i = 0; i < 65; i++) {
            labels.add(label(String.format("l%02d", i), "v"));
        }
        byte[] raw = request(series(1, NOW, labels.toArray(RemoteWrite.Label[]::new))).toByteArray();
        assertRefusedAndTheNextGoodOneKept(client.remoteWrite(TOKEN, snappy(raw)), 400,
                "series 0: more than 64 labels (limits.max-labels-per-series)");
    }

    @Test
    void aLabelValueThatIsNotUtf8IsRefusedNamingSeriesAndLabel() throws Exception {
        byte[] raw = Payloads.patch(request(series(1, NOW, label("__name__", "m"), label("pod", "web-XX"))).toByteArray(),
                "XX", new byte[] {(byte) 0xC3, (byte) 0x28});
        assertRefusedAndTheNextGoodOneKept(client.remoteWrite(TOKEN, snappy(raw)), 400,
                "series 0 label \"pod\": value is not valid UTF-8");
    }

    @Test
    void otlpLogBodiesAndAttributesThatAreNotUtf8AreRefused() throws Exception {
        for (String placeholder : List.of("BODYXX", "ATTRXX")) {
            byte[] valid = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder().addScopeLogs(ScopeLogs.newBuilder()
                    .addLogRecords(LogRecord.newBuilder().setTimeUnixNano(NOW * 1_000_000)
                            .setBody(AnyValue.newBuilder().setStringValue("BODYXX"))
                            .addAttributes(KeyValue.newBuilder().setKey("k").setValue(AnyValue.newBuilder().setStringValue("ATTRXX")))))).build()
                    .toByteArray();
            byte[] bad = Payloads.patch(valid, placeholder,
                    concat(placeholder.substring(0, 4).getBytes(StandardCharsets.US_ASCII), new byte[] {(byte) 0xFF, (byte) 0xFE}));
            mark();
            HttpResponse<byte[]> response = client.otlp("v1/logs", TOKEN, "application/x-protobuf", null, bad);
            assertThat(response.statusCode()).as(placeholder).isEqualTo(400);
            assertThat(SINK.lastDeadLetter().reason()).as(placeholder).startsWith("body is not a valid protobuf ExportLogsServiceRequest")
                    .contains("UTF-8");
            assertThat(SINK.records).hasSize(recordsBefore);
            HttpResponse<byte[]> goodLogs = client.otlp("v1/logs", TOKEN, "application/x-protobuf", null, valid);
            assertThat(goodLogs.statusCode()).isEqualTo(200);
            assertThat(SINK.records).hasSize(recordsBefore + 1);
            assertThat(SINK.records.get(recordsBefore)).isEqualTo(valid);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private enum Kind { GOOD, SNAPPY_BOMB, HUGE_VALUE, BAD_UTF8, TOO_FAR_AHEAD, GARBAGE, TRUNCATED }

    /**
     * Random good and hostile requests, one after the other: every hostile one is a 4xx with a message
     * and a dead letter, and what was published is exactly the good ones' values, in order.
     */
    @Test
    void randomHostileRequestsAmongGoodOnesNeverCostAGoodSample() throws Exception {
        Random random = new Random(SEED);
        List<Double> expected = new ArrayList<>();
        int refused = 0;
        for (int i = 0; i < 150; i++) {
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            double value = random.nextInt(1_000_000) / 8.0;
            String pod = "web-" + random.nextInt(1000);
            byte[] body = switch (kind) {
                case GOOD -> snappy(request(series(value, NOW - random.nextInt(86_400_000), label("__name__", "m"), label("pod", pod))).toByteArray());
                case SNAPPY_BOMB -> snappy(new byte[33 * 1024 + random.nextInt(1_000_000)]);
                case HUGE_VALUE -> snappy(request(series(value, NOW, label("pod", "x".repeat(4097 + random.nextInt(20_000))))).toByteArray());
                case BAD_UTF8 -> snappy(Payloads.patch(request(series(value, NOW, label("pod", pod + "XX"))).toByteArray(), "XX",
                        new byte[] {(byte) (0x80 + random.nextInt(0x40)), (byte) (0xF8 + random.nextInt(8))}));
                case TOO_FAR_AHEAD -> snappy(request(series(value, NOW + 600_001 + random.nextInt(1_000_000_000), label("pod", pod))).toByteArray());
                case GARBAGE -> {
                    byte[] g = new byte[1 + random.nextInt(2_000)];
                    random.nextBytes(g);
                    yield g;
                }
                case TRUNCATED -> {
                    byte[] full = snappy(request(series(value, NOW, label("__name__", "m"), label("pod", pod))).toByteArray());
                    yield Arrays.copyOf(full, random.nextInt(full.length - 1));
                }
            };
            int deadLetters = SINK.deadLetters.size();
            HttpResponse<byte[]> response = client.remoteWrite(TOKEN, body);
            String why = "seed " + SEED + " request " + i + " (" + kind + "): " + response.statusCode() + " " + GatewayClient.text(response);
            if (kind == Kind.GOOD) {
                assertThat(response.statusCode()).as(why).isEqualTo(204);
                expected.add(value);
            } else if (response.statusCode() != 204) { // random bytes may, rarely, be a valid request
                refused++;
                assertThat(response.statusCode()).as(why).isIn(400, 413);
                assertThat(GatewayClient.text(response)).as(why).isNotBlank();
                assertThat(SINK.deadLetters).as(why).hasSize(deadLetters + 1);
                assertThat(SINK.lastDeadLetter().reason() + "\n").as(why).isEqualTo(GatewayClient.text(response));
            } else {
                assertThat(kind).as(why).isIn(Kind.GARBAGE, Kind.TRUNCATED);
                expected.add(Double.NaN); // placeholder: published but not one of ours
            }
        }
        List<Double> published = new ArrayList<>();
        for (byte[] record : SINK.records.subList(recordsBefore, SINK.records.size())) {
            RemoteWrite.WriteRequest written = RemoteWrite.WriteRequest.parseFrom(record);
            published.add(written.getTimeseriesCount() == 1 && written.getTimeseries(0).getSamplesCount() == 1
                    ? written.getTimeseries(0).getSamples(0).getValue() : Double.NaN);
        }
        assertThat(published).as("seed %d", SEED).containsExactlyElementsOf(expected);
        assertThat(refused).as("seed %d", SEED).isGreaterThan(100);
        assertThat(gateway.inFlightBytes()).isZero();
    }
}
