package dev.tally.local.fleet.model;

import dev.tally.local.fleet.model.NodePoolSpec.Autoscale;
import dev.tally.local.fleet.model.NodePoolSpec.Mode;
import dev.tally.local.fleet.model.UsageShape.Batch;
import dev.tally.local.fleet.model.UsageShape.Diurnal;
import dev.tally.local.fleet.model.UsageShape.Leaking;
import dev.tally.local.fleet.model.UsageShape.Spiky;
import dev.tally.local.fleet.model.UsageShape.Starved;
import dev.tally.local.fleet.model.UsageShape.Steady;
import dev.tally.local.fleet.model.WorkloadSpec.CronJob;
import dev.tally.local.fleet.model.WorkloadSpec.DaemonSet;
import dev.tally.local.fleet.model.WorkloadSpec.Deployment;
import dev.tally.local.fleet.model.WorkloadSpec.StatefulSet;

import java.time.Duration;
import java.util.List;

/**
 * The demo fleet: a production and a development AKS cluster in West Europe, run by a
 * platform team for four application teams. Every usage shape appears at least once:
 *
 * <ul>
 *   <li>steady: kube-system agents, {@code identity/auth-service} (heavily over-requested: asks 2 cores / 4 GiB, uses ~45m / 310 MiB);</li>
 *   <li>diurnal: {@code shop/checkout-api} (with HPA replicas on business-hours burst nodes), ingress, Elasticsearch;</li>
 *   <li>spiky: {@code search/search-api};</li>
 *   <li>leaking memory: {@code analytics/legacy-exporter} (OOM-killed about every 9 hours);</li>
 *   <li>under-requested: {@code shop/payments-worker} (CPU-throttled at peak, OOM-killed a few times a day);</li>
 *   <li>batch: CronJobs every 15 minutes, hourly and nightly;</li>
 *   <li>dev only: {@code sandbox/jvm-batch-api} crash-loops with OOM at start-up (limit below its working set),
 *       and {@code sandbox} holds a claim no pod mounts.</li>
 * </ul>
 */
public final class DemoFleet {

    private static final long MI = 1024L * 1024;
    private static final long GI = 1024L * MI;

    private DemoFleet() {
    }

    public static List<ClusterSpec> clusters() {
        return List.of(prod(), dev());
    }

