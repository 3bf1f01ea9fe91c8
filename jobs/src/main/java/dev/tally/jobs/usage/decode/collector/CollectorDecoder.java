package dev.tally.jobs.usage.decode.collector;

import dev.tally.jobs.usage.decode.UsageFamilies;
import dev.tally.jobs.usage.decode.collector.CollectorMetrics.Kind;
import dev.tally.jobs.usage.decode.collector.CollectorMetrics.Mapping;
import dev.tally.jobs.usage.decode.collector.CollectorMetrics.Receiver;
import dev.tally.jobs.usage.series.Labels;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates the Collector's own metrics ({@link CollectorMetrics}) into the internal series the
 * usage rules read, named and labelled as kube-state-metrics and cAdvisor name them, so the rules
 * ({@code HourUsage}) are the same for every input form. Every emitted series carries
 * {@code job = otelcol/<receiver>} and {@code instance} = the node for kubeletstats ("" for
 * k8s_cluster): the rules hold an instant sample until the same target's next collection.
 *
 * <p>Besides each metric's own series, a pod's or container's resource gives context series once
 * per receiver and timestamp: {@code kube_pod_info} (uid, node), the owner series (from the
 * k8sattributes processor's names), {@code kube_pod_start_time}, {@code kube_pod_container_info}
 * (the container id: it tells a first start), the last termination reason, and node labels.
 */
public final class CollectorDecoder {

    /** Where the decoded samples and problems go. */
    public interface Out {
        void add(Labels labels, long timestampMillis, double value);

        void problem(String reason);
    }

    private CollectorDecoder() {
    }

    /** Decodes one metric of one resource. Problems (wrong type, unit, missing attributes) are reported, never thrown. */
    public static void decode(Metric metric, Mapping mapping, CollectorResource resource, Out out) {
        List<NumberDataPoint> points;
        switch (metric.getDataCase()) {
            case GAUGE -> {
                if (mapping.shape() == CollectorMetrics.Shape.CUMULATIVE_SUM) {
                    out.problem("metric " + mapping.name() + " is a gauge; the usage job needs it as a cumulative sum"
                            + " (its start time starts the container's run)");
                    return;
                }
                points = metric.getGauge().getDataPointsList();
            }
            case SUM -> {
                if (metric.getSum().getAggregationTemporality() != AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
                    out.problem("metric " + mapping.name() + " is a " + metric.getSum().getAggregationTemporality()
                            + " sum; the usage job needs cumulative values");
                    return;
                }
                points = metric.getSum().getDataPointsList();
            }
            default -> {
                out.problem("metric " + mapping.name() + " is a " + metric.getDataCase() + ", expected a gauge or a sum");
                return;
            }
        }
        if (mapping.units() != null && !mapping.units().contains(metric.getUnit())) {
            out.problem("metric " + mapping.name() + " has unit '" + metric.getUnit() + "', expected one of "
                    + mapping.units() + " (no conversion is guessed)");
            return;
        }
        String missing = missing(mapping.kind(), resource);
        if (missing != null) {
            out.problem(points.size() + " data points of " + mapping.name() + " skipped: the resource has no " + missing);
            return;
        }
        Receiver receiver = mapping.receiver();
        String instance = receiver == Receiver.KUBELETSTATS ? resource.node : "";
        int badPhases = 0;
        for (NumberDataPoint point : points) {
            long t = point.getTimeUnixNano() / 1_000_000L;
            double v = point.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? point.getAsInt() : point.getAsDouble();
            context(receiver, instance, resource, t, out);
            switch (mapping.kind()) {
                case CONTAINER_CPU_TIME -> {
                    long start = point.getStartTimeUnixNano();
                    Labels cpu = cadvisor(UsageFamilies.CPU_USAGE, receiver, instance, resource,
                            !resource.containerId.isEmpty() ? resource.containerId : (start > 0 ? "start-" + start : ""));
                    out.add(cpu, t, v);
                    if (start > 0) { // the run's start: what container_start_time_seconds says
                        out.add(cpu.withName(UsageFamilies.CONTAINER_START), t, start / 1e9);
                    }
                }
                case CONTAINER_WORKING_SET -> out.add(cadvisor(UsageFamilies.WORKING_SET, receiver, instance, resource,
                        resource.containerId), t, v);
                case CPU_REQUEST -> out.add(resourceSeries(UsageFamilies.REQUESTS, "cpu", "core", receiver, instance, resource), t, v);
                case CPU_LIMIT -> out.add(resourceSeries(UsageFamilies.LIMITS, "cpu", "core", receiver, instance, resource), t, v);
                case MEMORY_REQUEST -> out.add(resourceSeries(UsageFamilies.REQUESTS, "memory", "byte", receiver, instance, resource), t, v);
                case MEMORY_LIMIT -> out.add(resourceSeries(UsageFamilies.LIMITS, "memory", "byte", receiver, instance, resource), t, v);
                case RESTARTS -> out.add(containerSeries(UsageFamilies.RESTARTS, receiver, instance, resource), t, v);
                case CONTAINER_STATE -> {
                    if ("running".equals(attribute(point, "k8s.container.status.state"))) {
                        out.add(containerSeries(UsageFamilies.RUNNING, receiver, instance, resource), t, v > 0 ? 1 : 0);
                    }
                }
                case POD_PHASE -> {
                    String phase = CollectorMetrics.podPhase(v);
                    if (phase == null) {
                        badPhases++;
                        continue;
                    }
                    for (String p : CollectorMetrics.PHASES) {
                        out.add(series(UsageFamilies.POD_PHASE, receiver, instance, "namespace", resource.namespace,
                                "pod", resource.pod, "uid", resource.uid, "phase", p), t, p.equals(phase) ? 1 : 0);
                    }
                }
                case NODE_ALLOCATABLE_CPU -> node(UsageFamilies.NODE_ALLOCATABLE, "cpu", "core", receiver, instance, resource, t, v, out);
                case NODE_ALLOCATABLE_MEMORY -> node(UsageFamilies.NODE_ALLOCATABLE, "memory", "byte", receiver, instance, resource, t, v, out);
                case NODE_CONDITION_READY -> out.add(series(UsageFamilies.NODE_INFO, receiver, instance, "node", resource.node), t, 1);
                default -> throw new IllegalStateException("unmapped kind " + mapping.kind());
            }
        }
        if (badPhases > 0) {
            out.problem(badPhases + " data points of " + mapping.name() + " skipped: a phase is 1 (Pending) to 5 (Unknown)");
        }
    }

    /** Which resource attribute a kind needs and the resource lacks, or null. */
    private static String missing(Kind kind, CollectorResource r) {
        return switch (kind) {
            case CONTAINER_CPU_TIME, CONTAINER_WORKING_SET, CPU_REQUEST, CPU_LIMIT, MEMORY_REQUEST, MEMORY_LIMIT, RESTARTS,
                 CONTAINER_STATE -> r.hasContainer() ? null : "k8s.namespace.name, k8s.pod.name and k8s.container.name";
            case POD_PHASE -> r.hasPod() ? null : "k8s.namespace.name and k8s.pod.name";
            case NODE_ALLOCATABLE_CPU, NODE_ALLOCATABLE_MEMORY, NODE_CONDITION_READY -> r.node.isEmpty() ? "k8s.node.name" : null;
        };
    }

    private static void node(String family, String resourceName, String unit, Receiver receiver, String instance,
                             CollectorResource r, long t, double v, Out out) {
        out.add(series(family, receiver, instance, "node", r.node, "resource", resourceName, "unit", unit), t, v);
        out.add(series(UsageFamilies.NODE_INFO, receiver, instance, "node", r.node), t, 1);
    }

    /**
     * The context series of a resource at {@code t}, once per receiver and timestamp: what
     * kube-state-metrics would say about the pod, container and node the resource names.
     */
    private static void context(Receiver receiver, String instance, CollectorResource r, long t, Out out) {
        if (!r.contextEmitted.add(t * 2 + receiver.ordinal())) {
            return;
        }
        if (!r.node.isEmpty() && !r.nodeLabels.isEmpty()) {
            List<String> pairs = new ArrayList<>(r.nodeLabels.size() + 2);
            pairs.add("node");
            pairs.add(r.node);
            pairs.addAll(r.nodeLabels);
            out.add(series(UsageFamilies.NODE_LABELS, receiver, instance, pairs.toArray(new String[0])), t, 1);
        }
        if (!r.hasPod()) {
            return;
        }
        if (!r.node.isEmpty()) {
            out.add(series(UsageFamilies.POD_INFO, receiver, instance, "namespace", r.namespace, "pod", r.pod,
                    "uid", r.uid, "node", r.node), t, 1);
        }
        String[] owner = owner(r);
        if (owner != null) {
            out.add(series(UsageFamilies.POD_OWNER, receiver, instance, "namespace", r.namespace, "pod", r.pod,
                    "uid", r.uid, "owner_kind", owner[0], "owner_name", owner[1], "owner_is_controller", "true"), t, 1);
            if (owner[0].equals("ReplicaSet") && !r.deployment.isEmpty()) {
                out.add(series(UsageFamilies.REPLICASET_OWNER, receiver, instance, "namespace", r.namespace,
                        "replicaset", r.replicaSet, "owner_kind", "Deployment", "owner_name", r.deployment,
                        "owner_is_controller", "true"), t, 1);
            } else if (owner[0].equals("Job") && !r.cronJob.isEmpty()) {
                out.add(series(UsageFamilies.JOB_OWNER, receiver, instance, "namespace", r.namespace,
                        "job_name", r.job, "owner_kind", "CronJob", "owner_name", r.cronJob,
                        "owner_is_controller", "true"), t, 1);
            }
        }
        double start = r.podStartEpochSeconds();
        if (!Double.isNaN(start)) {
            out.add(series(UsageFamilies.POD_START, receiver, instance, "namespace", r.namespace, "pod", r.pod,
                    "uid", r.uid), t, start);
        }
        // Container state is the k8s_cluster receiver's (the API server's); kubeletstats only sees running containers.
        if (receiver == Receiver.K8S_CLUSTER && r.hasContainer()) {
            out.add(series(UsageFamilies.CONTAINER_INFO, receiver, instance, "namespace", r.namespace, "pod", r.pod,
                    "uid", r.uid, "container", r.container, "container_id", r.containerId), t, 1);
            if (!r.lastTerminatedReason.isEmpty()) {
                out.add(series(UsageFamilies.LAST_TERMINATED, receiver, instance, "namespace", r.namespace, "pod", r.pod,
                        "uid", r.uid, "container", r.container, "reason", r.lastTerminatedReason), t, 1);
            }
        }
    }

    /**
     * The pod's controller from the k8sattributes processor's names: ReplicaSet (its Deployment
     * through {@code kube_replicaset_owner}), StatefulSet, DaemonSet, Job (its CronJob through
     * {@code kube_job_owner}); a Deployment or CronJob named without the level below it directly.
     */
    static String[] owner(CollectorResource r) {
        if (!r.replicaSet.isEmpty()) {
            return new String[]{"ReplicaSet", r.replicaSet};
        } else if (!r.statefulSet.isEmpty()) {
            return new String[]{"StatefulSet", r.statefulSet};
        } else if (!r.daemonSet.isEmpty()) {
            return new String[]{"DaemonSet", r.daemonSet};
        } else if (!r.job.isEmpty()) {
            return new String[]{"Job", r.job};
        } else if (!r.deployment.isEmpty()) {
            return new String[]{"Deployment", r.deployment};
        } else if (!r.cronJob.isEmpty()) {
            return new String[]{"CronJob", r.cronJob};
        }
        return null;
    }

    /**
     * A container series in cAdvisor's shape. cAdvisor's {@code id} is the cgroup path, which carries
     * the pod uid (how the rules tell two pods of the same name apart) and changes with every run;
     * here it is {@code /kubepods/pod<uid>/<run>} with the run the container id (or, without one, the
     * counter's start time), so a restarted container is a new series as in cAdvisor.
     */
    private static Labels cadvisor(String family, Receiver receiver, String instance, CollectorResource r, String run) {
        String id = (r.uid.isEmpty() ? "" : "/kubepods/pod" + r.uid) + "/" + run;
        return series(family, receiver, instance, "namespace", r.namespace, "pod", r.pod, "container", r.container,
                "node", r.node, "id", id, "name", r.containerId);
    }

    private static Labels resourceSeries(String family, String resourceName, String unit, Receiver receiver,
                                         String instance, CollectorResource r) {
        return series(family, receiver, instance, "namespace", r.namespace, "pod", r.pod, "uid", r.uid,
                "container", r.container, "node", r.node, "resource", resourceName, "unit", unit);
    }

    private static Labels containerSeries(String family, Receiver receiver, String instance, CollectorResource r) {
        return series(family, receiver, instance, "namespace", r.namespace, "pod", r.pod, "uid", r.uid,
                "container", r.container);
    }

    /** Labels without empty values (as Prometheus drops them), with the name and the target. */
    private static Labels series(String family, Receiver receiver, String instance, String... pairs) {
        String[] all = new String[pairs.length + 6];
        int k = 0;
        all[k++] = Labels.NAME;
        all[k++] = family;
        all[k++] = "job";
        all[k++] = receiver.job();
        if (!instance.isEmpty()) {
            all[k++] = "instance";
            all[k++] = instance;
        }
        for (int i = 0; i < pairs.length; i += 2) {
            if (!pairs[i + 1].isEmpty()) {
                all[k++] = pairs[i];
                all[k++] = pairs[i + 1];
            }
        }
        return Labels.of(java.util.Arrays.copyOf(all, k));
    }

    private static String attribute(NumberDataPoint point, String key) {
        for (KeyValue kv : point.getAttributesList()) {
            if (kv.getKey().equals(key)) {
                return CollectorResource.text(kv.getValue());
            }
        }
        return "";
    }
}
