package dev.tally.local.fleet.truth;

import dev.tally.local.fleet.render.Family;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * What really happened in the fleet over a time range, computed from the model — the answer
 * key for every later stage (usage, allocation, rightsizing, log chargeback):
 * <ul>
 *   <li>{@link #samplesByClusterHour()} / {@link #samplesByFamily()}: samples emitted, by scrape time;</li>
 *   <li>{@link #containers()}: per pod container × hour, CPU, requests/limits, memory, OOM kills, restarts, throttling;</li>
 *   <li>{@link #nodes()}: per node × hour, the seconds its VM existed, its pool, size and scale set;</li>
 *   <li>{@link #logs()}: per namespace × workload × hour, log records and body bytes, by record time;</li>
 *   <li>{@link #volumes()}: every claim with its Azure disk;</li>
 *   <li>{@link #workloadContainers()}: per container of a workload (all its pods), every interval's
 *       CPU and every tick's working set, OOM kills, first tick: real percentiles for rightsizing.</li>
 * </ul>
 * Hours are UTC hours; a range {@code [from, to)} covers the ticks, intervals and log records
 * that start within it.
 */
public final class GroundTruth {

    private final Map<ClusterHour, Long> samples;
    private final Map<ClusterHour, Map<String, Long>> samplesByFamily;
    private final Map<ContainerHour, ContainerUsage> containers;
    private final Map<NodeHour, NodeUsage> nodes;
    private final Map<WorkloadHour, LogVolume> logs;
    private final List<VolumeTruth> volumes;
    private final Map<WorkloadContainer, WorkloadUsage> workloadContainers;

    private GroundTruth(Builder b) {
        Map<ClusterHour, Long> s = new LinkedHashMap<>();
        Map<ClusterHour, Map<String, Long>> f = new LinkedHashMap<>();
        b.samples.forEach((hour, counts) -> {
            long total = 0;
            Map<String, Long> byName = new TreeMap<>();
            for (Family family : Family.values()) {
                long n = counts[family.ordinal()];
                total += n;
                if (n > 0) {
                    byName.put(family.metricName(), n);
                }
            }
            s.put(hour, total);
            f.put(hour, Collections.unmodifiableMap(byName));
        });
        this.samples = Collections.unmodifiableMap(s);
        this.samplesByFamily = Collections.unmodifiableMap(f);
        Map<ContainerHour, ContainerUsage> c = new LinkedHashMap<>();
        b.usage.forEach((k, u) -> c.put(k, u.freeze()));
        this.containers = Collections.unmodifiableMap(c);
        this.nodes = Collections.unmodifiableMap(new LinkedHashMap<>(b.nodes));
        this.logs = Collections.unmodifiableMap(new LinkedHashMap<>(b.logs));
        this.volumes = List.copyOf(b.volumes);
        Map<WorkloadContainer, WorkloadUsage> w = new LinkedHashMap<>();
        b.workloadUsage.forEach((k, u) -> w.put(k, u.freeze()));
        this.workloadContainers = Collections.unmodifiableMap(w);
    }

    /** Samples emitted per cluster and hour (by sample timestamp). */
    public Map<ClusterHour, Long> samplesByClusterHour() {
        return samples;
    }

    /** Samples per cluster and hour, by metric family name. */
    public Map<ClusterHour, Map<String, Long>> samplesByFamily() {
        return samplesByFamily;
    }

    public long totalSamples() {
        return samples.values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<ContainerHour, ContainerUsage> containers() {
        return containers;
    }

    public Map<NodeHour, NodeUsage> nodes() {
        return nodes;
    }

    public Map<WorkloadHour, LogVolume> logs() {
        return logs;
    }

    public List<VolumeTruth> volumes() {
        return volumes;
    }

    /** Per container of a workload, across its pods: usage at scrape resolution. */
    public Map<WorkloadContainer, WorkloadUsage> workloadContainers() {
        return workloadContainers;
    }

    /** Mutable accumulator for one container-hour. */
    static final class MutableUsage {
        final String workloadKind;
        final String workloadName;
        final String node;
        final int cpuRequest;
        final int cpuLimit;
        final long memoryRequest;
        final long memoryLimit;
        long cpuNanos;
        long runningSamples;
        long podRunningSamples;
        long memorySum;
        long memoryMax;
        long oomKills;
        long restarts;
        long cfsPeriods;
        long cfsThrottled;

        MutableUsage(String workloadKind, String workloadName, String node, int cpuRequest, int cpuLimit,
                     long memoryRequest, long memoryLimit) {
            this.workloadKind = workloadKind;
            this.workloadName = workloadName;
            this.node = node;
            this.cpuRequest = cpuRequest;
            this.cpuLimit = cpuLimit;
            this.memoryRequest = memoryRequest;
            this.memoryLimit = memoryLimit;
        }

        ContainerUsage freeze() {
            return new ContainerUsage(workloadKind, workloadName, node, cpuRequest, cpuLimit, memoryRequest, memoryLimit,
                    cpuNanos, runningSamples, podRunningSamples, memorySum, memoryMax, oomKills, restarts, cfsPeriods,
                    cfsThrottled);
        }
    }

    /** Collects truth from several clusters' accumulators; {@link #build()} freezes it. */
    public static final class Builder {
        private final Map<ClusterHour, long[]> samples = new LinkedHashMap<>();
        private final Map<ContainerHour, MutableUsage> usage = new LinkedHashMap<>();
        private final Map<NodeHour, NodeUsage> nodes = new LinkedHashMap<>();
        private final Map<WorkloadHour, LogVolume> logs = new LinkedHashMap<>();
        private final List<VolumeTruth> volumes = new ArrayList<>();
        private final Map<WorkloadContainer, WorkloadUsage.Builder> workloadUsage = new LinkedHashMap<>();

        void addSamples(ClusterHour hour, long[] perFamily) {
            long[] acc = samples.computeIfAbsent(hour, k -> new long[Family.values().length]);
            for (int i = 0; i < acc.length; i++) {
                acc[i] += perFamily[i];
            }
        }

        MutableUsage usage(ContainerHour key, Supplier<MutableUsage> create) {
            MutableUsage u = usage.get(key);
            if (u == null) {
                u = create.get();
                usage.put(key, u);
            }
            return u;
        }

        WorkloadUsage.Builder workloadUsage(WorkloadContainer key, int cpuRequestMillis, long memoryRequestBytes) {
            return workloadUsage.computeIfAbsent(key, k -> new WorkloadUsage.Builder(cpuRequestMillis, memoryRequestBytes));
        }

        void addNode(NodeHour key, NodeUsage value) {
            nodes.put(key, value);
        }

        void addLogs(WorkloadHour key, long records, long bytes) {
            logs.merge(key, new LogVolume(records, bytes), LogVolume::plus);
        }

        public void addVolume(VolumeTruth v) {
            volumes.add(v);
        }

        public GroundTruth build() {
            return new GroundTruth(this);
        }
    }
}
