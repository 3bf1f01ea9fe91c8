package dev.tally.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.ingest.gateway.limits.Limits;
import dev.tally.ingest.gateway.limits.Rejection;
import dev.tally.ingest.gateway.otlp.Gzip;
import dev.tally.ingest.gateway.otlp.OtlpDecoder;
import dev.tally.ingest.gateway.prometheus.RemoteWriteValidator;
import dev.tally.ingest.gateway.prometheus.SnappyBlock;
import dev.tally.ingest.gateway.support.Payloads;
import dev.tally.common.prometheus.RemoteWrite;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decoders on random, mutated and truncated input: a body is either accepted or rejected with a
 * {@link Rejection} that has a 4xx status, a reason code and a message; nothing else ever escapes.
 * Inputs come from a seeded generator, so a failure names its seed and case and reproduces.
 */
class DecoderPropertiesTest {

    private static final long NOW = 1_750_000_000_000L;
    private final Limits limits = Limits.defaults();
    private final RemoteWriteValidator remoteWrite = new RemoteWriteValidator(limits);
    private final OtlpDecoder otlp = new OtlpDecoder(limits);

    private static final long SEED = 20261126L;
    /** Seed and case of the input being checked: in every failure message. */
    private String where = "";

    @Test
    void randomBytesAsRemoteWriteAreDecodedOrRefusedWithAReason() {
        Random random = new Random(SEED);
        for (int i = 0; i < 2_000; i++) {
            where = "seed " + SEED + " case " + i;
            byte[] body = randomBytes(random, 300);
            decodeRemoteWrite(body);
            decodeRemoteWrite(Payloads.snappy(body));
        }
    }

    @Test
    void truncatedAndMutatedWriteRequestsAreDecodedOrRefusedWithAReason() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < 2_000; i++) {
            where = "seed " + (SEED + 1) + " case " + i;
            byte[] raw = writeRequest(random);
            int cut = random.nextInt(raw.length + 1);
            checkValidator(Arrays.copyOf(raw, cut));
            byte[] mutated = raw.clone();
            if (mutated.length > 0) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
            }
            checkValidator(mutated);
            byte[] compressed = Payloads.snappy(raw);
            decodeRemoteWrite(Arrays.copyOf(compressed, random.nextInt(compressed.length + 1)));
        }
    }

    @Test
    void randomBytesAsOtlpAreDecodedOrRefusedWithAReason() {
        Random random = new Random(SEED + 2);
        for (int i = 0; i < 2_000; i++) {
            where = "seed " + (SEED + 2) + " case " + i;
            byte[] body = randomBytes(random, 300);
            for (OtlpDecoder.Encoding encoding : OtlpDecoder.Encoding.values()) {
                checkOtlp(() -> otlp.metrics(body, encoding, NOW));
                checkOtlp(() -> otlp.logs(body, encoding, NOW));
            }
            checkOtlp(() -> Gzip.decompress(body, 1024, n -> true));
        }
    }

    @Test
    void everyTruncationOfOtlpJsonIsDecodedOrRefusedWithAReason() {
        for (String json : OTLP_JSON) {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            for (int cut = 0; cut <= bytes.length; cut++) {
                where = "truncated at " + cut + " of " + json;
                byte[] truncated = Arrays.copyOf(bytes, cut);
                checkOtlp(() -> otlp.metrics(truncated, OtlpDecoder.Encoding.JSON, NOW));
                checkOtlp(() -> otlp.logs(truncated, OtlpDecoder.Encoding.JSON, NOW));
            }
        }
    }

    private static final List<String> OTLP_JSON = List.of(
            "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"m\",\"gauge\":{\"dataPoints\":[{\"asDouble\":1,\"timeUnixNano\":\"1\",\"attributes\":[{\"key\":\"k\",\"value\":{\"stringValue\":\"v\"}}]}]}}]}]}]}",
            "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"1\",\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"body\":{\"stringValue\":\"x\"}}]}]}]}");

    private static byte[] randomBytes(Random random, int maxLength) {
        byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    /** A valid WriteRequest with up to 4 series of up to 5 random labels (names a-z, values any text). */
    private static byte[] writeRequest(Random random) {
        List<RemoteWrite.TimeSeries> series = new ArrayList<>();
        for (int s = random.nextInt(5); s > 0; s--) {
            List<RemoteWrite.Label> labels = new ArrayList<>();
            for (int l = random.nextInt(6); l > 0; l--) {
                labels.add(Payloads.label(randomName(random), randomText(random)));
            }
            series.add(Payloads.series(random.nextDouble() * 1e6, (long) (random.nextDouble() * (NOW + 3_600_000)),
                    labels.toArray(RemoteWrite.Label[]::new)));
        }
        return Payloads.request(series.toArray(RemoteWrite.TimeSeries[]::new)).toByteArray();
    }

    private static String randomName(Random random) {
        StringBuilder name = new StringBuilder();
        for (int i = 1 + random.nextInt(8); i > 0; i--) {
            name.append((char) ('a' + random.nextInt(26)));
        }
        return name.toString();
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(13); i > 0; i--) {
            text.appendCodePoint(random.nextInt(4) == 0 ? 0x80 + random.nextInt(0x2000) : 0x20 + random.nextInt(0x5f));
        }
        return text.toString();
    }

    private void decodeRemoteWrite(byte[] compressed) {
        try {
            long declared = SnappyBlock.declaredLength(compressed);
            byte[] raw = SnappyBlock.decompress(compressed, declared, limits.maxDecompressedBytes());
            remoteWrite.validate(raw, NOW);
        } catch (Rejection r) {
            assertIsAReason(r);
        } catch (RuntimeException e) {
            throw new AssertionError(where + ": " + e, e);
        }
    }

    private void checkValidator(byte[] raw) {
        try {
            RemoteWriteValidator.Summary summary = remoteWrite.validate(raw, NOW);
            assertThat(summary.seriesHashes()).as(where).hasSize(summary.series());
        } catch (Rejection r) {
            assertIsAReason(r);
        } catch (RuntimeException e) {
            throw new AssertionError(where + ": " + e, e);
        }
    }

    private void checkOtlp(Runnable decode) {
        try {
            decode.run();
        } catch (Rejection r) {
            assertIsAReason(r);
        } catch (RuntimeException e) {
            throw new AssertionError(where + ": " + e, e);
        }
    }

    private void assertIsAReason(Rejection r) {
        assertThat(r.status()).as(where).isBetween(400, 499);
        assertThat(r.reason()).as(where).isNotBlank();
        assertThat(r.getMessage()).as(where).isNotBlank();
    }
}
