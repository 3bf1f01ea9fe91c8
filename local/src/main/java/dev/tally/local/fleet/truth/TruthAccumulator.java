package dev.tally.local.fleet.truth;

import dev.tally.local.fleet.model.ContainerSpec;
import dev.tally.local.fleet.render.Family;
import dev.tally.local.fleet.sim.Clock;
import dev.tally.local.fleet.sim.ClusterRun;
import dev.tally.local.fleet.sim.ContainerPlan;
import dev.tally.local.fleet.sim.ContainerStepper;
import dev.tally.local.fleet.sim.LogModel;
import dev.tally.local.fleet.sim.NodePlan;
import dev.tally.local.fleet.sim.PodPlan;
import dev.tally.local.fleet.sim.PodState;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Accumulates one cluster's ground truth while its model is stepped: instant quantities at each
 * tick, interval quantities after each step, node lifetimes at the end. Reads model state only.
 */
public final class TruthAccumulator implements ClusterRun.Observer {

    private final String cluster;
    private final GroundTruth.Builder out;
    private final long[] perFamily = new long[Family.values().length];
    private final Map<Long, Instant> hours = new HashMap<>();

    public TruthAccumulator(String cluster, GroundTruth.Builder out) {
        this.cluster = cluster;
        this.out = out;
    }

    private Instant hourOf(long t) {
        return hours.computeIfAbsent(Clock.floorHour(t), Instant::ofEpochSecond);
    }

    @Override
    public void atTick(long t, ClusterRun run) {
        Arrays.fill(perFamily, 0);
        SampleCensus.count(run, t, perFamily);
        out.addSamples(new ClusterHour(cluster, hourOf(t)), perFamily);
        Instant hour = hourOf(t);
        for (PodState p : run.pods()) {
            PodPlan pod = p.plan();
            if (!pod.visibleAt(t)) {
                continue;
            }
            boolean podRunning = pod.phaseAt(t) == PodPlan.Phase.RUNNING;
            for (ContainerStepper c : p.containers()) {
                GroundTruth.MutableUsage u = usage(pod, c.plan(), hour);
                WorkloadUsage.Builder w = workloadUsage(pod, c.plan());
                w.seen(t);
                if (podRunning) {
                    u.podRunningSamples++;
                }
                if (c.running()) {
                    u.runningSamples++;
                    u.memorySum += c.workingSetBytes();
                    u.memoryMax = Math.max(u.memoryMax, c.workingSetBytes());
                    w.workingSet(c.workingSetBytes());
                }
            }
        }
    }

    @Override
    public void afterInterval(long t, ClusterRun run) {
        Instant hour = hourOf(t);
        for (PodState p : run.pods()) {
            PodPlan pod = p.plan();
            for (ContainerStepper c : p.containers()) {
                boolean active = c.segmentSeconds() > 0 || c.intervalOomKills() > 0 || c.intervalRestarts() > 0;
                if (!active) {
                    continue;
                }
                GroundTruth.MutableUsage u = usage(pod, c.plan(), hour);
                u.cpuNanos += c.intervalCpuNanos();
                u.cfsPeriods += c.intervalCfsPeriods();
                u.cfsThrottled += c.intervalCfsThrottledPeriods();
                u.oomKills += c.intervalOomKills();
                u.restarts += c.intervalRestarts();
                WorkloadUsage.Builder w = workloadUsage(pod, c.plan());
                if (c.segmentSeconds() > 0) {
                    w.cpu(c.intervalCpuNanos() / 1e9 / c.segmentSeconds());
                }
                w.oomKills(c.intervalOomKills());
                int records = LogModel.records(c.plan(), t, c.segmentSeconds());
                if (records > 0) {
                    long bytes = 0;
                    for (int i = 0; i < records; i++) {
                        bytes += LogModel.bodyBytes(c.plan(), t, i);
                    }
                    out.addLogs(new WorkloadHour(cluster, pod.namespaceName(), pod.workload().kind(),
                            pod.workload().name(), hour), records, bytes);
                }
            }
        }
    }

    /** Billing-time truth: seconds each node's VM existed in each hour of {@code [from, to)}. */
    public void finish(ClusterRun run, long from, long to) {
        for (NodePlan n : run.nodePlans()) {
            long start = Math.max(n.created(), from);
            long end = Math.min(n.deleted(), to);
            for (long h = Clock.floorHour(start); h < end; h += Clock.HOUR) {
                long seconds = Math.min(end, h + Clock.HOUR) - Math.max(start, h);
                if (seconds > 0) {
                    out.addNode(new NodeHour(cluster, n.name(), hourOf(h)),
                            new NodeUsage(n.pool().name(), n.vmSize(), n.vmssResourceId(), n.instanceId(), seconds));
                }
            }
        }
    }

    private WorkloadUsage.Builder workloadUsage(PodPlan pod, ContainerPlan c) {
        ContainerSpec spec = c.spec();
        return out.workloadUsage(new WorkloadContainer(cluster, pod.namespaceName(), pod.workload().kind(),
                pod.workload().name(), c.name()), spec.effectiveRequests().cpuMillis(), spec.effectiveRequests().memoryBytes());
    }

    private GroundTruth.MutableUsage usage(PodPlan pod, ContainerPlan c, Instant hour) {
        ContainerHour key = new ContainerHour(cluster, pod.namespaceName(), pod.name(), pod.uid(), c.name(), hour);
        return out.usage(key, () -> {
            ContainerSpec spec = c.spec();
            return new GroundTruth.MutableUsage(pod.workload().kind(), pod.workload().name(), pod.node().name(),
                    spec.effectiveRequests().cpuMillis(), spec.limits().cpuMillis(),
                    spec.effectiveRequests().memoryBytes(), spec.limits().memoryBytes());
        });
    }
}
