package dev.tally.jobs.usage.decode.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.usage.decode.ClusterSamples;
import dev.tally.jobs.usage.decode.DecodedRecord;
import dev.tally.jobs.usage.decode.MetricsDecoder;
import dev.tally.jobs.usage.hour.HourUsage;
import dev.tally.jobs.usage.hour.UsageRules;
import dev.tally.jobs.usage.rows.NodeHourly;
import dev.tally.jobs.usage.rows.UsageHourly;
import dev.tally.jobs.usage.series.HourBucket;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The Collector's own names (kubeletstats, k8s_cluster, k8sattributes) through the decoder and
 * the unchanged rules: exact numbers, and every unusable part reported with its reason.
 */
class CollectorMetricsTest {
    private static final long H = 1_767_693_600_000L; // 2026-01-06T10:00Z
    private static final long NS = 1_000_000L;
    private static final String UID = "0b6c9f4e-3f5a-4c1d-9a57-3c1f0f1d2e3a";
    private final MetricsDecoder decoder = new MetricsDecoder(List.of("prometheus_replica", "replica"));

    static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    static Resource container(String containerId, String lastTerminated) {
        Resource.Builder r = Resource.newBuilder()
                .addAttributes(kv("k8s.namespace.name", "shop")).addAttributes(kv("k8s.pod.name", "cart-7d9f8b6c5d-x2kq4"))
                .addAttributes(kv("k8s.pod.uid", UID)).addAttributes(kv("k8s.container.name", "cart"))
                .addAttributes(kv("k8s.node.name", "aks-user-12345678-vmss000001"))
                .addAttributes(kv("k8s.replicaset.name", "cart-7d9f8b6c5d")).addAttributes(kv("k8s.deployment.name", "cart"));
        if (containerId != null) {
            r.addAttributes(kv("container.id", "containerd://" + containerId));
        }
        if (lastTerminated != null) {
            r.addAttributes(kv("k8s.container.status.last_terminated_reason", lastTerminated));
        }
        return r.build();
    }

