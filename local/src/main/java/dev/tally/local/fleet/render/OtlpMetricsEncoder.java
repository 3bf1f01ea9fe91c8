package dev.tally.local.fleet.render;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The same exposition as the OpenTelemetry Collector's prometheus receiver emits it: one
 * resource per scrape target ({@code service.name} = job, {@code service.instance.id} = instance,
 * {@code server.address}/{@code server.port}/{@code url.scheme}), plus {@code k8s.cluster.name}
 * as a resource processor adds it; counters as cumulative monotonic sums whose start time is
 * when the counter started (the container run, the pod); gauges as gauges; metric names and
 * data point attributes as the Prometheus names and labels (minus job and instance).
 */
public final class OtlpMetricsEncoder {

    public static final String SCOPE_NAME = "github.com/open-telemetry/opentelemetry-collector-contrib/receiver/prometheusreceiver";
    public static final String SCOPE_VERSION = "0.130.0";

    private OtlpMetricsEncoder() {
    }

    public static ExportMetricsServiceRequest encode(Exposition e) {
        long time = e.timestampMillis() * 1_000_000L;
        Map<ScrapeTarget, Map<Family, Metric.Builder>> byTarget = new LinkedHashMap<>();
        for (int i = 0; i < e.size(); i++) {
            Series s = e.series(i);
            Family f = s.family();
            Metric.Builder metric = byTarget.computeIfAbsent(s.target(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(f, k -> newMetric(k));
            NumberDataPoint.Builder point = NumberDataPoint.newBuilder()
                    .addAllAttributes(s.attributes())
                    .setTimeUnixNano(time)
                    .setAsDouble(e.value(i));
            if (f.type() == Family.Type.COUNTER) {
                metric.getSumBuilder().addDataPoints(point.setStartTimeUnixNano(s.startTimeUnixNano()));
            } else {
                metric.getGaugeBuilder().addDataPoints(point);
            }
        }
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        for (Map.Entry<ScrapeTarget, Map<Family, Metric.Builder>> target : byTarget.entrySet()) {
            ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
                    .setScope(InstrumentationScope.newBuilder().setName(SCOPE_NAME).setVersion(SCOPE_VERSION));
            for (Metric.Builder m : target.getValue().values()) {
                scope.addMetrics(m);
            }
            request.addResourceMetrics(ResourceMetrics.newBuilder()
                    .setResource(resource(target.getKey(), e.cluster()))
                    .addScopeMetrics(scope));
        }
        return request.build();
    }

    private static Metric.Builder newMetric(Family f) {
        Metric.Builder m = Metric.newBuilder().setName(f.metricName()).setDescription(f.help());
        if (f.type() == Family.Type.COUNTER) {
            m.getSumBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .setIsMonotonic(true);
        } else {
            m.getGaugeBuilder();
        }
        return m;
    }

    static Resource resource(ScrapeTarget target, String cluster) {
        return Resource.newBuilder()
                .addAttributes(attribute("service.name", target.job()))
                .addAttributes(attribute("service.instance.id", target.instance()))
                .addAttributes(attribute("server.address", target.host()))
                .addAttributes(attribute("server.port", target.port()))
                .addAttributes(attribute("url.scheme", target.scheme()))
                .addAttributes(attribute("k8s.cluster.name", cluster))
                .build();
    }

    static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