    public static ClusterSpec prod() {
        return new ClusterSpec("aks-prod-weu", "3f2b8c1e-5d4a-4e9b-9c7d-1a2b3c4d5e6f", "rg-prod-weu", "westeurope",
                "1.33.6",
                List.of(NodePoolSpec.fixed("system", VmSize.STANDARD_D4S_V5, Mode.SYSTEM, 3),
                        NodePoolSpec.autoscaled("apps", VmSize.STANDARD_D8S_V5, Mode.USER, 3, new Autoscale(2, 7, 19)),
                        NodePoolSpec.fixed("memory", VmSize.STANDARD_E8S_V5, Mode.USER, 2)),
                List.of(kubeSystem(2, "v1.33.6"), monitoring(128), ingress(2, 350, 10),
                        new NamespaceSpec("shop", "checkout", "CC-4100", List.of(
                                new Deployment("checkout-api", "apps", 3, 4, 2, "", List.of(
                                        container("api", "acrshop.azurecr.io/checkout-api:2026.1.3",
                                                new Resources(500, 1 * GI), new Resources(0, 3 * GI / 2),
                                                new Diurnal(80, 650, 600 * MI, 900 * MI), LogProfile.json(6, 420)))),
                                new Deployment("payments-worker", "apps", 2, 6, 0, "", List.of(
                                        container("worker", "acrshop.azurecr.io/payments-worker:2026.1.1",
                                                new Resources(200, 256 * MI), new Resources(400, 320 * MI),
                                                new Starved(100, 700, 290 * MI, 3.0), LogProfile.text(2, 200)))),
                                new StatefulSet("cart-redis", "memory", 1, 0,
                                        VolumeClaimSpec.gib("data", StorageClass.MANAGED_CSI, 32, 0.2, 0.004), "", List.of(
                                        container("redis", "docker.io/library/redis:7.4.2",
                                                new Resources(250, 2 * GI), new Resources(0, 2 * GI),
                                                new Steady(60, 1300 * MI), LogProfile.constant(0.02, 140)))))),
                        new NamespaceSpec("search", "discovery", "CC-4200", List.of(
                                new Deployment("search-api", "apps", 2, 5, 0, "", List.of(
                                        container("api", "acrsearch.azurecr.io/search-api:5.2.0",
                                                new Resources(1000, 2 * GI), new Resources(2000, 3 * GI),
                                                new Spiky(120, 1500, 3, 1400 * MI), LogProfile.json(3, 380)))),
                                new CronJob("search-indexer", "apps", Duration.ofMinutes(15), Duration.ofMinutes(2),
                                        Duration.ofMinutes(3), Duration.ofMinutes(8), List.of(
                                        container("indexer", "acrsearch.azurecr.io/search-indexer:5.2.0",
                                                new Resources(500, 512 * MI), new Resources(1000, GI),
                                                new Batch(800, 600 * MI), LogProfile.constant(8, 160)))),
                                new StatefulSet("elasticsearch", "memory", 3, 14,
                                        VolumeClaimSpec.gib("data", StorageClass.MANAGED_CSI_PREMIUM, 256, 0.45, 0.006), "",
                                        List.of(container("elasticsearch", "docker.elastic.co/elasticsearch/elasticsearch:8.17.1",
                                                new Resources(2000, 16 * GI), new Resources(0, 16 * GI),
                                                new Diurnal(300, 1400, 10 * GI, 12 * GI), LogProfile.json(0.5, 600)))))),
                        new NamespaceSpec("analytics", "data", "CC-4300", List.of(
                                new CronJob("report-builder", "apps", Duration.ofHours(1), Duration.ofMinutes(5),
                                        Duration.ofMinutes(4), Duration.ofMinutes(12), List.of(
                                        container("builder", "acrdata.azurecr.io/report-builder:3.0.7",
                                                new Resources(1000, 2 * GI), new Resources(2000, 4 * GI),
                                                new Batch(1200, 2560 * MI), LogProfile.constant(1, 240)))),
                                new CronJob("etl-nightly", "memory", Duration.ofDays(1), Duration.ofHours(2),
                                        Duration.ofMinutes(25), Duration.ofMinutes(45), List.of(
                                        container("etl", "acrdata.azurecr.io/etl:3.0.7",
                                                new Resources(2000, 8 * GI), new Resources(4000, 12 * GI),
                                                new Batch(3000, 9 * GI), LogProfile.constant(4, 220)))),
                                new Deployment("legacy-exporter", "apps", 1, 21, 0, "", List.of(
                                        container("exporter", "acrdata.azurecr.io/legacy-exporter:0.9.4",
                                                new Resources(100, 256 * MI), new Resources(0, 768 * MI),
                                                new Leaking(50, 200 * MI, 60 * MI), LogProfile.text(0.5, 180)))))),
                        new NamespaceSpec("identity", "identity", "CC-4400", List.of(
                                new Deployment("auth-service", "apps", 2, 7, 0, "", List.of(
                                        container("auth", "acridentity.azurecr.io/auth-service:1.14.2",
                                                new Resources(2000, 4 * GI), new Resources(0, 4 * GI),
                                                new Steady(45, 310 * MI), LogProfile.json(1.5, 300))))))));
    }

