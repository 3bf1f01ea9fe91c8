package dev.tally.local.fleet.render;

import com.google.protobuf.ByteString;
import dev.tally.common.prometheus.RemoteWrite;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One time series' identity, built once and reused at every scrape while it lives: the
 * remote_write label set (sorted by name, {@code __name__} included, empty values dropped as
 * Prometheus drops them), and lazily the OTLP data point attributes (the same labels without
 * {@code __name__}, {@code job}, {@code instance} and the external {@code cluster} label, which
 * the prometheus receiver moves to the resource).
 */
public final class Series {

    public static final String NAME = "__name__";
    public static final String CLUSTER = "cluster";
    public static final String JOB = "job";
    public static final String INSTANCE = "instance";

    private final Family family;
    private final ScrapeTarget target;
    private final List<RemoteWrite.Label> labels;
    private final RemoteWrite.TimeSeries prototype;
    private final long startTimeUnixNano;
    private volatile List<KeyValue> attributes;

    private Series(Family family, ScrapeTarget target, List<RemoteWrite.Label> labels, long startTimeUnixNano) {
        this.family = family;
        this.target = target;
        this.labels = labels;
        this.prototype = RemoteWrite.TimeSeries.newBuilder().addAllLabels(labels).build();
        this.startTimeUnixNano = startTimeUnixNano;
    }

    /**
     * @param pairs label name, value, name, value, …; pairs with an empty value are dropped
     * @param startEpochSecond when the counter started counting (for OTLP {@code start_time_unix_nano}); 0 for gauges
     */
    public static Series of(Family family, ScrapeTarget target, String cluster, long startEpochSecond, String... pairs) {
        String[][] all = new String[pairs.length / 2 + 4][];
        int n = 0;
        all[n++] = new String[]{NAME, family.metricName()};
        all[n++] = new String[]{CLUSTER, cluster};
        all[n++] = new String[]{JOB, target.job()};
        all[n++] = new String[]{INSTANCE, target.instance()};
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null && !pairs[i + 1].isEmpty()) {
                all[n++] = new String[]{pairs[i], pairs[i + 1]};
            }
        }
        String[][] used = Arrays.copyOf(all, n);
        Arrays.sort(used, (a, b) -> a[0].compareTo(b[0]));
        List<RemoteWrite.Label> labels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (i > 0 && used[i][0].equals(used[i - 1][0])) {
                throw new IllegalArgumentException("duplicate label " + used[i][0] + " in " + family);
            }
            // Bytes, not Strings: protobuf re-encodes a String field to UTF-8 on every serialization,
            // and these labels are serialized at every scrape for the life of the series.
            labels.add(RemoteWrite.Label.newBuilder().setNameBytes(ByteString.copyFromUtf8(used[i][0]))
                    .setValueBytes(ByteString.copyFromUtf8(used[i][1])).build());
        }
        return new Series(family, target, Collections.unmodifiableList(labels), startEpochSecond * 1_000_000_000L);
    }

    public Family family() {
        return family;
    }

    public ScrapeTarget target() {
        return target;
    }

    public List<RemoteWrite.Label> labels() {
        return labels;
    }

    /** A TimeSeries with this series' labels and no samples: each scrape adds its one sample to a copy. */
    public RemoteWrite.TimeSeries prototype() {
        return prototype;
    }

    public long startTimeUnixNano() {
        return startTimeUnixNano;
    }

    /** OTLP data point attributes (computed on first use; identical on every computation). */
    public List<KeyValue> attributes() {
        List<KeyValue> a = attributes;
        if (a == null) {
            List<KeyValue> built = new ArrayList<>(labels.size());
            for (RemoteWrite.Label l : labels) {
                String n = l.getName();
                if (!n.equals(NAME) && !n.equals(JOB) && !n.equals(INSTANCE) && !n.equals(CLUSTER)) {
                    built.add(KeyValue.newBuilder().setKey(n)
                            .setValue(AnyValue.newBuilder().setStringValue(l.getValue())).build());
                }
            }
            a = Collections.unmodifiableList(built);
            attributes = a;
        }
        return a;
    }
}