    static Metric gauge(String name, String unit, long tMillis, double v) {
        return Metric.newBuilder().setName(name).setUnit(unit).setGauge(io.opentelemetry.proto.metrics.v1.Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(tMillis * NS).setAsDouble(v))).build();
    }

    static Metric intGauge(String name, String unit, long tMillis, long v) {
        return Metric.newBuilder().setName(name).setUnit(unit).setGauge(io.opentelemetry.proto.metrics.v1.Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(tMillis * NS).setAsInt(v))).build();
    }

    static Metric cpuTime(long startMillis, long tMillis, double seconds) {
        return Metric.newBuilder().setName("container.cpu.time").setUnit("s").setSum(io.opentelemetry.proto.metrics.v1.Sum.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE).setIsMonotonic(true)
                .addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(startMillis * NS)
                        .setTimeUnixNano(tMillis * NS).setAsDouble(seconds))).build();
    }

    static Metric runningState(long tMillis, boolean running) {
        Metric.Builder m = Metric.newBuilder().setName("k8s.container.status.state").setUnit("{container}");
        io.opentelemetry.proto.metrics.v1.Sum.Builder sum = m.getSumBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        for (String state : List.of("running", "waiting", "terminated")) {
            sum.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(tMillis * NS)
                    .addAttributes(kv("k8s.container.status.state", state))
                    .setAsInt(state.equals("running") == running ? 1 : 0));
        }
        return m.build();
    }

    static ResourceMetrics resource(Resource r, Metric... metrics) {
        return ResourceMetrics.newBuilder().setResource(r).addScopeMetrics(ScopeMetrics.newBuilder()
                .addAllMetrics(List.of(metrics))).build();
    }

    private DecodedRecord decode(ResourceMetrics... resources) throws Exception {
        return decoder.decode(new RawTelemetry("c1", RecordHeaders.OTLP_METRICS_PROTOBUF,
                ExportMetricsServiceRequest.newBuilder().addAllResourceMetrics(List.of(resources)).build().toByteArray(),
                SourcePosition.kafka("t", 0, 1)));
    }

    /** The k8s_cluster view of the pod at t: phase, requests and limits, restarts, state; its node. */
    static List<ResourceMetrics> cluster(long t, String containerId, long restarts, boolean running, String lastTerminated) {
        Resource pod = Resource.newBuilder().addAttributes(kv("k8s.namespace.name", "shop"))
                .addAttributes(kv("k8s.pod.name", "cart-7d9f8b6c5d-x2kq4")).addAttributes(kv("k8s.pod.uid", UID))
                .addAttributes(kv("k8s.node.name", "aks-user-12345678-vmss000001"))
                .addAttributes(kv("k8s.replicaset.name", "cart-7d9f8b6c5d")).addAttributes(kv("k8s.deployment.name", "cart"))
                .build();
        Resource node = Resource.newBuilder().addAttributes(kv("k8s.node.name", "aks-user-12345678-vmss000001"))
                .addAttributes(kv("k8s.node.label.kubernetes.azure.com/agentpool", "user"))
                .addAttributes(kv("k8s.node.label.node.kubernetes.io/instance-type", "Standard_D4s_v5")).build();
        return List.of(
                resource(pod, intGauge("k8s.pod.phase", "", t, 2)),
                resource(container(containerId, lastTerminated),
                        gauge("k8s.container.cpu_request", "{cpu}", t, 0.25),
                        gauge("k8s.container.cpu_limit", "{cpu}", t, 1),
                        intGauge("k8s.container.memory_request", "By", t, 268_435_456),
                        intGauge("k8s.container.memory_limit", "By", t, 536_870_912),
                        intGauge("k8s.container.restarts", "{restart}", t, restarts),
                        runningState(t, running)),
                resource(node, gauge("k8s.node.allocatable_cpu", "{cpu}", t, 3.86),
                        intGauge("k8s.node.allocatable_memory", "By", t, 12_000_000_000L)));
    }

    @Test
    void theCollectorsNamesGiveTheSameRowsAsKubeStateMetricsAndCadvisor() throws Exception {
        // Scrapes every 30 s from 10:00 to 10:02:00 (5 instants). The container is killed (OOM) after
        // 10:00:30 and starts again at 10:00:45 as a new run (new container id, new counter start).
        Map<Long, HourBucket> buckets = new TreeMap<>();
        long[] ts = {H, H + 30_000, H + 60_000, H + 90_000, H + 120_000};
        for (int i = 0; i < ts.length; i++) {
            long t = ts[i];
            boolean secondRun = t >= H + 45_000;
            List<ResourceMetrics> all = new ArrayList<>(cluster(t, secondRun ? "c0ffee02" : "c0ffee01", secondRun ? 1 : 0,
                    true, secondRun ? "OOMKilled" : null));
            // kubeletstats: run 1 started at 09:50 (0.5 s used by 10:00, +0.2 s per 30 s), run 2 at 10:00:45
            double seconds = secondRun ? 0.125 + 0.25 * ((t - (H + 60_000)) / 30_000) : 0.5 + 0.2 * (i);
            long start = secondRun ? H + 45_000 : H - 600_000;
            all.add(resource(container(secondRun ? "c0ffee02" : "c0ffee01", null), cpuTime(start, t, seconds),
                    intGauge("container.memory.working_set", "By", t, 100_000_000L + i)));
            DecodedRecord d = decode(all.toArray(new ResourceMetrics[0]));
            assertThat(d.problems()).isEmpty();
            for (ClusterSamples s : d.byHour()) {
                HourBucket b = buckets.computeIfAbsent(s.hourStartMillis(), HourBucket::new);
                for (int k = 0; k < s.size(); k++) {
                    b.add(s.labels().get(k), s.timestamps()[k], s.values()[k]);
                }
            }
        }
        HourUsage.Result r = HourUsage.compute("c1", H, null, buckets.get(H), null, UsageRules.defaults());
        assertThat(r.usage()).hasSize(1);
        UsageHourly u = r.usage().get(0);
        assertThat(u.podUid()).isEqualTo(UID);
        assertThat(u.workloadKind() + "/" + u.workloadName()).isEqualTo("Deployment/cart");
        assertThat(u.node()).isEqualTo("aks-user-12345678-vmss000001");
        // run 1: 0.5 → 0.7 (10:00–10:00:30) = 0.2 s; run 2 started in the hour: 0.125 + 0.25 + 0.25 = 0.625 s
        assertThat(u.cpuUsageNanos()).isEqualTo(825_000_000L);
        // Running at all 5 instants: 4 × 30 s held + the last one's 30 s (lastHold)
        assertThat(u.podRunningSeconds()).isEqualByComparingTo("150");
        assertThat(u.cpuRequestCoreSeconds()).isEqualByComparingTo(new BigDecimal("37.5"));
        assertThat(u.cpuLimitCoreSeconds()).isEqualByComparingTo("150");
        assertThat(u.memoryRequestByteSeconds()).isEqualByComparingTo(BigDecimal.valueOf(268_435_456L * 150));
        assertThat(u.memoryLimitByteSeconds()).isEqualByComparingTo(BigDecimal.valueOf(536_870_912L * 150));
        assertThat(u.restarts()).isEqualTo(1);
        assertThat(u.oomKills()).isEqualTo(1);
        assertThat(u.memorySamples()).isEqualTo(5);
        assertThat(u.memoryWorkingSetMaxBytes()).isEqualTo(100_000_004d);
        assertThat(u.cpuCfsPeriods()).as("kubeletstats has no CFS statistics").isZero();

        assertThat(r.nodes()).hasSize(1);
        NodeHourly n = r.nodes().get(0);
        assertThat(n.nodePool()).isEqualTo("user");
        assertThat(n.vmSize()).isEqualTo("Standard_D4s_v5");
        assertThat(n.allocatableCpuCores()).isEqualTo(3.86);
        assertThat(n.allocatableMemoryBytes()).isEqualTo(12_000_000_000d);
        assertThat(n.secondsPresent()).isEqualByComparingTo("150");
    }

    @Test
    void aPodThatIsNotRunningReservesNothing() throws Exception {
        Resource pod = Resource.newBuilder().addAttributes(kv("k8s.namespace.name", "shop"))
                .addAttributes(kv("k8s.pod.name", "cart-7d9f8b6c5d-x2kq4")).addAttributes(kv("k8s.pod.uid", UID)).build();
        HourBucket b = new HourBucket(H);
        for (long t : new long[]{H, H + 30_000}) {
            DecodedRecord d = decode(resource(pod, intGauge("k8s.pod.phase", "", t, 1)),
                    resource(container(null, null), gauge("k8s.container.cpu_request", "{cpu}", t, 0.5)));
            assertThat(d.problems()).isEmpty();
            ClusterSamples s = d.byHour().get(0);
            for (int k = 0; k < s.size(); k++) {
                b.add(s.labels().get(k), s.timestamps()[k], s.values()[k]);
            }
        }
        UsageHourly u = HourUsage.compute("c1", H, null, b, null, UsageRules.defaults()).usage().get(0);
        assertThat(u.cpuRequestCoreSeconds()).isEqualByComparingTo("0");
        assertThat(u.podRunningSeconds()).isEqualByComparingTo("0");
    }

    @Test
    void unusablePartsAreReportedWithTheirReason() throws Exception {
        Resource noContainer = Resource.newBuilder().addAttributes(kv("k8s.namespace.name", "shop"))
                .addAttributes(kv("k8s.pod.name", "p")).build();
        Metric cpuAsGauge = gauge("container.cpu.time", "s", H, 1);
        Metric millicores = gauge("k8s.container.cpu_request", "m", H, 250);
        Metric delta = Metric.newBuilder().setName("container.cpu.time").setUnit("s").setSum(io.opentelemetry.proto.metrics.v1.Sum.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(H * NS).setAsDouble(1))).build();
        DecodedRecord d = decode(
                resource(container("a", null), cpuAsGauge, millicores, delta, intGauge("k8s.pod.phase", "", H, 9)),
                resource(noContainer, gauge("k8s.container.cpu_limit", "{cpu}", H, 1)));
        assertThat(d.problems()).containsExactly(
                "metric container.cpu.time is a gauge; the usage job needs it as a cumulative sum (its start time starts the container's run)",
                "metric k8s.container.cpu_request has unit 'm', expected one of " + CollectorMetrics.CORES + " (no conversion is guessed)",
                "metric container.cpu.time is a AGGREGATION_TEMPORALITY_DELTA sum; the usage job needs cumulative values",
                "1 data points of k8s.pod.phase skipped: a phase is 1 (Pending) to 5 (Unknown)",
                "1 data points of k8s.container.cpu_limit skipped: the resource has no k8s.namespace.name, k8s.pod.name and k8s.container.name");
    }

    @Test
    void thePodStartTimeOfTheK8sAttributesProcessorIsReadInBothForms() {
        for (String text : List.of("2026-01-06T09:58:20Z", "2026-01-06 09:58:20 +0000 UTC", "2026-01-06 10:58:20.25 +0100 CET")) {
            CollectorResource r = new CollectorResource(Resource.newBuilder().addAttributes(kv("k8s.pod.start_time", text)).build());
            assertThat(r.podStartEpochSeconds()).as(text).isEqualTo((H - 100_000) / 1000d);
        }
        assertThat(new CollectorResource(Resource.newBuilder().addAttributes(kv("k8s.pod.start_time", "yesterday")).build())
                .podStartEpochSeconds()).isNaN();
    }

    @Test
    void nodeLabelsAreNamedAsKubeStateMetricsNamesThem() {
        assertThat(CollectorResource.sanitize("kubernetes.azure.com/agentpool")).isEqualTo("kubernetes_azure_com_agentpool");
        assertThat(CollectorResource.stripRuntime("containerd://abc")).isEqualTo("abc");
    }
}
