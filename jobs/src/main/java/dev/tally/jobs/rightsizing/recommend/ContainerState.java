package dev.tally.jobs.rightsizing.recommend;

import dev.tally.jobs.rightsizing.RightsizingSettings;
import dev.tally.jobs.rightsizing.signals.ContainerSignal;
import dev.tally.jobs.rightsizing.vpa.ContainerHistory;
import dev.tally.jobs.rightsizing.vpa.SimplePercentileStrategy;
import java.io.Serializable;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What the rightsizing job keeps per container of a workload, across its replicas: both
 * strategies' histories, every replica's current requests and limits, OOM kills, CFS periods.
 * Each replica's samples go into the same histograms (as the VPA aggregates the containers of all
 * the pods it controls).
 */
public final class ContainerState implements Serializable {
    final ContainerHistory vpa;
    final SimplePercentileStrategy simple;
    /** Per pod: its latest requests/limits and when it last reported usage. */
    final Map<String, Replica> replicas = new HashMap<>();
    long usageSamples;
    long firstUsageMillis = Long.MAX_VALUE;
    long lastUsageMillis = Long.MIN_VALUE;
    long lastSignalMillis = Long.MIN_VALUE;
    long oomKills;
    long lastOomMillis = Long.MIN_VALUE;
    /** The most memory an OOM kill showed the container needs (for the simple strategy; VPA's own is in its peaks). */
    double oomNeededBytes;
    long cfsPeriods;
    long cfsThrottledPeriods;
    int containersInPod = 1;
    long nextEmitMillis = Long.MIN_VALUE;

    /** One pod's view of the container; NaN where not reported. */
    static final class Replica implements Serializable {
        double cpuRequestCores = Double.NaN;
        double cpuLimitCores = Double.NaN;
        double memoryRequestBytes = Double.NaN;
        double memoryLimitBytes = Double.NaN;
        long lastSeenMillis = Long.MIN_VALUE;
        long lastUsageMillis = Long.MIN_VALUE;
    }

    public ContainerState(RightsizingSettings settings) {
        this.vpa = new ContainerHistory(settings.vpa());
        this.simple = new SimplePercentileStrategy(settings.simpleCpuPercentile(), settings.simpleMemoryBuffer());
    }

    public void apply(ContainerSignal s, RightsizingSettings settings) {
        Replica r = replicas.computeIfAbsent(s.pod(), p -> new Replica());
        long t = s.timestampMillis();
        r.lastSeenMillis = Math.max(r.lastSeenMillis, t);
        lastSignalMillis = Math.max(lastSignalMillis, t);
        Instant at = Instant.ofEpochMilli(t);
        switch (s.kind()) {
            case CPU_CORES -> {
                vpa.addCpu(at, s.value(), Double.isNaN(r.cpuRequestCores) ? 0 : r.cpuRequestCores);
                simple.addCpu(at, s.value());
                usage(r, t);
            }
            case MEMORY_BYTES -> {
                vpa.addMemory(at, s.value());
                simple.addMemory(s.value());
                usage(r, t);
            }
            case OOM_KILLS -> {
                double request = Double.isNaN(r.memoryRequestBytes) ? 0 : r.memoryRequestBytes;
                for (int i = 0; i < (int) s.value(); i++) {
                    // not the previous kill's need: an OOM loop would raise itself without bound
                    double used = Math.max(request, vpa.observedMaxMemoryBytes());
                    oomNeededBytes = Math.max(oomNeededBytes, Math.max(used + settings.vpa().oomMinBumpBytes(),
                            used * settings.vpa().oomBumpRatio()));
                    vpa.addOomKill(at, request);
                }
                oomKills += (long) s.value();
                lastOomMillis = Math.max(lastOomMillis, t);
                r.lastUsageMillis = Math.max(r.lastUsageMillis, t);
                firstUsageMillis = Math.min(firstUsageMillis, t);
                lastUsageMillis = Math.max(lastUsageMillis, t);
            }
            case CFS_PERIODS -> cfsPeriods += (long) s.value();
            case CFS_THROTTLED_PERIODS -> cfsThrottledPeriods += (long) s.value();
            case CPU_REQUEST_CORES -> r.cpuRequestCores = s.value();
            case CPU_LIMIT_CORES -> r.cpuLimitCores = s.value();
            case MEMORY_REQUEST_BYTES -> r.memoryRequestBytes = s.value();
            case MEMORY_LIMIT_BYTES -> r.memoryLimitBytes = s.value();
            case CONTAINERS_IN_POD -> containersInPod = Math.max(1, (int) s.value());
            default -> throw new IllegalStateException("unknown signal " + s.kind());
        }
    }

    private void usage(Replica r, long t) {
        usageSamples++;
        r.lastUsageMillis = Math.max(r.lastUsageMillis, t);
        firstUsageMillis = Math.min(firstUsageMillis, t);
        lastUsageMillis = Math.max(lastUsageMillis, t);
    }

    /**
     * Forgets pods not seen since {@code beforeMillis} (replaced by a rollout, scaled in, a
     * finished CronJob run) but the latest one, whose requests stay the current ones.
     */
    public void forgetReplicasBefore(long beforeMillis) {
        Replica latest = latestReplica();
        replicas.values().removeIf(r -> r != latest && r.lastSeenMillis < beforeMillis);
    }

    /** The replica that reported last: its requests and limits are the workload's current ones. */
    Replica latestReplica() {
        Replica latest = null;
        for (Replica r : replicas.values()) {
            if (latest == null || r.lastSeenMillis > latest.lastSeenMillis) {
                latest = r;
            }
        }
        return latest;
    }

    /** Pods that reported usage since {@code sinceMillis}: the replicas the money is for. */
    int replicasWithUsageSince(long sinceMillis) {
        int n = 0;
        for (Replica r : replicas.values()) {
            if (r.lastUsageMillis >= sinceMillis) {
                n++;
            }
        }
        return n;
    }

    public long lastSignalMillis() {
        return lastSignalMillis;
    }

    public long nextEmitMillis() {
        return nextEmitMillis;
    }

    public void nextEmitMillis(long millis) {
        nextEmitMillis = millis;
    }

    public long usageSamples() {
        return usageSamples;
    }
}
