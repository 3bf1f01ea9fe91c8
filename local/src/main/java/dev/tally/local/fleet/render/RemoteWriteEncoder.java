package dev.tally.local.fleet.render;

import dev.tally.common.prometheus.RemoteWrite;

/**
 * Prometheus remote_write 1.0: one TimeSeries per series with one sample, labels sorted by
 * name with {@code __name__} among them, timestamps in milliseconds.
 */
public final class RemoteWriteEncoder {

    private RemoteWriteEncoder() {
    }

    public static RemoteWrite.WriteRequest encode(Exposition e) {
        RemoteWrite.WriteRequest.Builder request = RemoteWrite.WriteRequest.newBuilder();
        long ts = e.timestampMillis();
        for (int i = 0; i < e.size(); i++) {
            // toBuilder() shares the prototype's immutable label list instead of copying it
            request.addTimeseries(e.series(i).prototype().toBuilder()
                    .addSamples(RemoteWrite.Sample.newBuilder().setValue(e.value(i)).setTimestamp(ts)));
        }
        return request.build();
    }
}
