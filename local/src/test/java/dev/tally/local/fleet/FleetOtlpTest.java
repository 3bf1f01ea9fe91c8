package dev.tally.local.fleet;

import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.local.fleet.render.Family;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.tally.local.fleet.FleetTestSupport.DEMO;
import static dev.tally.local.fleet.FleetTestSupport.render;
import static org.assertj.core.api.Assertions.assertThat;

/** The OTLP rendering is the remote_write rendering as the Collector's prometheus receiver would emit it. */
class FleetOtlpTest {

    private static final Instant T = Instant.parse("2026-01-06T14:00:00Z");

    private final List<ScrapeBatch> batches = render(new FleetSimulator(DEMO), T, T.plusSeconds(90));

    @Test
    void otlpCarriesTheSameSeriesWithTheSameValuesAsRemoteWrite() {
        for (ScrapeBatch b : batches) {
            Map<String, Double> remoteWrite = new HashMap<>();
            for (RemoteWrite.TimeSeries ts : b.remoteWrite().getTimeseriesList()) {
                Map<String, String> labels = new TreeMap<>();
                ts.getLabelsList().forEach(l -> labels.put(l.getName(), l.getValue()));
                assertThat(labels.remove("cluster")).isEqualTo(b.clusterId());
                String name = labels.remove("__name__");
                assertThat(remoteWrite.put(name + labels, ts.getSamples(0).getValue())).as("duplicate series").isNull();
            }

            Map<String, Double> otlp = new HashMap<>();
            for (ResourceMetrics rm : b.otlpMetrics().getResourceMetricsList()) {
                Map<String, String> resource = attributes(rm.getResource().getAttributesList());
                assertThat(resource.get("k8s.cluster.name")).isEqualTo(b.clusterId());
                assertThat(resource.get("service.instance.id"))
                        .isEqualTo(resource.get("server.address") + ":" + resource.get("server.port"));
                for (ScopeMetrics sm : rm.getScopeMetricsList()) {
                    for (Metric m : sm.getMetricsList()) {
                        for (NumberDataPoint p : points(m)) {
                            Map<String, String> labels = attributes(p.getAttributesList());
                            labels.put("job", resource.get("service.name"));
                            labels.put("instance", resource.get("service.instance.id"));
                            assertThat(p.getTimeUnixNano()).isEqualTo(b.scrapeTime().getEpochSecond() * 1_000_000_000L);
                            assertThat(otlp.put(m.getName() + labels, p.getAsDouble())).isNull();
                        }
                    }
                }
            }
            assertThat(otlp).hasSize(b.sampleCount()).isEqualTo(remoteWrite);
        }
    }

    @Test
    void countersAreCumulativeMonotonicSumsStartingWhenTheContainerStartedAndGaugesAreGauges() {
        ScrapeBatch prod = batches.get(0);
        Map<String, Double> startTimes = new HashMap<>();
        int sums = 0;
        for (ResourceMetrics rm : prod.otlpMetrics().getResourceMetricsList()) {
            for (Metric m : rm.getScopeMetrics(0).getMetricsList()) {
                Family f = Family.ofMetricName(m.getName());
                assertThat(m.getDescription()).isEqualTo(f.help());
                if (f.type() == Family.Type.COUNTER) {
                    sums++;
                    assertThat(m.hasSum()).isTrue();
                    assertThat(m.getSum().getIsMonotonic()).isTrue();
                    assertThat(m.getSum().getAggregationTemporality())
                            .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
                    assertThat(m.getSum().getDataPointsList()).allSatisfy(p -> assertThat(p.getStartTimeUnixNano())
                            .isPositive().isLessThanOrEqualTo(p.getTimeUnixNano()));
                } else {
                    assertThat(m.hasGauge()).isTrue();
                }
                if (m.getName().equals("container_start_time_seconds")) {
                    m.getGauge().getDataPointsList().forEach(p ->
                            startTimes.put(attributes(p.getAttributesList()).get("name"), p.getAsDouble()));
                }
            }
        }
        assertThat(sums).isGreaterThan(5);
        assertThat(startTimes).hasSizeGreaterThan(50);
        // a container's CPU sum starts when cAdvisor says the container started
        List<NumberDataPoint> cpu = prod.otlpMetrics().getResourceMetricsList().stream()
                .flatMap(rm -> rm.getScopeMetrics(0).getMetricsList().stream())
                .filter(m -> m.getName().equals("container_cpu_usage_seconds_total"))
                .flatMap(m -> m.getSum().getDataPointsList().stream())
                .filter(p -> attributes(p.getAttributesList()).containsKey("container"))
                .toList();
        assertThat(cpu).hasSameSizeAs(startTimes.keySet()).allSatisfy(p -> assertThat(p.getStartTimeUnixNano())
                .isEqualTo((long) (startTimes.get(attributes(p.getAttributesList()).get("name")) * 1e9)));
    }

    @Test
    void eachScrapeTargetIsOneResourceLikeThePrometheusReceiverMakesIt() {
        ScrapeBatch prod = batches.get(0);
        List<Map<String, String>> resources = prod.otlpMetrics().getResourceMetricsList().stream()
                .map(rm -> attributes(rm.getResource().getAttributesList())).toList();

        assertThat(resources).filteredOn(r -> r.get("service.name").equals("kube-state-metrics")).hasSize(1)
                .first().satisfies(r -> assertThat(r).containsEntry("service.instance.id", "kube-state-metrics.monitoring.svc:8080")
                        .containsEntry("url.scheme", "http"));
        // one kubelet per node: 8 always-on nodes and the day's burst node(s)
        assertThat(resources).filteredOn(r -> r.get("service.name").equals("kubelet")).hasSizeBetween(9, 10)
                .allSatisfy(r -> assertThat(r).containsEntry("server.port", "10250").containsEntry("url.scheme", "https"));
    }

    private static List<NumberDataPoint> points(Metric m) {
        return m.hasSum() ? m.getSum().getDataPointsList() : m.getGauge().getDataPointsList();
    }

    private static Map<String, String> attributes(List<KeyValue> kvs) {
        Map<String, String> out = new TreeMap<>();
        kvs.forEach(kv -> out.put(kv.getKey(), kv.getValue().getStringValue()));
        return out;
    }
}