    public static ClusterSpec dev() {
        return new ClusterSpec("aks-dev-weu", "8a1d2e3f-4b5c-4d6e-8f70-9a8b7c6d5e4f", "rg-dev-weu", "westeurope",
                "1.34.2",
                List.of(NodePoolSpec.fixed("system", VmSize.STANDARD_D2S_V5, Mode.SYSTEM, 2),
                        NodePoolSpec.autoscaled("apps", VmSize.STANDARD_D4S_V5, Mode.USER, 2, new Autoscale(1, 8, 18))),
                List.of(kubeSystem(1, "v1.34.2"), monitoring(64), ingress(1, 60, 1),
                        new NamespaceSpec("shop", "checkout", "CC-4100", List.of(
                                new Deployment("checkout-api", "apps", 1, 3, 1, "", List.of(
                                        container("api", "acrshop.azurecr.io/checkout-api:2026.1.4-rc1",
                                                new Resources(500, 1 * GI), new Resources(0, 3 * GI / 2),
                                                new Diurnal(10, 120, 400 * MI, 600 * MI), LogProfile.json(1, 420)))),
                                new Deployment("payments-worker", "apps", 1, 3, 0, "", List.of(
                                        container("worker", "acrshop.azurecr.io/payments-worker:2026.1.2-rc1",
                                                new Resources(200, 256 * MI), new Resources(400, 320 * MI),
                                                new Starved(20, 300, 280 * MI, 1.0), LogProfile.text(0.5, 200)))))),
                        new NamespaceSpec("search", "discovery", "CC-4200", List.of(
                                new Deployment("search-api", "apps", 1, 3, 0, "", List.of(
                                        container("api", "acrsearch.azurecr.io/search-api:5.3.0-beta",
                                                new Resources(1000, 2 * GI), new Resources(2000, 3 * GI),
                                                new Spiky(30, 900, 1, 900 * MI), LogProfile.json(0.5, 380)))),
                                new CronJob("search-indexer", "apps", Duration.ofMinutes(30), Duration.ofMinutes(7),
                                        Duration.ofMinutes(2), Duration.ofMinutes(5), List.of(
                                        container("indexer", "acrsearch.azurecr.io/search-indexer:5.3.0-beta",
                                                new Resources(500, 512 * MI), new Resources(1000, GI),
                                                new Batch(600, 400 * MI), LogProfile.constant(4, 160)))))),
                        new NamespaceSpec("sandbox", "data", "CC-4300", List.of(
                                new Deployment("jvm-batch-api", "apps", 1, 0, 0, "", List.of(
                                        container("app", "acrdata.azurecr.io/jvm-batch-api:0.1.0-SNAPSHOT",
                                                new Resources(250, 256 * MI), new Resources(0, 256 * MI),
                                                new Steady(200, 300 * MI), LogProfile.text(0.2, 300))))),
                                List.of(VolumeClaimSpec.gib("data-old-postgres-0", StorageClass.MANAGED_CSI_PREMIUM, 64, 0.6, 0))),
                        new NamespaceSpec("identity", "identity", "CC-4400", List.of(
                                new Deployment("auth-service", "apps", 1, 7, 0, "", List.of(
                                        container("auth", "acridentity.azurecr.io/auth-service:1.15.0-rc2",
                                                new Resources(1000, 2 * GI), new Resources(0, 2 * GI),
                                                new Steady(15, 280 * MI), LogProfile.json(0.3, 300))))))));
    }

