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
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The decoders on random, mutated and truncated input: a body is either accepted or rejected with a
 * {@link Rejection} that has a 4xx status, a reason code and a message; nothing else ever escapes.
 */
class DecoderPropertiesTest {

    private static final long NOW = 1_750_000_000_000L;
    private final Limits limits = Limits.defaults();
    private final RemoteWriteValidator remoteWrite = new RemoteWriteValidator(limits);
    private final OtlpDecoder otlp = new OtlpDecoder(limits);

    @Property(tries = 500)
    void randomBytesAsRemoteWrite(@ForAll @Size(max = 300) byte[] body) {
        decodeRemoteWrite(body);
        decodeRemoteWrite(Payloads.snappy(body));
    }

    @Property(tries = 300)
    void truncatedAndMutatedRemoteWrite(@ForAll("writeRequests") byte[] raw, @ForAll @IntRange(min = 0, max = 10_000) int cut,
                                        @ForAll @IntRange(min = 0, max = 10_000) int flipAt, @ForAll byte flip) {
        byte[] truncated = Arrays.copyOf(raw, raw.length == 0 ? 0 : cut % (raw.length + 1));
        checkValidator(truncated);
        byte[] mutated = raw.clone();
        if (mutated.length > 0) {
            mutated[flipAt % mutated.length] ^= flip;
        }
        checkValidator(mutated);
        byte[] compressed = Payloads.snappy(raw);
        decodeRemoteWrite(Arrays.copyOf(compressed, compressed.length == 0 ? 0 : cut % (compressed.length + 1)));
    }

    @Property(tries = 500)
    void randomBytesAsOtlp(@ForAll @Size(max = 300) byte[] body) {
        for (OtlpDecoder.Encoding encoding : OtlpDecoder.Encoding.values()) {
            checkOtlp(() -> otlp.metrics(body, encoding, NOW));
            checkOtlp(() -> otlp.logs(body, encoding, NOW));
        }
        checkOtlp(() -> Gzip.decompress(body, 1024, n -> true));
    }

    @Property(tries = 300)
    void truncatedOtlpJson(@ForAll("otlpJson") String json, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] truncated = Arrays.copyOf(bytes, cut % (bytes.length + 1));
        checkOtlp(() -> otlp.metrics(truncated, OtlpDecoder.Encoding.JSON, NOW));
        checkOtlp(() -> otlp.logs(truncated, OtlpDecoder.Encoding.JSON, NOW));
    }

    @Provide
    Arbitrary<byte[]> writeRequests() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> values = Arbitraries.strings().ofMaxLength(12);
        Arbitrary<RemoteWrite.Label> label = Combinators.combine(names, values).as(Payloads::label);
        Arbitrary<RemoteWrite.TimeSeries> series = Combinators.combine(
                label.list().ofMaxSize(5), Arbitraries.doubles(), Arbitraries.longs().between(0, NOW + 3_600_000))
                .as((labels, v, t) -> Payloads.series(v, t, labels.toArray(RemoteWrite.Label[]::new)));
        return series.list().ofMaxSize(4).map(list -> Payloads.request(list.toArray(RemoteWrite.TimeSeries[]::new)).toByteArray());
    }

    @Provide
    Arbitrary<String> otlpJson() {
        return Arbitraries.of(List.of(
                "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"m\",\"gauge\":{\"dataPoints\":[{\"asDouble\":1,\"timeUnixNano\":\"1\",\"attributes\":[{\"key\":\"k\",\"value\":{\"stringValue\":\"v\"}}]}]}}]}]}]}",
                "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"timeUnixNano\":\"1\",\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"body\":{\"stringValue\":\"x\"}}]}]}]}"));
    }

    private void decodeRemoteWrite(byte[] compressed) {
        try {
            long declared = SnappyBlock.declaredLength(compressed);
            byte[] raw = SnappyBlock.decompress(compressed, declared, limits.maxDecompressedBytes());
            remoteWrite.validate(raw, NOW);
        } catch (Rejection r) {
            assertIsAReason(r);
        }
    }

    private void checkValidator(byte[] raw) {
        try {
            RemoteWriteValidator.Summary summary = remoteWrite.validate(raw, NOW);
            assertThat(summary.seriesHashes()).hasSize(summary.series());
        } catch (Rejection r) {
            assertIsAReason(r);
        }
    }

    private void checkOtlp(Runnable decode) {
        try {
            decode.run();
        } catch (Rejection r) {
            assertIsAReason(r);
        }
    }

    private static void assertIsAReason(Rejection r) {
        assertThat(r.status()).isBetween(400, 499);
        assertThat(r.reason()).isNotBlank();
        assertThat(r.getMessage()).isNotBlank();
    }
}
