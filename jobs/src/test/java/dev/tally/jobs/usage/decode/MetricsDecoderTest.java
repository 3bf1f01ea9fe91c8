package dev.tally.jobs.usage.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.telemetry.UnusableTelemetryException;
import dev.tally.jobs.usage.series.HourBucket;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsDecoderTest {
    private static final long H = 1_767_693_600_000L; // 2026-01-06T10:00Z
    private final MetricsDecoder decoder = new MetricsDecoder(List.of("prometheus_replica", "replica"));

    private static RemoteWrite.TimeSeries series(String name, String replica, long t, double v) {
        RemoteWrite.TimeSeries.Builder s = RemoteWrite.TimeSeries.newBuilder()
                .addLabels(RemoteWrite.Label.newBuilder().setName("__name__").setValue(name))
                .addLabels(RemoteWrite.Label.newBuilder().setName("cluster").setValue("claimed-elsewhere"))
                .addLabels(RemoteWrite.Label.newBuilder().setName("container").setValue("api"));
        if (replica != null) {
            s.addLabels(RemoteWrite.Label.newBuilder().setName("prometheus_replica").setValue(replica));
        }
        return s.addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(t).setValue(v)).build();
    }

    private DecodedRecord decode(RemoteWrite.WriteRequest request) throws UnusableTelemetryException {
        return decoder.decode(new RawTelemetry("c1", RecordHeaders.REMOTE_WRITE_PROTOBUF, request.toByteArray(),
                SourcePosition.kafka("t", 0, 7)));
    }

    @Test
    void anHaPairsCopiesOfASampleAreCountedOnce() throws Exception {
        DecodedRecord a = decode(RemoteWrite.WriteRequest.newBuilder()
                .addTimeseries(series("container_cpu_usage_seconds_total", "prometheus-0", H, 12.5)).build());
        DecodedRecord b = decode(RemoteWrite.WriteRequest.newBuilder()
                .addTimeseries(series("container_cpu_usage_seconds_total", "prometheus-1", H, 12.5)).build());
        HourBucket bucket = new HourBucket(H);
        for (DecodedRecord d : List.of(a, b)) {
            ClusterSamples s = d.byHour().get(0);
            bucket.add(s.labels().get(0), s.timestamps()[0], s.values()[0]);
        }
        assertThat(bucket.samples()).isEqualTo(1);
        assertThat(a.byHour().get(0).labels().get(0).get("prometheus_replica")).isEmpty();
        assertThat(a.byHour().get(0).labels().get(0).get("cluster")).as("the sender's cluster label is not trusted").isEmpty();
    }

    @Test
    void samplesAreGroupedByHourOnlyUsageFamiliesAreKeptAndStalenessMarkersSkipped() throws Exception {
        DecodedRecord d = decode(RemoteWrite.WriteRequest.newBuilder()
                .addTimeseries(series("container_cpu_usage_seconds_total", null, H - 1, 1))
                .addTimeseries(series("container_cpu_usage_seconds_total", null, H, 2))
                .addTimeseries(series("container_network_receive_bytes_total", null, H, 3))
                .addTimeseries(series("container_memory_working_set_bytes", null, H + 5, Double.longBitsToDouble(0x7ff0000000000002L)))
                .build());
        assertThat(d.byHour()).extracting(ClusterSamples::hourStartMillis).containsExactly(H - 3_600_000, H);
        assertThat(d.byHour()).extracting(ClusterSamples::size).containsExactly(1, 1);
        assertThat(d.problems()).isEmpty();
    }

    @Test
    void unreadableRecordsAndUnnamedSeriesHaveReasons() throws Exception {
        assertThatThrownBy(() -> decoder.decode(new RawTelemetry(null, RecordHeaders.REMOTE_WRITE_PROTOBUF, new byte[0],
                SourcePosition.kafka("t", 0, 1)))).isInstanceOf(UnusableTelemetryException.class).hasMessageContaining("cluster");
        assertThatThrownBy(() -> decoder.decode(new RawTelemetry("c1", "text/plain", new byte[0],
                SourcePosition.kafka("t", 0, 1)))).hasMessageContaining("unsupported content type");
        assertThatThrownBy(() -> decoder.decode(new RawTelemetry("c1", RecordHeaders.REMOTE_WRITE_PROTOBUF, new byte[]{(byte) 0xff},
                SourcePosition.kafka("t", 0, 1)))).hasMessageContaining("not a remote_write WriteRequest");
        DecodedRecord d = decode(RemoteWrite.WriteRequest.newBuilder().addTimeseries(RemoteWrite.TimeSeries.newBuilder()
                .addSamples(RemoteWrite.Sample.newBuilder().setTimestamp(H).setValue(1))).build());
        assertThat(d.problems()).containsExactly("1 series without a __name__ label were skipped");
    }
}
