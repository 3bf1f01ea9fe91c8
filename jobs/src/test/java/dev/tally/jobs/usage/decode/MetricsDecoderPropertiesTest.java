package dev.tally.jobs.usage.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.telemetry.UnusableTelemetryException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The decoder on random, truncated and corrupted input: nothing but a reasoned rejection ever
 * escapes. Inputs come from a seeded generator, so every case reproduces.
 */
class MetricsDecoderPropertiesTest {
    private static final long SEED = 20260107L;
    private static final List<String> CONTENT_TYPES = List.of(
            RecordHeaders.REMOTE_WRITE_PROTOBUF, RecordHeaders.OTLP_METRICS_PROTOBUF, "text/plain", "");
    private final MetricsDecoder decoder = new MetricsDecoder(List.of("prometheus_replica", "replica"));

    @Test
    void randomBytesAreDecodedOrRejectedWithAReason() {
        Random random = new Random(SEED);
        for (int c = 0; c < 2_000; c++) {
            byte[] payload = new byte[random.nextInt(400)];
            random.nextBytes(payload);
            String contentType = CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
            assertDecodesOrRejectsWithAReason(new RawTelemetry("c1", contentType, payload, SourcePosition.kafka("t", 0, c)));
        }
    }

    @Test
    void everyTruncationOfAWriteRequestIsDecodedOrRejectedWithAReason() {
        byte[] full = validRequest();
        for (int cut = 0; cut <= full.length; cut++) {
            assertDecodesOrRejectsWithAReason(new RawTelemetry("c1", RecordHeaders.REMOTE_WRITE_PROTOBUF,
                    Arrays.copyOf(full, cut), SourcePosition.kafka("t", 0, cut)));
        }
    }

    @Test
    void corruptedWriteRequestsAreDecodedOrRejectedWithAReason() {
        Random random = new Random(SEED + 1);
        for (int c = 0; c < 2_000; c++) {
            byte[] bytes = validRequest();
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            assertDecodesOrRejectsWithAReason(new RawTelemetry("c1", RecordHeaders.REMOTE_WRITE_PROTOBUF, bytes,
                    SourcePosition.kafka("t", 0, c)));
        }
    }

    private void assertDecodesOrRejectsWithAReason(RawTelemetry record) {
        try {
            DecodedRecord decoded = decoder.decode(record);
            assertThat(decoded.problems()).allSatisfy(p -> assertThat(p).isNotBlank());
        } catch (UnusableTelemetryException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    static byte[] validRequest() {
        RemoteWrite.WriteRequest.Builder b = RemoteWrite.WriteRequest.newBuilder();
        for (int i = 0; i < 20; i++) {
            b.addTimeseries(RemoteWrite.TimeSeries.newBuilder()
                    .addLabels(RemoteWrite.Label.newBuilder().setName("__name__").setValue("container_cpu_usage_seconds_total"))
                    .addLabels(RemoteWrite.Label.newBuilder().setName("container").setValue("c" + i))
                    .addLabels(RemoteWrite.Label.newBuilder().setName("namespace").setValue("shop"))
                    .addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(1_767_225_600_000L + i).setValue(i * 1.5)));
        }
        return b.build().toByteArray();
    }
}
