package dev.tally.jobs.usage.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.telemetry.UnusableTelemetryException;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The decoder on random and truncated input: nothing but a reasoned rejection ever escapes. */
class MetricsDecoderPropertiesTest {
    private final MetricsDecoder decoder = new MetricsDecoder(List.of("prometheus_replica", "replica"));

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of(RecordHeaders.REMOTE_WRITE_PROTOBUF, RecordHeaders.OTLP_METRICS_PROTOBUF, "text/plain", "");
    }

    @Property(tries = 2000)
    void randomBytesAreDecodedOrRejectedWithAReason(@ForAll byte[] payload, @ForAll("contentTypes") String contentType) {
        assertDecodesOrRejectsWithAReason(new RawTelemetry("c1", contentType, payload, SourcePosition.kafka("t", 0, 0)));
    }

    @Property(tries = 1000)
    void truncatedWriteRequestsAreDecodedOrRejectedWithAReason(@ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] full = validRequest();
        byte[] truncated = Arrays.copyOf(full, Math.min(cut, full.length));
        assertDecodesOrRejectsWithAReason(new RawTelemetry("c1", RecordHeaders.REMOTE_WRITE_PROTOBUF, truncated,
                SourcePosition.kafka("t", 0, 0)));
    }

    @Property(tries = 1000)
    void corruptedWriteRequestsAreDecodedOrRejectedWithAReason(@ForAll @IntRange(min = 0, max = 100_000) int at,
                                                               @ForAll byte value) {
        byte[] bytes = validRequest();
        bytes[at % bytes.length] = value;
        assertDecodesOrRejectsWithAReason(new RawTelemetry("c1", RecordHeaders.REMOTE_WRITE_PROTOBUF, bytes,
                SourcePosition.kafka("t", 0, 0)));
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
