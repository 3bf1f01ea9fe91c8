package dev.tally.local.fleet.render;

/**
 * A Prometheus scrape target: its {@code job} and {@code instance} labels, which the OpenTelemetry
 * Collector's prometheus receiver turns into the resource attributes {@code service.name} and
 * {@code service.instance.id}.
 *
 * <p>The scrape configuration simulated is the common kube-prometheus one: kube-state-metrics
 * scraped through its Service ({@code job="kube-state-metrics"}), each kubelet scraped on
 * {@code <node IP>:10250} ({@code job="kubelet"}) at {@code /metrics/cadvisor} and {@code /metrics},
 * with relabelling that adds {@code node} and {@code metrics_path}; Prometheus adds the external
 * label {@code cluster} when it remote-writes.
 */
public record ScrapeTarget(String job, String instance, String scheme) {

    public static final String KSM_JOB = "kube-state-metrics";
    public static final String KUBELET_JOB = "kubelet";

    public static ScrapeTarget kubeStateMetrics() {
        return new ScrapeTarget(KSM_JOB, "kube-state-metrics.monitoring.svc:8080", "http");
    }

    public static ScrapeTarget kubelet(String nodeIp) {
        return new ScrapeTarget(KUBELET_JOB, nodeIp + ":10250", "https");
    }

    public String host() {
        return instance.substring(0, instance.lastIndexOf(':'));
    }

    public String port() {
        return instance.substring(instance.lastIndexOf(':') + 1);
    }
}
