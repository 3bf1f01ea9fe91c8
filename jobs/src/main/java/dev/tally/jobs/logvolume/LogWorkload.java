package dev.tally.jobs.logvolume;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The namespace and workload (kind and name) a log record is charged to, from its OTLP
 * resource attributes as the Collector's k8sattributes processor sets them.
 *
 * <p>Rules, first match wins:
 * <ol>
 *   <li>{@code k8s.cronjob.name} → {@code CronJob}</li>
 *   <li>{@code k8s.deployment.name} → {@code Deployment}</li>
 *   <li>{@code k8s.statefulset.name} → {@code StatefulSet}</li>
 *   <li>{@code k8s.daemonset.name} → {@code DaemonSet}</li>
 *   <li>{@code k8s.job.name} → {@code Job} (a Job without a CronJob attribute is its own workload)</li>
 *   <li>{@code k8s.replicaset.name} → {@code Deployment} named by the ReplicaSet name without its
 *       pod-template hash (the last {@code -} segment, when it is 5–10 characters of the alphabet
 *       Kubernetes' hashes use); a ReplicaSet name without such a suffix → {@code ReplicaSet}</li>
 *   <li>{@code k8s.pod.name} alone → {@code Pod} (a bare pod)</li>
 *   <li>nothing → {@code unknown}/{@code unknown}</li>
 * </ol>
 * A missing or blank {@code k8s.namespace.name} gives namespace {@code unknown}: such records
 * are still counted, never dropped. The cluster never comes from attributes (see the job).
 */
public record LogWorkload(String namespace, String kind, String name) {

    public static final String UNKNOWN = "unknown";

    /** Kubernetes' pod-template-hash alphabet (rand.SafeEncodeString: no vowels, no 0, 1, 3). */
    private static final Pattern POD_TEMPLATE_HASH = Pattern.compile("[bcdfghjklmnpqrstvwxz2456789]{5,10}");

    public static LogWorkload of(Map<String, String> resource) {
        String namespace = present(resource.get("k8s.namespace.name")) ? resource.get("k8s.namespace.name") : UNKNOWN;
        String v;
        if (present(v = resource.get("k8s.cronjob.name"))) {
            return new LogWorkload(namespace, "CronJob", v);
        }
        if (present(v = resource.get("k8s.deployment.name"))) {
            return new LogWorkload(namespace, "Deployment", v);
        }
        if (present(v = resource.get("k8s.statefulset.name"))) {
            return new LogWorkload(namespace, "StatefulSet", v);
        }
        if (present(v = resource.get("k8s.daemonset.name"))) {
            return new LogWorkload(namespace, "DaemonSet", v);
        }
        if (present(v = resource.get("k8s.job.name"))) {
            return new LogWorkload(namespace, "Job", v);
        }
        if (present(v = resource.get("k8s.replicaset.name"))) {
            String deployment = deploymentOf(v);
            return deployment == null ? new LogWorkload(namespace, "ReplicaSet", v)
                    : new LogWorkload(namespace, "Deployment", deployment);
        }
        if (present(v = resource.get("k8s.pod.name"))) {
            return new LogWorkload(namespace, "Pod", v);
        }
        return new LogWorkload(namespace, UNKNOWN, UNKNOWN);
    }

    /** The Deployment of a ReplicaSet named {@code <deployment>-<pod-template-hash>}, or null. */
    static String deploymentOf(String replicaSet) {
        int dash = replicaSet.lastIndexOf('-');
        if (dash <= 0 || !POD_TEMPLATE_HASH.matcher(replicaSet.substring(dash + 1)).matches()) {
            return null;
        }
        return replicaSet.substring(0, dash);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
