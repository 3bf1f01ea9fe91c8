package dev.tally.jobs.usage.decode.collector;

import dev.tally.jobs.telemetry.OtlpValues;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The resource attributes of one OTLP {@code ResourceMetrics} that the usage job reads, as the
 * Collector's receivers and the {@code k8sattributes} processor name them. Read once per resource.
 */
public final class CollectorResource {
    /** Node labels as the k8sattributes processor's {@code extract.labels from: node} tags them (semconv, then its older default). */
    static final List<String> NODE_LABEL_PREFIXES = List.of("k8s.node.label.", "k8s.node.labels.");

    final String namespace;
    final String pod;
    final String uid;
    final String container;
    final String containerId;
    final String node;
    final String lastTerminatedReason;
    final String podStartTime;
    final String replicaSet;
    final String deployment;
    final String statefulSet;
    final String daemonSet;
    final String job;
    final String cronJob;
    /** Node labels as kube-state-metrics names them ({@code label_<sanitized key>}), name/value pairs. */
    final List<String> nodeLabels;
    /** (receiver, timestamp) pairs for which the resource's context series were emitted already. */
    final Set<Long> contextEmitted = new HashSet<>();

    public CollectorResource(Resource resource) {
        String ns = "";
        String p = "";
        String u = "";
        String c = "";
        String cid = "";
        String n = "";
        String reason = "";
        String start = "";
        String rs = "";
        String dep = "";
        String sts = "";
        String ds = "";
        String jb = "";
        String cj = "";
        List<String> labels = new ArrayList<>();
        for (KeyValue kv : resource.getAttributesList()) {
            String key = kv.getKey();
            switch (key) {
                case "k8s.namespace.name" -> ns = text(kv.getValue());
                case "k8s.pod.name" -> p = text(kv.getValue());
                case "k8s.pod.uid" -> u = text(kv.getValue());
                case "k8s.container.name" -> c = text(kv.getValue());
                case "container.id" -> cid = stripRuntime(text(kv.getValue()));
                case "k8s.node.name" -> n = text(kv.getValue());
                case "k8s.container.status.last_terminated_reason" -> reason = text(kv.getValue());
                case "k8s.pod.start_time" -> start = text(kv.getValue());
                case "k8s.replicaset.name" -> rs = text(kv.getValue());
                case "k8s.deployment.name" -> dep = text(kv.getValue());
                case "k8s.statefulset.name" -> sts = text(kv.getValue());
                case "k8s.daemonset.name" -> ds = text(kv.getValue());
                case "k8s.job.name" -> jb = text(kv.getValue());
                case "k8s.cronjob.name" -> cj = text(kv.getValue());
                default -> {
                    for (String prefix : NODE_LABEL_PREFIXES) {
                        if (key.startsWith(prefix) && key.length() > prefix.length()) {
                            labels.add("label_" + sanitize(key.substring(prefix.length())));
                            labels.add(text(kv.getValue()));
                            break;
                        }
                    }
                }
            }
        }
        namespace = ns;
        pod = p;
        uid = u;
        container = c;
        containerId = cid;
        node = n;
        lastTerminatedReason = reason;
        podStartTime = start;
        replicaSet = rs;
        deployment = dep;
        statefulSet = sts;
        daemonSet = ds;
        job = jb;
        cronJob = cj;
        nodeLabels = List.copyOf(labels);
    }

    boolean hasPod() {
        return !namespace.isEmpty() && !pod.isEmpty();
    }

    boolean hasContainer() {
        return hasPod() && !container.isEmpty();
    }

    /**
     * The pod's start ({@code k8s.pod.start_time}: RFC 3339, or Go's {@code time.Time} text as the
     * k8sattributes processor writes it) in epoch seconds, or NaN when absent or unreadable.
     */
    double podStartEpochSeconds() {
        if (podStartTime.isEmpty()) {
            return Double.NaN;
        }
        try {
            return OffsetDateTime.parse(podStartTime).toInstant().getEpochSecond();
        } catch (DateTimeParseException e) {
            // Go: "2006-01-02 15:04:05.999999999 -0700 MST"
        }
        try {
            String[] parts = podStartTime.split(" ");
            if (parts.length >= 3) {
                Instant t = OffsetDateTime.parse(parts[0] + " " + parts[1] + " " + parts[2],
                        GO_TIME).toInstant();
                return t.getEpochSecond();
            }
        } catch (DateTimeParseException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private static final DateTimeFormatter GO_TIME = new java.time.format.DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendPattern(" xx").toFormatter(Locale.ROOT);

    /** kube-state-metrics' label sanitizing: every character but letters, digits and {@code _} becomes {@code _}. */
    static String sanitize(String key) {
        StringBuilder b = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            b.append((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ? ch : '_');
        }
        return b.toString();
    }

    /** The container id without the runtime's scheme ({@code containerd://…}), as kubeletstats and k8s_cluster send it. */
    static String stripRuntime(String id) {
        int at = id.indexOf("://");
        return at >= 0 ? id.substring(at + 3) : id;
    }

    static String text(AnyValue value) {
        return OtlpValues.text(value);
    }
}
