package dev.tally.local.pipeline;

import dev.tally.jobs.usage.rows.NodeHourly;
import dev.tally.jobs.usage.rows.UsageHourly;
import dev.tally.jobs.usage.rows.VolumeHourly;
import dev.tally.local.fleet.truth.ContainerHour;
import dev.tally.local.fleet.truth.ContainerUsage;
import dev.tally.local.fleet.truth.GroundTruth;
import dev.tally.local.fleet.truth.NodeHour;
import dev.tally.local.fleet.truth.NodeUsage;
import dev.tally.local.fleet.truth.VolumeTruth;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares usage rows with the fleet simulator's ground truth and lists every difference.
 * Containers: every truth row of the hours compared must be there, equal in every quantity
 * (CPU to the nanosecond, requests and limits × the seconds the pod ran, working-set samples
 * and max exactly, average to 1e-12 relative, OOM kills, restarts, CFS periods), and no row
 * may be there that the truth does not have.
 */
final class UsageTruth {
    private UsageTruth() {
    }

    static List<String> containerDifferences(GroundTruth truth, Collection<UsageHourly> rows, Instant from, Instant to,
                                             long stepSeconds) {
        return containerDifferences(truth, rows, from, to, stepSeconds, true);
    }

    /** @param withCfs whether to compare CFS periods (a form without them, the Collector's, must have 0) */
    static List<String> containerDifferences(GroundTruth truth, Collection<UsageHourly> rows, Instant from, Instant to,
                                             long stepSeconds, boolean withCfs) {
        Map<ContainerHour, UsageHourly> byKey = new HashMap<>();
        for (UsageHourly r : rows) {
            if (!r.hour().isBefore(from) && r.hour().isBefore(to)) {
                byKey.put(new ContainerHour(r.cluster(), r.namespace(), r.pod(), r.podUid(), r.container(), r.hour()), r);
            }
        }
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<ContainerHour, ContainerUsage> e : truth.containers().entrySet()) {
            ContainerHour k = e.getKey();
            if (k.hour().isBefore(from) || !k.hour().isBefore(to)) {
                continue;
            }
            ContainerUsage t = e.getValue();
            UsageHourly r = byKey.remove(k);
            if (r == null) {
                diffs.add("missing " + k + " " + t);
                continue;
            }
            BigDecimal running = BigDecimal.valueOf(t.podRunningSamples() * stepSeconds);
            check(diffs, k, "workload", t.workloadKind() + "/" + t.workloadName(), r.workloadKind() + "/" + r.workloadName());
            check(diffs, k, "node", t.node(), r.node());
            check(diffs, k, "cpu usage nanos", t.cpuUsageNanos(), r.cpuUsageNanos());
            checkDecimal(diffs, k, "pod running seconds", running, r.podRunningSeconds());
            checkDecimal(diffs, k, "cpu request core-seconds",
                    BigDecimal.valueOf(t.cpuRequestMillis(), 3).multiply(running), r.cpuRequestCoreSeconds());
            checkDecimal(diffs, k, "cpu limit core-seconds",
                    BigDecimal.valueOf(t.cpuLimitMillis(), 3).multiply(running), r.cpuLimitCoreSeconds());
            checkDecimal(diffs, k, "memory request byte-seconds",
                    BigDecimal.valueOf(t.memoryRequestBytes()).multiply(running), r.memoryRequestByteSeconds());
            checkDecimal(diffs, k, "memory limit byte-seconds",
                    BigDecimal.valueOf(t.memoryLimitBytes()).multiply(running), r.memoryLimitByteSeconds());
            check(diffs, k, "memory samples", t.runningSamples(), r.memorySamples());
            check(diffs, k, "memory max", (double) t.memoryWorkingSetMaxBytes(), r.memoryWorkingSetMaxBytes());
            double avg = t.runningSamples() == 0 ? 0 : (double) t.memoryWorkingSetSumBytes() / t.runningSamples();
            if (Math.abs(avg - r.memoryWorkingSetAvgBytes()) > 1e-12 * Math.max(1, Math.abs(avg))) {
                diffs.add(k + " memory avg: truth " + avg + ", row " + r.memoryWorkingSetAvgBytes());
            }
            check(diffs, k, "oom kills", t.oomKills(), r.oomKills());
            check(diffs, k, "restarts", t.restarts(), r.restarts());
            check(diffs, k, "cfs periods", withCfs ? t.cfsPeriods() : 0, r.cpuCfsPeriods());
            check(diffs, k, "cfs throttled periods", withCfs ? t.cfsThrottledPeriods() : 0, r.cpuCfsThrottledPeriods());
        }
        byKey.forEach((k, r) -> diffs.add("extra row " + k + " " + r));
        return diffs;
    }

    /**
     * Nodes: every truth node-hour is there with its pool, VM size and scale set (resource ids
     * compared case-insensitively, as Azure does), present no longer than its VM existed plus one
     * scrape interval (a last scrape holds until the next one; the VM may go seconds after it) and
     * at most 10 minutes shorter (the VM is billed from creation, before Kubernetes sees the node).
     */
    static List<String> nodeDifferences(GroundTruth truth, Collection<NodeHourly> rows, Instant from, Instant to,
                                        long stepSeconds) {
        return nodeDifferences(truth, rows, from, to, stepSeconds, true);
    }

    /** @param withVmss whether to compare the scale set (a form without the providerID, the Collector's, must have none) */
    static List<String> nodeDifferences(GroundTruth truth, Collection<NodeHourly> rows, Instant from, Instant to,
                                        long stepSeconds, boolean withVmss) {
        Map<NodeHour, NodeHourly> byKey = new HashMap<>();
        for (NodeHourly r : rows) {
            if (!r.hour().isBefore(from) && r.hour().isBefore(to)) {
                byKey.put(new NodeHour(r.cluster(), r.node(), r.hour()), r);
            }
        }
        List<String> diffs = new ArrayList<>();
        for (Map.Entry<NodeHour, NodeUsage> e : truth.nodes().entrySet()) {
            NodeHour k = e.getKey();
            if (k.hour().isBefore(from) || !k.hour().isBefore(to)) {
                continue;
            }
            NodeUsage t = e.getValue();
            NodeHourly r = byKey.remove(k);
            if (r == null) {
                if (t.existedSeconds() > 300) {
                    diffs.add("missing node " + k + " " + t);
                }
                continue;
            }
            check(diffs, k, "pool", t.pool(), r.nodePool());
            check(diffs, k, "vm size", t.vmSize().armSkuName(), r.vmSize());
            check(diffs, k, "vmss", withVmss ? t.vmssResourceId().toLowerCase(Locale.ROOT) : "",
                    r.vmssResourceId().toLowerCase(Locale.ROOT));
            if (r.secondsPresent().compareTo(BigDecimal.valueOf(t.existedSeconds() + stepSeconds)) > 0
                    || r.secondsPresent().compareTo(BigDecimal.valueOf(t.existedSeconds() - 600)) < 0) {
                diffs.add(k + " seconds present " + r.secondsPresent() + " vs VM existed " + t.existedSeconds());
            }
        }
        byKey.forEach((k, r) -> diffs.add("extra node row " + k + " " + r));
        return diffs;
    }

    /** Volumes: the set of claim → volume → disk (with storage class and size) equals the truth's. */
    static List<String> volumeDifferences(GroundTruth truth, Collection<VolumeHourly> rows) {
        Set<String> expected = new TreeSet<>();
        for (VolumeTruth v : truth.volumes()) {
            expected.add(String.join(" ", v.cluster(), v.namespace(), v.claim(), v.volume(), v.storageClass(),
                    v.diskResourceId(), Long.toString(v.sizeBytes())));
        }
        Set<String> actual = new TreeSet<>();
        for (VolumeHourly v : rows) {
            actual.add(String.join(" ", v.cluster(), v.namespace(), v.claim(), v.volume(), v.storageClass(),
                    v.diskResourceId(), Long.toString((long) v.requestedBytes())));
        }
        List<String> diffs = new ArrayList<>();
        for (String e : expected) {
            if (!actual.contains(e)) {
                diffs.add("missing volume " + e);
            }
        }
        for (String a : actual) {
            if (!expected.contains(a)) {
                diffs.add("extra volume " + a);
            }
        }
        return diffs;
    }

    /** What a comparison covered: rows, pods (uids), OOM kills, restarts, counter runs started, core-seconds. */
    static String coverage(GroundTruth truth, Instant from, Instant to) {
        long rows = 0;
        long oom = 0;
        long restarts = 0;
        long nanos = 0;
        long throttled = 0;
        Set<String> pods = new TreeSet<>();
        for (Map.Entry<ContainerHour, ContainerUsage> e : truth.containers().entrySet()) {
            if (e.getKey().hour().isBefore(from) || !e.getKey().hour().isBefore(to)) {
                continue;
            }
            rows++;
            pods.add(e.getKey().podUid());
            oom += e.getValue().oomKills();
            restarts += e.getValue().restarts();
            nanos += e.getValue().cpuUsageNanos();
            throttled += e.getValue().cfsThrottledPeriods();
        }
        return rows + " container-hours of " + pods.size() + " pods, " + oom + " OOM kills, " + restarts + " restarts, "
                + throttled + " throttled periods, " + BigDecimal.valueOf(nanos, 9).toPlainString() + " core-seconds";
    }

    static long oomKills(GroundTruth truth) {
        return truth.containers().values().stream().mapToLong(ContainerUsage::oomKills).sum();
    }

    private static void check(List<String> diffs, Object key, String what, Object truth, Object row) {
        if (!truth.equals(row)) {
            diffs.add(key + " " + what + ": truth " + truth + ", row " + row);
        }
    }

    private static void checkDecimal(List<String> diffs, Object key, String what, BigDecimal truth, BigDecimal row) {
        if (truth.compareTo(row) != 0) {
            diffs.add(key + " " + what + ": truth " + truth.toPlainString() + ", row " + row.toPlainString());
        }
    }
}