    /** AKS's own agents: node DaemonSets plus CoreDNS, metrics-server and the konnectivity tunnel. */
    private static NamespaceSpec kubeSystem(int replicas, String kubeProxyVersion) {
        return new NamespaceSpec("kube-system", "platform", "CC-1000", List.of(
                new DaemonSet("kube-proxy", 14, "system-node-critical", List.of(
                        container("kube-proxy", "mcr.microsoft.com/oss/kubernetes/kube-proxy:" + kubeProxyVersion,
                                new Resources(100, 0), Resources.NONE,
                                new Steady(8, 40 * MI), LogProfile.constant(0.02, 160)))),
                new DaemonSet("cloud-node-manager", 28, "system-node-critical", List.of(
                        container("cloud-node-manager", "mcr.microsoft.com/oss/kubernetes/azure-cloud-node-manager:v1.33.3",
                                new Resources(50, 50 * MI), new Resources(2000, 512 * MI),
                                new Steady(3, 25 * MI), LogProfile.constant(0.01, 150)))),
                new DaemonSet("csi-azuredisk-node", 28, "system-node-critical", List.of(
                        container("node-driver-registrar", "mcr.microsoft.com/oss/kubernetes-csi/csi-node-driver-registrar:v2.13.0",
                                new Resources(10, 20 * MI), new Resources(0, 100 * MI),
                                new Steady(1, 12 * MI), LogProfile.NONE),
                        container("azuredisk", "mcr.microsoft.com/oss/kubernetes-csi/azuredisk-csi:v1.32.4",
                                new Resources(10, 20 * MI), new Resources(0, 200 * MI),
                                new Steady(4, 45 * MI), LogProfile.constant(0.05, 200)))),
                new Deployment("coredns", "system", replicas, 28, 0, "system-cluster-critical", List.of(
                        container("coredns", "mcr.microsoft.com/oss/kubernetes/coredns:v1.12.1",
                                new Resources(100, 70 * MI), new Resources(0, 500 * MI),
                                new Diurnal(5, 40, 30 * MI, 45 * MI), LogProfile.NONE))),
                new Deployment("metrics-server", "system", replicas, 28, 0, "system-cluster-critical", List.of(
                        container("metrics-server", "mcr.microsoft.com/oss/kubernetes/metrics-server:v0.7.2",
                                new Resources(50, 80 * MI), new Resources(1000, 400 * MI),
                                new Steady(6, 40 * MI), LogProfile.constant(0.01, 180)))),
                new Deployment("konnectivity-agent", "system", 2, 28, 0, "system-cluster-critical", List.of(
                        container("konnectivity-agent", "mcr.microsoft.com/oss/kubernetes/apiserver-network-proxy/agent:v0.31.2",
                                new Resources(20, 20 * MI), new Resources(1000, 1 * GI),
                                new Steady(4, 25 * MI), LogProfile.constant(0.05, 160))))));
    }

    /** The platform's own monitoring: the log collector on every node, kube-state-metrics, Prometheus. */
    private static NamespaceSpec monitoring(int prometheusDiskGib) {
        return new NamespaceSpec("monitoring", "platform", "CC-1000", List.of(
                new DaemonSet("otel-collector", 14, "", List.of(
                        container("otelcol", "otel/opentelemetry-collector-contrib:0.130.0",
                                new Resources(100, 200 * MI), new Resources(500, 500 * MI),
                                new Diurnal(30, 120, 150 * MI, 260 * MI), LogProfile.constant(0.05, 220)))),
                new Deployment("kube-state-metrics", "system", 1, 28, 0, "", List.of(
                        container("kube-state-metrics", "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.16.0",
                                new Resources(50, 150 * MI), new Resources(0, 300 * MI),
                                new Steady(20, 90 * MI), LogProfile.constant(0.01, 150)))),
                new StatefulSet("prometheus", "system", 1, 28,
                        VolumeClaimSpec.gib("prometheus-db", StorageClass.MANAGED_CSI_PREMIUM, prometheusDiskGib, 0.3, 0.01), "",
                        List.of(container("prometheus", "quay.io/prometheus/prometheus:v3.5.0",
                                new Resources(500, 2 * GI), new Resources(0, 4 * GI),
                                new Diurnal(250, 600, 1600 * MI, 2600 * MI), LogProfile.constant(0.05, 240))))));
    }

    private static NamespaceSpec ingress(int replicas, int peakCpuMillis, double accessLogLinesPerSecond) {
        return new NamespaceSpec("ingress-nginx", "platform", "CC-1000", List.of(
                new Deployment("ingress-nginx-controller", "apps", replicas, 14, 0, "", List.of(
                        container("controller", "registry.k8s.io/ingress-nginx/controller:v1.12.3",
                                new Resources(100, 90 * MI), Resources.NONE,
                                new Diurnal(peakCpuMillis / 8, peakCpuMillis, 150 * MI, 220 * MI),
                                LogProfile.text(accessLogLinesPerSecond, 350))))));
    }

    private static ContainerSpec container(String name, String image, Resources requests, Resources limits,
                                           UsageShape usage, LogProfile logs) {
        return new ContainerSpec(name, image, requests, limits, usage, logs);
    }
}
