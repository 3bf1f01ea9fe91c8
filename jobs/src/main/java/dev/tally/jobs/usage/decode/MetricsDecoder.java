package dev.tally.jobs.usage.decode;

import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.telemetry.TelemetryPayloads;
import dev.tally.jobs.telemetry.UnusableTelemetryException;
import dev.tally.jobs.usage.decode.collector.CollectorDecoder;
import dev.tally.jobs.usage.decode.collector.CollectorMetrics;
import dev.tally.jobs.usage.decode.collector.CollectorResource;
import dev.tally.jobs.usage.series.Labels;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import dev.tally.jobs.telemetry.OtlpValues;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decodes a raw metrics record into the samples of the families the usage job reads
 * ({@link UsageFamilies}), grouped by UTC hour.
 *
 * <ul>
 *   <li>remote_write: every series' labels as sent (the external {@code cluster} label is
 *       dropped: the record's authenticated cluster is the truth), minus the HA replica labels;</li>
 *   <li>OTLP metrics as the Collector's prometheus receiver forwards a scrape: the metric name
 *       is the Prometheus family, data point attributes the labels, {@code service.name} and
 *       {@code service.instance.id} become {@code job} and {@code instance}; gauges and
 *       cumulative sums (a delta sum is a problem: a counter needs its cumulative value);</li>
 *   <li>OTLP metrics in the Collector's own names (kubeletstats, k8s_cluster, k8sattributes): translated
 *       into the same series by {@link CollectorDecoder} ({@link CollectorMetrics} lists the names);</li>
 *   <li>NaN values (Prometheus staleness markers) are not samples and are skipped.</li>
 *   <li>±Inf, negative values (no usage family can be negative) and CPU counters whose nanoseconds
 *       do not fit a long are skipped, as are samples more than {@link #MAX_FUTURE_SKEW} ahead of
 *       the job's clock (they would hold state for an hour that has not come); each kind is one
 *       problem per record with the count and the first such sample.</li>
 * </ul>
 * A record that cannot be read at all throws {@link UnusableTelemetryException} with the reason;
 * nothing else escapes (a property test feeds random and truncated payloads).
 */
public final class MetricsDecoder implements Serializable {
    private static final long HOUR = 3_600_000L;
    /** The gateway's default limits.max-future-skew: a sample further ahead of the job's clock is refused. */
    public static final java.time.Duration MAX_FUTURE_SKEW = java.time.Duration.ofMinutes(10);
    /** Largest CPU counter (seconds) whose nanoseconds fit a long: about 292 core-years. */
    static final double MAX_CPU_SECONDS = Long.MAX_VALUE / 1e9;

    private final Set<String> droppedLabels;

    /** @param replicaLabels labels that tell HA Prometheus replicas apart; dropped so replicas' copies coincide */
    public MetricsDecoder(List<String> replicaLabels) {
        Set<String> dropped = new LinkedHashSet<>(replicaLabels);
        dropped.add("cluster");
        this.droppedLabels = Set.copyOf(dropped);
    }

    /** Decodes with no clock: no sample is too far ahead (replays, tests). */
    public DecodedRecord decode(RawTelemetry record) throws UnusableTelemetryException {
        return decode(record, Long.MAX_VALUE);
    }

    /** Decodes; samples after {@code nowMillis} + {@link #MAX_FUTURE_SKEW} are refused. */
    public DecodedRecord decode(RawTelemetry record, long nowMillis) throws UnusableTelemetryException {
        try {
            return decodeUnchecked(record, nowMillis);
        } catch (UnusableTelemetryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnusableTelemetryException("record could not be decoded: " + e, e);
        }
    }

    private DecodedRecord decodeUnchecked(RawTelemetry record, long nowMillis) throws UnusableTelemetryException {
        if (record.clusterId() == null || record.clusterId().isBlank()) {
            throw new UnusableTelemetryException("record has no " + RecordHeaders.CLUSTER_ID + " header: the cluster is unknown");
        }
        String contentType = record.contentType() == null ? "" : record.contentType();
        Collector out = new Collector(record, nowMillis > Long.MAX_VALUE - MAX_FUTURE_SKEW.toMillis()
                ? Long.MAX_VALUE : nowMillis + MAX_FUTURE_SKEW.toMillis());
        switch (contentType) {
            case RecordHeaders.REMOTE_WRITE_PROTOBUF -> remoteWrite(record.payload(), out);
            case RecordHeaders.OTLP_METRICS_PROTOBUF -> otlp(record.payload(), out);
            default -> throw new UnusableTelemetryException("unsupported content type '" + contentType
                    + "' on the metrics topic (expected " + RecordHeaders.REMOTE_WRITE_PROTOBUF
                    + " or " + RecordHeaders.OTLP_METRICS_PROTOBUF + ")");
        }
        return out.result();
    }

    private void remoteWrite(byte[] payload, Collector out) throws UnusableTelemetryException {
        RemoteWrite.WriteRequest request = TelemetryPayloads.writeRequest(payload);
        int unnamed = 0;
        for (RemoteWrite.TimeSeries series : request.getTimeseriesList()) {
            String name = null;
            for (RemoteWrite.Label label : series.getLabelsList()) {
                if (label.getName().equals(Labels.NAME)) {
                    name = label.getValue();
                    break;
                }
            }
            if (name == null || name.isEmpty()) {
                unnamed++;
                continue;
            }
            if (!UsageFamilies.ALL.contains(name) || series.getSamplesCount() == 0) {
                continue;
            }
            String[] pairs = new String[series.getLabelsCount() * 2];
            int k = 0;
            for (RemoteWrite.Label label : series.getLabelsList()) {
                if (!droppedLabels.contains(label.getName())) {
                    pairs[k++] = label.getName();
                    pairs[k++] = label.getValue();
                }
            }
            int seriesNumber = out.nextSeries();
            for (RemoteWrite.Sample sample : series.getSamplesList()) {
                out.add(seriesNumber, pairs, k, sample.getTimestamp(), sample.getValue());
            }
        }
        if (unnamed > 0) {
            out.problem(unnamed + " series without a __name__ label were skipped");
        }
    }

    private void otlp(byte[] payload, Collector out) throws UnusableTelemetryException {
        ExportMetricsServiceRequest request = TelemetryPayloads.otlpMetrics(payload);
        for (ResourceMetrics resource : request.getResourceMetricsList()) {
            String job = "";
            String instance = "";
            for (KeyValue kv : resource.getResource().getAttributesList()) {
                if (kv.getKey().equals("service.name")) {
                    job = OtlpValues.text(kv.getValue());
                } else if (kv.getKey().equals("service.instance.id")) {
                    instance = OtlpValues.text(kv.getValue());
                }
            }
            CollectorResource collector = null;
            for (ScopeMetrics scope : resource.getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    if (!UsageFamilies.ALL.contains(metric.getName())) {
                        CollectorMetrics.Mapping mapping = CollectorMetrics.of(metric.getName());
                        if (mapping != null) {
                            if (collector == null) {
                                collector = new CollectorResource(resource.getResource());
                            }
                            CollectorDecoder.decode(metric, mapping, collector, out);
                        }
                        continue;
                    }
                    List<NumberDataPoint> points;
                    switch (metric.getDataCase()) {
                        case GAUGE -> points = metric.getGauge().getDataPointsList();
                        case SUM -> {
                            if (metric.getSum().getAggregationTemporality()
                                    == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA) {
                                out.problem("metric " + metric.getName() + " is a delta sum; the usage job needs cumulative counters");
                                continue;
                            }
                            points = metric.getSum().getDataPointsList();
                        }
                        default -> {
                            out.problem("metric " + metric.getName() + " is a " + metric.getDataCase()
                                    + ", expected a gauge or a sum");
                            continue;
                        }
                    }
                    for (NumberDataPoint point : points) {
                        List<String> pairs = new ArrayList<>(point.getAttributesCount() * 2 + 6);
                        pairs.add(Labels.NAME);
                        pairs.add(metric.getName());
                        pairs.add("job");
                        pairs.add(job);
                        pairs.add("instance");
                        pairs.add(instance);
                        for (KeyValue kv : point.getAttributesList()) {
                            if (!droppedLabels.contains(kv.getKey())) {
                                pairs.add(kv.getKey());
                                pairs.add(OtlpValues.text(kv.getValue()));
                            }
                        }
                        double value = point.getValueCase() == NumberDataPoint.ValueCase.AS_INT
                                ? point.getAsInt() : point.getAsDouble();
                        out.add(Labels.of(pairs.toArray(new String[0])), point.getTimeUnixNano() / 1_000_000L, value);
                    }
                }
            }
        }
    }

    /** Groups samples by hour as they are decoded. */
    private static final class Collector implements CollectorDecoder.Out {
        private final RawTelemetry record;
        private final Map<Long, Part> parts = new TreeMap<>();
        private final List<String> problems = new ArrayList<>();
        private final long latestAcceptedMillis;
        private final Map<String, Unusable> unusable = new java.util.LinkedHashMap<>();
        private int series;

        Collector(RawTelemetry record, long latestAcceptedMillis) {
            this.record = record;
            this.latestAcceptedMillis = latestAcceptedMillis;
        }

        /** Samples of one kind of unusable value in this record: how many, and the first. */
        private static final class Unusable {
            long count;
            String first;
        }

        /** A number for the next series of this record. */
        int nextSeries() {
            return series++;
        }

        @Override
        public void add(Labels labels, long timestamp, double value) {
            String[] pairs = new String[2 * labels.size()];
            for (int i = 0; i < labels.size(); i++) {
                pairs[2 * i] = labels.name(i);
                pairs[2 * i + 1] = labels.value(i);
            }
            add(nextSeries(), pairs, pairs.length, timestamp, value);
        }

        /** A sample of the record's series {@code seriesNumber}, whose labels are the first {@code n} of {@code pairs}. */
        void add(int seriesNumber, String[] pairs, int n, long timestamp, double value) {
            if (Double.isNaN(value)) {
                return;
            }
            String why = Double.isInfinite(value) ? "an infinite value"
                    : value < 0 ? "a negative value"
                    : value > MAX_CPU_SECONDS && UsageFamilies.CPU_USAGE.equals(nameOf(pairs, n)) ? "a CPU counter above " + (long) MAX_CPU_SECONDS + " s"
                    : timestamp > latestAcceptedMillis ? "a timestamp more than " + MAX_FUTURE_SKEW.toMinutes() + " min ahead of the job's clock ("
                            + java.time.Instant.ofEpochMilli(latestAcceptedMillis - MAX_FUTURE_SKEW.toMillis()) + ")"
                    : null;
            if (why != null) {
                Unusable u = unusable.computeIfAbsent(why, k -> new Unusable());
                if (u.count++ == 0) {
                    u.first = describe(pairs, n) + " at " + java.time.Instant.ofEpochMilli(timestamp) + " = " + value;
                }
                return;
            }
            long hour = Math.floorDiv(timestamp, HOUR) * HOUR;
            Part part = parts.get(hour);
            if (part == null) {
                part = new Part();
                parts.put(hour, part);
            }
            part.add(seriesNumber, pairs, n, timestamp, value);
        }

        @Override
        public void problem(String reason) {
            problems.add(reason);
        }

        private static String nameOf(String[] pairs, int n) {
            for (int k = 0; k < n; k += 2) {
                if (Labels.NAME.equals(pairs[k])) {
                    return pairs[k + 1];
                }
            }
            return "";
        }

        /** A series as PromQL writes it, values cut at 64 characters (they are untrusted and may be huge). */
        private static String describe(String[] pairs, int n) {
            StringBuilder b = new StringBuilder(nameOf(pairs, n)).append('{');
            for (int k = 0; k < n; k += 2) {
                if (!Labels.NAME.equals(pairs[k])) {
                    String v = pairs[k + 1].length() > 64 ? pairs[k + 1].substring(0, 64) + "…" : pairs[k + 1];
                    b.append(b.charAt(b.length() - 1) == '{' ? "" : ",").append(pairs[k]).append("=\"").append(v).append('"');
                }
            }
            return b.append('}').toString();
        }

        DecodedRecord result() {
            unusable.forEach((why, u) -> problems.add(u.count + " samples with " + why + " were skipped; first: " + u.first));
            List<ClusterSamples> out = new ArrayList<>(parts.size());
            parts.forEach((hour, p) -> out.add(p.table.samples(record.clusterId(), hour, java.util.Arrays.copyOf(p.series, p.size),
                    java.util.Arrays.copyOf(p.ts, p.size), java.util.Arrays.copyOf(p.vs, p.size), p.max, record.position())));
            return new DecodedRecord(out, problems);
        }
    }

    /** One hour's samples of a record, with their own symbol table. */
    private static final class Part {
        final SymbolTable table = new SymbolTable();
        int lastSeriesNumber = -1;
        int lastSeries;
        int[] series = new int[256];
        long[] ts = new long[256];
        double[] vs = new double[256];
        int size;
        long max = Long.MIN_VALUE;

        void add(int seriesNumber, String[] pairs, int n, long t, double v) {
            if (seriesNumber != lastSeriesNumber) {
                lastSeries = table.startSeries();
                for (int k = 0; k < n; k += 2) {
                    table.addLabel(pairs[k], pairs[k + 1]);
                }
                lastSeriesNumber = seriesNumber;
            }
            if (size == ts.length) {
                series = java.util.Arrays.copyOf(series, size * 2);
                ts = java.util.Arrays.copyOf(ts, size * 2);
                vs = java.util.Arrays.copyOf(vs, size * 2);
            }
            series[size] = lastSeries;
            ts[size] = t;
            vs[size] = v;
            size++;
            max = Math.max(max, t);
        }
    }
}
