package dev.tally.local.fleet;

import dev.tally.local.fleet.truth.GroundTruth;
import dev.tally.local.fleet.truth.LogVolume;
import dev.tally.local.fleet.truth.WorkloadHour;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.tally.local.fleet.FleetTestSupport.DEMO;
import static dev.tally.local.fleet.FleetTestSupport.render;
import static org.assertj.core.api.Assertions.assertThat;

/** Container logs as the Collector ships them; their volume per workload and hour is the ground truth's. */
class FleetLogsTest {

    private static final Instant FROM = Instant.parse("2026-01-06T13:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofHours(1));

    @Test
    void recordsAndBodyBytesPerWorkloadAndHourEqualTheTruth() {
        FleetSimulator sim = new FleetSimulator(DEMO);
        // A batch ships what was written during the interval that ends at its scrape: one tick more closes the hour.
        List<ScrapeBatch> batches = render(sim, FROM, TO.plusSeconds(30));
        Map<WorkloadHour, LogVolume> shipped = new HashMap<>();
        for (ScrapeBatch b : batches) {
            for (ResourceLogs rl : b.otlpLogs().getResourceLogsList()) {
                Map<String, String> r = attributes(rl.getResource().getAttributesList());
                assertThat(r.get("k8s.cluster.name")).isEqualTo(b.clusterId());
                String[] workload = workload(r);
                for (LogRecord record : rl.getScopeLogs(0).getLogRecordsList()) {
                    Instant time = Instant.ofEpochSecond(0, record.getTimeUnixNano());
                    if (time.isBefore(FROM) || !time.isBefore(TO)) {
                        continue;
                    }
                    long bytes = record.getBody().getStringValue().getBytes(StandardCharsets.UTF_8).length;
                    shipped.merge(new WorkloadHour(b.clusterId(), r.get("k8s.namespace.name"), workload[0], workload[1], FROM),
                            new LogVolume(1, bytes), LogVolume::plus);
                }
            }
        }
        GroundTruth truth = sim.groundTruth(FROM, TO);

        assertThat(shipped).hasSizeGreaterThan(20).isEqualTo(truth.logs());
        // the ingress access log outweighs the whole kube-system namespace
        long ingress = truth.logs().get(new WorkloadHour("aks-prod-weu", "ingress-nginx", "Deployment",
                "ingress-nginx-controller", FROM)).bytes();
        long kubeSystem = truth.logs().entrySet().stream()
                .filter(e -> e.getKey().namespace().equals("kube-system")).mapToLong(e -> e.getValue().bytes()).sum();
        assertThat(ingress).isGreaterThan(10 * kubeSystem);
    }

    @Test
    void recordsLookLikeTheFilelogReceiverAndK8sAttributesMadeThem() {
        ScrapeBatch prod = render(new FleetSimulator(DEMO), FROM, FROM.plusSeconds(30)).get(0);
        ResourceLogs checkout = prod.otlpLogs().getResourceLogsList().stream()
                .filter(rl -> attributes(rl.getResource().getAttributesList()).get("k8s.deployment.name") != null
                        && attributes(rl.getResource().getAttributesList()).get("k8s.deployment.name").equals("checkout-api"))
                .findFirst().orElseThrow();
        Map<String, String> r = attributes(checkout.getResource().getAttributesList());
        assertThat(r).containsKeys("k8s.namespace.name", "k8s.pod.name", "k8s.pod.uid", "k8s.container.name",
                "k8s.container.restart_count", "k8s.node.name", "k8s.replicaset.name");
        assertThat(r.get("k8s.pod.name")).startsWith(r.get("k8s.replicaset.name") + "-");

        List<LogRecord> records = checkout.getScopeLogs(0).getLogRecordsList();
        assertThat(records).isNotEmpty().allSatisfy(rec -> {
            Map<String, String> a = attributes(rec.getAttributesList());
            assertThat(a.get("log.file.path")).isEqualTo("/var/log/pods/shop_" + r.get("k8s.pod.name") + "_"
                    + r.get("k8s.pod.uid") + "/api/" + r.get("k8s.container.restart_count") + ".log");
            assertThat(a.get("log.iostream")).isIn("stdout", "stderr");
            assertThat(rec.getBody().getStringValue()).startsWith("{\"ts\":\"2026-01-06T").endsWith("\"}")
                    .matches("\\p{ASCII}+");
            assertThat(rec.getTimeUnixNano()).isLessThan(prod.scrapeTime().getEpochSecond() * 1_000_000_000L);
            assertThat(rec.getSeverityText()).isIn("INFO", "WARN", "ERROR");
        });
    }

    private static String[] workload(Map<String, String> r) {
        for (String kind : List.of("deployment", "statefulset", "daemonset", "cronjob")) {
            String name = r.get("k8s." + kind + ".name");
            if (name != null) {
                String k = switch (kind) {
                    case "deployment" -> "Deployment";
                    case "statefulset" -> "StatefulSet";
                    case "daemonset" -> "DaemonSet";
                    default -> "CronJob";
                };
                return new String[]{k, name};
            }
        }
        throw new AssertionError("no workload attribute in " + r);
    }

    private static Map<String, String> attributes(List<KeyValue> kvs) {
        Map<String, String> out = new TreeMap<>();
        kvs.forEach(kv -> out.put(kv.getKey(), kv.getValue().getStringValue()));
        return out;
    }
}
