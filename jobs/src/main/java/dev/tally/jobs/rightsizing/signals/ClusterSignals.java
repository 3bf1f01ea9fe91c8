package dev.tally.jobs.rightsizing.signals;

import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.jobs.usage.counters.CounterIncrease;
import dev.tally.jobs.usage.decode.ClusterSamples;
import dev.tally.jobs.usage.decode.UsageFamilies;
import dev.tally.jobs.usage.ownership.Ownership;
import dev.tally.jobs.usage.series.Labels;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One cluster's samples turned into {@link ContainerSignal}s at scrape resolution, each
 * attributed to its workload (the rightsizing job's per-cluster state):
 * <ul>
 *   <li>CPU: the increase of {@code container_cpu_usage_seconds_total} between two consecutive
 *       samples of one series (a lower value is a reset) over the seconds between them; a gap
 *       longer than {@code maxRateGap} only sets a new baseline (the average over a long gap is
 *       not a usage sample);</li>
 *   <li>memory: each {@code container_memory_working_set_bytes} sample;</li>
 *   <li>OOM kills: increases of {@code kube_pod_container_status_restarts_total} while
 *       {@code kube_pod_container_status_last_terminated_reason} says {@code OOMKilled}; a restart
 *       counter whose first sample is already above 0 with {@code OOMKilled} counts its kills too
 *       (killed before its first scrape, e.g. OOM-looping at start-up) when its pod started
 *       ({@code kube_pod_start_time}) after the first sample the job saw of the cluster: they
 *       happened while it watched. A pod older than that may have been killed months ago: its
 *       first value is only a baseline;</li>
 *   <li>throttling: increases of the CFS period and throttled-period counters;</li>
 *   <li>requests and limits: {@code kube_pod_container_resource_requests/_limits} (cpu, memory).</li>
 * </ul>
 * Pod-level cAdvisor series ({@code container} empty or {@code POD}) are skipped. The workload
 * comes from the owner series ({@link Ownership}); a signal whose pod's owner has not been seen
 * yet waits (owner series may come in another record) up to {@code ownerWait} of event time,
 * then counts under the pod itself (kind {@code Pod}), as a bare pod would: nothing is dropped.
 * Samples come in time order per series (an older or equal timestamp than the series' last,
 * e.g. an HA replica's copy, is skipped for counters).
 */
public final class ClusterSignals implements Serializable {
    private static final String OOM_KILLED = "OOMKilled";

    private final long ownerWaitMillis;
    private final long maxRateGapMillis;
    private final long forgetMillis;
    private final Map<String, Seen<Ownership.Owner>> podOwners = new HashMap<>();
    private final Map<String, Seen<Ownership.Owner>> replicaSetOwners = new HashMap<>();
    private final Map<String, Seen<Ownership.Owner>> jobOwners = new HashMap<>();
    private final Map<String, Seen<String>> lastTerminatedReason = new HashMap<>();
    private final Map<String, Seen<TreeSet<String>>> podContainers = new HashMap<>();
    private final Map<String, Seen<Double>> podStartSeconds = new HashMap<>();
    private final Map<String, Seen<Double>> counters = new HashMap<>();
    private final List<PodSignal> pending = new ArrayList<>();
    private long latestMillis = Long.MIN_VALUE;
    private long firstMillis = Long.MAX_VALUE;

    public ClusterSignals(long ownerWaitMillis, long maxRateGapMillis, long forgetMillis) {
        this.ownerWaitMillis = ownerWaitMillis;
        this.maxRateGapMillis = maxRateGapMillis;
        this.forgetMillis = forgetMillis;
    }

    /** A value with the timestamp it was last seen at. */
    private record Seen<T>(T value, long atMillis) implements Serializable {
    }

    /** A signal before its workload is known. */
    private record PodSignal(String namespace, String pod, String container, long timestampMillis, SignalKind kind,
                             double value) implements Serializable {
    }

    public List<ContainerSignal> accept(String cluster, ClusterSamples samples) {
        List<PodSignal> found = new ArrayList<>();
        // owners, termination reasons and pod layouts first: the usage in the same record needs them
        for (int i = 0; i < samples.size(); i++) {
            Labels l = samples.labels().get(i);
            long t = samples.timestamps()[i];
            double v = samples.values()[i];
            latestMillis = Math.max(latestMillis, t);
            firstMillis = Math.min(firstMillis, t);
            switch (l.metricName()) {
                case UsageFamilies.POD_START -> putLatest(podStartSeconds, key(l.get("namespace"), l.get("pod")), v, t);
                case UsageFamilies.POD_OWNER -> {
                    String controller = l.get("owner_is_controller");
                    if (controller.isEmpty() || "true".equals(controller)) {
                        putLatest(podOwners, key(l.get("namespace"), l.get("pod")),
                                new Ownership.Owner(l.get("owner_kind"), l.get("owner_name")), t);
                    }
                }
                case UsageFamilies.REPLICASET_OWNER -> putLatest(replicaSetOwners, key(l.get("namespace"), l.get("replicaset")),
                        new Ownership.Owner(l.get("owner_kind"), l.get("owner_name")), t);
                case UsageFamilies.JOB_OWNER -> putLatest(jobOwners, key(l.get("namespace"), l.get("job_name")),
                        new Ownership.Owner(l.get("owner_kind"), l.get("owner_name")), t);
                case UsageFamilies.LAST_TERMINATED -> {
                    if (v >= 1) {
                        putLatest(lastTerminatedReason, containerKey(l), l.get("reason"), t);
                    }
                }
                case UsageFamilies.CONTAINER_INFO -> {
                    String pod = key(l.get("namespace"), l.get("pod"));
                    Seen<TreeSet<String>> known = podContainers.get(pod);
                    TreeSet<String> names = known == null ? new TreeSet<>() : known.value();
                    names.add(l.get("container"));
                    podContainers.put(pod, new Seen<>(names, Math.max(t, known == null ? t : known.atMillis())));
                }
                default -> {
                }
            }
        }
        for (int i = 0; i < samples.size(); i++) {
            Labels l = samples.labels().get(i);
            long t = samples.timestamps()[i];
            double v = samples.values()[i];
            switch (l.metricName()) {
                case UsageFamilies.CPU_USAGE -> {
                    if (containerLevel(l)) {
                        Double cores = rate(l, t, v);
                        if (cores != null) {
                            found.add(signal(l, t, SignalKind.CPU_CORES, cores));
                        }
                    }
                }
                case UsageFamilies.WORKING_SET -> {
                    if (containerLevel(l)) {
                        found.add(signal(l, t, SignalKind.MEMORY_BYTES, v));
                    }
                }
                case UsageFamilies.CFS_PERIODS, UsageFamilies.CFS_THROTTLED -> {
                    if (containerLevel(l)) {
                        Double increase = increase(l, t, v);
                        if (increase != null && increase > 0) {
                            found.add(signal(l, t, l.metricName().equals(UsageFamilies.CFS_PERIODS)
                                    ? SignalKind.CFS_PERIODS : SignalKind.CFS_THROTTLED_PERIODS, increase));
                        }
                    }
                }
                case UsageFamilies.RESTARTS -> {
                    boolean first = !counters.containsKey(seriesKey(l));
                    Double restarts = increase(l, t, v);
                    Seen<String> reason = lastTerminatedReason.get(containerKey(l));
                    boolean oomKilled = reason != null && OOM_KILLED.equals(reason.value()) && reason.atMillis() >= t;
                    double kills = restarts != null ? restarts : first ? killsBeforeFirstSample(l, v) : 0;
                    if (kills > 0 && oomKilled) {
                        found.add(signal(l, t, SignalKind.OOM_KILLS, kills));
                    }
                }
                case UsageFamilies.REQUESTS, UsageFamilies.LIMITS -> {
                    boolean request = l.metricName().equals(UsageFamilies.REQUESTS);
                    switch (l.get("resource")) {
                        case "cpu" -> found.add(signal(l, t, request ? SignalKind.CPU_REQUEST_CORES : SignalKind.CPU_LIMIT_CORES, v));
                        case "memory" -> found.add(signal(l, t, request ? SignalKind.MEMORY_REQUEST_BYTES
                                : SignalKind.MEMORY_LIMIT_BYTES, v));
                        default -> {
                        }
                    }
                }
                case UsageFamilies.CONTAINER_INFO -> {
                    Seen<TreeSet<String>> names = podContainers.get(key(l.get("namespace"), l.get("pod")));
                    found.add(signal(l, t, SignalKind.CONTAINERS_IN_POD, names == null ? 1 : names.value().size()));
                }
                default -> {
                }
            }
        }
        pending.addAll(found);
        return resolve(cluster, latestMillis);
    }

    /**
     * Attributes waiting signals whose owner is now known, or which have waited {@code ownerWait}
     * by {@code nowMillis} (event time: the newest sample, or a timer when the cluster went quiet).
     */
    public List<ContainerSignal> resolve(String cluster, long nowMillis) {
        List<ContainerSignal> out = new ArrayList<>();
        Iterator<PodSignal> it = pending.iterator();
        while (it.hasNext()) {
            PodSignal s = it.next();
            Ownership.Owner owner = ownerOf(s.namespace(), s.pod(), s.timestampMillis() <= nowMillis - ownerWaitMillis);
            if (owner != null) {
                out.add(new ContainerSignal(new ContainerRef(cluster, s.namespace(), owner.kind(), owner.name(), s.container()),
                        s.pod(), s.timestampMillis(), s.kind(), s.value()));
                it.remove();
            }
        }
        return out;
    }

    /** The pod's workload; null while it is not fully known and {@code settle} is false. */
    private Ownership.Owner ownerOf(String namespace, String pod, boolean settle) {
        Seen<Ownership.Owner> podOwner = podOwners.get(key(namespace, pod));
        if (!settle) {
            if (podOwner == null || !podOwner.value().known()) {
                return null;
            }
            String kind = podOwner.value().kind();
            if (kind.equals("ReplicaSet") && !replicaSetOwners.containsKey(key(namespace, podOwner.value().name()))
                    || kind.equals("Job") && !jobOwners.containsKey(key(namespace, podOwner.value().name()))) {
                return null;
            }
        }
        return Ownership.workload(pod, podOwner == null ? null : podOwner.value(),
                rs -> value(replicaSetOwners.get(key(namespace, rs))), job -> value(jobOwners.get(key(namespace, job))));
    }

    private static <T> T value(Seen<T> seen) {
        return seen == null ? null : seen.value();
    }

    /** Forgets series, owners and pods not seen for {@code forget}: pods come and go. */
    public void forgetOld() {
        long before = latestMillis - forgetMillis;
        for (Map<String, ? extends Seen<?>> m : List.of(podOwners, replicaSetOwners, jobOwners, lastTerminatedReason,
                podContainers, podStartSeconds, counters)) {
            m.values().removeIf(s -> s.atMillis() < before);
        }
    }

    public long latestMillis() {
        return latestMillis;
    }

    public int pendingSignals() {
        return pending.size();
    }

    public int trackedSeries() {
        return counters.size();
    }

    /**
     * Restarts a counter's first sample already shows, when the pod started after the job's first
     * sample of the cluster (they all happened while it watched); else 0: when they happened is unknown.
     */
    private double killsBeforeFirstSample(Labels l, double value) {
        Seen<Double> started = podStartSeconds.get(key(l.get("namespace"), l.get("pod")));
        return started != null && started.value() * 1000 >= firstMillis ? CounterIncrease.count(value) : 0;
    }

    /** CPU cores between the series' previous sample and this one; null for a first, replayed or too distant sample. */
    private Double rate(Labels l, long t, double v) {
        Seen<Double> previous = advance(l, t, v, maxRateGapMillis);
        return previous == null ? null
                : CounterIncrease.between(previous.value(), v) / ((t - previous.atMillis()) / 1000.0);
    }

    /** Events (periods, restarts) counted since the series' previous sample; null as for {@link #rate}. */
    private Double increase(Labels l, long t, double v) {
        Seen<Double> previous = advance(l, t, v, Long.MAX_VALUE);
        return previous == null ? null
                : (double) CounterIncrease.between(CounterIncrease.count(previous.value()), CounterIncrease.count(v));
    }

    /**
     * Moves a counter series to this sample; returns its previous sample, or null when there is
     * none, this one is not newer (replayed, an HA replica's copy) or the gap exceeds {@code maxGap}.
     */
    private Seen<Double> advance(Labels l, long t, double v, long maxGap) {
        String k = seriesKey(l);
        Seen<Double> previous = counters.get(k);
        if (previous != null && t <= previous.atMillis()) {
            return null;
        }
        counters.put(k, new Seen<>(v, t));
        return previous == null || t - previous.atMillis() > maxGap ? null : previous;
    }

    private static PodSignal signal(Labels l, long t, SignalKind kind, double value) {
        return new PodSignal(l.get("namespace"), l.get("pod"), l.get("container"), t, kind, value);
    }

    private static boolean containerLevel(Labels l) {
        String container = l.get("container");
        return !container.isEmpty() && !container.equals("POD");
    }

    private static <T> void putLatest(Map<String, Seen<T>> map, String key, T value, long t) {
        Seen<T> known = map.get(key);
        if (known == null || t >= known.atMillis()) {
            map.put(key, new Seen<>(value, t));
        }
    }

    private static String key(String namespace, String name) {
        return namespace + '\u0000' + name;
    }

    private static String containerKey(Labels l) {
        return l.get("namespace") + '\u0000' + l.get("pod") + '\u0000' + l.get("container");
    }

    /** The whole label set: a restarted container is a new cAdvisor series (another {@code id}). */
    private static String seriesKey(Labels l) {
        return l.toString();
    }
}
