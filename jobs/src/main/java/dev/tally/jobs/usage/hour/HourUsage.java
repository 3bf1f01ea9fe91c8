package dev.tally.jobs.usage.hour;

import dev.tally.jobs.usage.counters.CounterIncrease;
import dev.tally.jobs.usage.decode.UsageFamilies;
import dev.tally.jobs.usage.ownership.Ownership;
import dev.tally.jobs.usage.rows.NodeHourly;
import dev.tally.jobs.usage.rows.UsageHourly;
import dev.tally.jobs.usage.rows.VolumeHourly;
import dev.tally.jobs.usage.series.HourBucket;
import dev.tally.jobs.usage.series.Labels;
import dev.tally.jobs.usage.series.SeriesSamples;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cluster's usage in one UTC hour, from the samples of that hour and its neighbours. Plain
 * Java, no Flink: every rule is here and unit-tested. See {@code jobs/README.md} for the rules.
 *
 * <p>Time semantics (those of the fleet simulator's ground truth): the interval between two
 * consecutive samples {@code [a, b)} of a series belongs to the hour of {@code a}; an instant
 * sample at {@code t} holds until the same target's next scrape (at most {@code maxHold}) and
 * belongs to the hour of {@code t}.
 */
public final class HourUsage {
    private static final long HOUR = 3_600_000L;
    private static final Pattern POD_UID_IN_CGROUP = Pattern.compile(
            "pod([0-9a-fA-F]{8}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{4}[-_][0-9a-fA-F]{12})");

    private static final java.util.Set<String> CPU_LABEL = java.util.Set.of("cpu");

    public record Result(List<UsageHourly> usage, List<NodeHourly> nodes, List<VolumeHourly> volumes, long version) {
    }

    private final String cluster;
    private final long hour;
    private final UsageRules rules;
    private final Map<Labels, Merged> series = new HashMap<>();
    private final Map<String, long[]> targetInstants = new HashMap<>();
    private long usedLater;
    /**
     * What of the neighbouring hours the computation used, as a number that grows with every late
     * sample that can change the hour: over the series, milliseconds from their first sample of H+1
     * to the end of H+1, and from the start of H-1 to their last sample there. Part of the version,
     * so that the hour recomputed with such a sample replaces the rows computed without it.
     */
    private long neighboursWeight;

    private HourUsage(String cluster, long hour, UsageRules rules) {
        this.cluster = cluster;
        this.hour = hour;
        this.rules = rules;
    }

    /**
     * @param previous the hour before (may be null: not kept, or nothing came)
     * @param current  the hour computed
     * @param next     the hour after (may be null); its samples close the hour's last intervals
     */
    public static Result compute(String cluster, long hourStartMillis, HourBucket previous, HourBucket current,
                                 HourBucket next, UsageRules rules) {
        HourUsage h = new HourUsage(cluster, hourStartMillis, rules);
        h.merge(previous, current, next);
        return h.run(current == null ? 0 : current.samples());
    }

    // ------------------------------------------------------------------ merged view of three hours

    /** One series' samples over the three hours, with the range that lies in the computed hour. */
    static final class Merged {
        final Labels labels;
        long[] ts = new long[0];
        double[] vs = new double[0];
        int curFrom = -1;
        int curTo = -1;

        Merged(Labels labels) {
            this.labels = labels;
        }

        void append(SeriesSamples s, boolean current) {
            int at = ts.length;
            ts = Arrays.copyOf(ts, at + s.size());
            vs = Arrays.copyOf(vs, at + s.size());
            for (int i = 0; i < s.size(); i++) {
                ts[at + i] = s.timestamp(i);
                vs[at + i] = s.value(i);
            }
            if (current) {
                curFrom = at;
                curTo = ts.length;
            } else if (curFrom < 0) {
                curFrom = ts.length;
                curTo = ts.length;
            }
        }

        boolean hasCurrent() {
            return curTo > curFrom;
        }

        int floor(long t) {
            int found = Arrays.binarySearch(ts, t);
            return found >= 0 ? found : -found - 2;
        }

        /** Value at or before {@code t}, or NaN. */
        double at(long t) {
            int i = floor(t);
            return i < 0 ? Double.NaN : vs[i];
        }

        double latestInCurrentOrAny() {
            return hasCurrent() ? vs[curTo - 1] : vs[vs.length - 1];
        }
    }

    private void merge(HourBucket previous, HourBucket current, HourBucket next) {
        HourBucket[] buckets = {previous, current, next};
        for (int b = 0; b < 3; b++) {
            if (buckets[b] == null) {
                continue;
            }
            for (SeriesSamples s : buckets[b].series()) {
                if (s.size() > 0) {
                    series.computeIfAbsent(s.labels(), Merged::new).append(s, b == 1);
                    if (b == 2) {
                        // the series' first sample of H+1 closes its last interval of H: one that
                        // arrives late, earlier than the one used, changes the hour, and this grows
                        neighboursWeight += hour + 2 * HOUR - s.firstTimestamp();
                    } else if (b == 0) {
                        // its last sample of H-1 is its value when H starts (a request, a run's start):
                        // one that arrives late, later than the one used, grows this
                        neighboursWeight += s.lastTimestamp() - (hour - HOUR);
                    }
                }
            }
        }
        for (Merged m : series.values()) {
            if (m.curFrom < 0) {
                m.curFrom = m.ts.length;
                m.curTo = m.ts.length;
            }
        }
        // a target's series are mostly scraped at the same instants: merge each series' sorted
        // instants into its target's sorted union, which is usually a plain comparison
        for (Merged m : series.values()) {
            targetInstants.merge(target(m.labels), m.ts, HourUsage::sortedUnion);
        }
    }

    /** The sorted union of two sorted arrays without duplicates. */
    static long[] sortedUnion(long[] a, long[] b) {
        if (Arrays.equals(a, b)) {
            return a;
        }
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.length || j < b.length) {
            long next;
            if (j >= b.length || (i < a.length && a[i] < b[j])) {
                next = a[i++];
            } else if (i >= a.length || b[j] < a[i]) {
                next = b[j++];
            } else {
                next = a[i++];
                j++;
            }
            out[k++] = next;
        }
        return k == out.length ? out : Arrays.copyOf(out, k);
    }

    private static String target(Labels l) {
        return l.get("job") + "\u0000" + l.get("instance");
    }

    private boolean inHour(long t) {
        return t >= hour && t < hour + HOUR;
    }

    /** How long an instant sample of this series at {@code t} holds, in milliseconds. */
    long holdMillis(Labels labels, long t) {
        long[] instants = targetInstants.get(target(labels));
        int found = Arrays.binarySearch(instants, t);
        int next = found >= 0 ? found + 1 : -found - 1;
        if (next >= instants.length) {
            return rules.lastHold().toMillis();
        }
        return Math.min(instants[next] - t, rules.maxHold().toMillis());
    }

    // ------------------------------------------------------------------ the rules

    private static final class Row {
        String namespace;
        String pod;
        String uid;
        String container;
        String nodeHint = "";
        BigDecimal cpuRequest = BigDecimal.ZERO;
        BigDecimal cpuLimit = BigDecimal.ZERO;
        BigDecimal memoryRequest = BigDecimal.ZERO;
        BigDecimal memoryLimit = BigDecimal.ZERO;
        long cpuNanos;
        long cfsPeriods;
        long cfsThrottled;
        double wsSum;
        double wsMax;
        long wsCount;
        long oomKills;
        long restarts;
        long samples;
    }

    private final Map<String, Row> rows = new TreeMap<>();
    private final Map<String, List<Merged>> byFamily = new HashMap<>();

    private Row row(String namespace, String pod, String uid, String container) {
        return rows.computeIfAbsent(namespace + "|" + pod + "|" + uid + "|" + container, k -> {
            Row r = new Row();
            r.namespace = namespace;
            r.pod = pod;
            r.uid = uid;
            r.container = container;
            return r;
        });
    }

    private List<Merged> family(String name) {
        return byFamily.getOrDefault(name, List.of());
    }

    private Result run(long currentSamples) {
        for (Merged m : series.values()) {
            byFamily.computeIfAbsent(m.labels.metricName(), k -> new ArrayList<>()).add(m);
        }
        PodIndex pods = new PodIndex();
        requestsAndLimits(pods);
        restartsAndOomKills(pods);
        cadvisor(pods);
        List<UsageHourly> usage = usageRows(pods);
        long version = currentSamples + usedLater + neighboursWeight;
        List<UsageHourly> versioned = new ArrayList<>(usage.size());
        for (UsageHourly u : usage) {
            versioned.add(new UsageHourly(u.hour(), u.cluster(), u.namespace(), u.pod(), u.podUid(), u.container(),
                    u.node(), u.workloadKind(), u.workloadName(), u.cpuRequestCoreSeconds(), u.cpuLimitCoreSeconds(),
                    u.memoryRequestByteSeconds(), u.memoryLimitByteSeconds(), u.podRunningSeconds(), u.cpuUsageNanos(),
                    u.cpuCfsPeriods(), u.cpuCfsThrottledPeriods(), u.memoryWorkingSetAvgBytes(),
                    u.memoryWorkingSetMaxBytes(), u.memorySamples(), u.oomKills(), u.restarts(), u.samples(),
                    version));
        }
        return new Result(versioned, nodes(version), volumes(version), version);
    }

    /** Pods by namespace|pod|uid: phase, start, node, owner; and uids by namespace|pod. */
    private final class PodIndex {
        final Map<String, Merged> running = new HashMap<>();
        final Map<String, List<Merged>> finished = new HashMap<>();
        final Map<String, Merged> start = new HashMap<>();
        final Map<String, Merged> info = new HashMap<>();
        final Map<String, Merged> owner = new HashMap<>();
        final Map<String, String> uidByName = new HashMap<>();
        final Map<String, Ownership.Owner> replicaSets = new HashMap<>();
        final Map<String, Ownership.Owner> jobs = new HashMap<>();

        PodIndex() {
            for (Merged m : family(UsageFamilies.POD_PHASE)) {
                String phase = m.labels.get("phase");
                if (phase.equals("Running")) {
                    running.put(podKey(m.labels), m);
                } else if (phase.equals("Succeeded") || phase.equals("Failed")) {
                    finished.computeIfAbsent(podKey(m.labels), k -> new ArrayList<>()).add(m);
                }
            }
            for (Merged m : family(UsageFamilies.POD_START)) {
                start.put(podKey(m.labels), m);
            }
            for (Merged m : family(UsageFamilies.POD_INFO)) {
                putLatest(info, podKey(m.labels), m);
                uidByName.put(m.labels.get("namespace") + "|" + m.labels.get("pod"), m.labels.get("uid"));
            }
            for (Merged m : family(UsageFamilies.POD_OWNER)) {
                if ("true".equals(m.labels.get("owner_is_controller")) || m.labels.get("owner_is_controller").isEmpty()) {
                    putLatest(owner, podKey(m.labels), m);
                }
            }
            for (Merged m : family(UsageFamilies.REPLICASET_OWNER)) {
                replicaSets.put(m.labels.get("namespace") + "|" + m.labels.get("replicaset"),
                        new Ownership.Owner(m.labels.get("owner_kind"), m.labels.get("owner_name")));
            }
            for (Merged m : family(UsageFamilies.JOB_OWNER)) {
                jobs.put(m.labels.get("namespace") + "|" + m.labels.get("job_name"),
                        new Ownership.Owner(m.labels.get("owner_kind"), m.labels.get("owner_name")));
            }
        }

        boolean runningAt(String podKey, long t) {
            Merged m = running.get(podKey);
            if (m == null) {
                return false;
            }
            int i = m.floor(t);
            return i >= 0 && m.vs[i] == 1 && t - m.ts[i] < rules.maxHold().toMillis();
        }

        boolean finishedAt(String podKey, long t) {
            for (Merged m : finished.getOrDefault(podKey, List.of())) {
                int i = m.floor(t);
                if (i >= 0 && m.vs[i] == 1 && t - m.ts[i] < rules.maxHold().toMillis()) {
                    return true;
                }
            }
            return false;
        }
    }

    private static void putLatest(Map<String, Merged> map, String key, Merged m) {
        Merged old = map.get(key);
        if (old == null || old.ts[old.ts.length - 1] < m.ts[m.ts.length - 1]) {
            map.put(key, m);
        }
    }

    private static String podKey(Labels l) {
        return l.get("namespace") + "|" + l.get("pod") + "|" + l.get("uid");
    }

    /** Requests and limits are held at every instant the pod is Running, until the next scrape. */
    private void requestsAndLimits(PodIndex pods) {
        boolean[] isLimit = {false, true};
        String[] families = {UsageFamilies.REQUESTS, UsageFamilies.LIMITS};
        for (int f = 0; f < 2; f++) {
            for (Merged m : family(families[f])) {
                String resource = m.labels.get("resource");
                if (!resource.equals("cpu") && !resource.equals("memory")) {
                    continue;
                }
                if (!m.hasCurrent()) {
                    continue;
                }
                Row r = row(m.labels.get("namespace"), m.labels.get("pod"), m.labels.get("uid"), m.labels.get("container"));
                if (r.nodeHint.isEmpty()) {
                    r.nodeHint = m.labels.get("node");
                }
                r.samples += m.curTo - m.curFrom;
                String podKey = podKey(m.labels);
                BigDecimal total = BigDecimal.ZERO;
                for (int i = m.curFrom; i < m.curTo; i++) {
                    long t = m.ts[i];
                    if (pods.runningAt(podKey, t)) {
                        total = total.add(BigDecimal.valueOf(m.vs[i]).multiply(BigDecimal.valueOf(holdMillis(m.labels, t), 3)));
                    }
                }
                if (resource.equals("cpu")) {
                    if (isLimit[f]) {
                        r.cpuLimit = r.cpuLimit.add(total);
                    } else {
                        r.cpuRequest = r.cpuRequest.add(total);
                    }
                } else if (isLimit[f]) {
                    r.memoryLimit = r.memoryLimit.add(total);
                } else {
                    r.memoryRequest = r.memoryRequest.add(total);
                }
            }
        }
    }

    /**
     * Restarts: increases of {@code kube_pod_container_status_restarts_total} between consecutive
     * samples. OOM kills in the same interval: every kill stops a run and every restart starts one,
     * so kills = restarts + running(a) − running(b) + (first start in between) − (pod finished),
     * counted when the last termination reason is OOMKilled.
     */
    private void restartsAndOomKills(PodIndex pods) {
        Map<String, Merged> runningByContainer = new HashMap<>();
        for (Merged m : family(UsageFamilies.RUNNING)) {
            putLatest(runningByContainer, containerKey(m.labels), m);
        }
        Map<String, List<Merged>> infoByContainer = new HashMap<>();
        for (Merged m : family(UsageFamilies.CONTAINER_INFO)) {
            infoByContainer.computeIfAbsent(containerKey(m.labels), k -> new ArrayList<>()).add(m);
        }
        Map<String, Merged> oomReason = new HashMap<>();
        for (Merged m : family(UsageFamilies.LAST_TERMINATED)) {
            if ("OOMKilled".equals(m.labels.get("reason"))) {
                oomReason.put(containerKey(m.labels), m);
            }
        }
        for (Merged m : family(UsageFamilies.RESTARTS)) {
            String key = containerKey(m.labels);
            String podKey = podKey(m.labels);
            Merged running = runningByContainer.get(key);
            List<Merged> infos = infoByContainer.getOrDefault(key, List.of());
            Merged reason = oomReason.get(key);
            Row r = new Row();
            for (int i = m.curFrom; i < m.curTo && i + 1 < m.ts.length; i++) {
                long a = m.ts[i];
                long b = m.ts[i + 1];
                if (i + 1 >= m.curTo) {
                    usedLater++;
                }
                long restarts = CounterIncrease.between(CounterIncrease.count(m.vs[i]), CounterIncrease.count(m.vs[i + 1]));
                r.restarts += restarts;
                long runA = flag(running, a);
                long runB = flag(running, b);
                long firstStart = !started(infos, a) && started(infos, b) ? 1 : 0;
                long finished = runA == 1 && pods.finishedAt(podKey, b) ? 1 : 0;
                r.oomKills += oomKills(restarts + runA - runB + firstStart - finished, reason, b);
            }
            // A new pod: what happened before its first sample, in the interval before it.
            if (m.ts.length > 0 && inHour(m.ts[0] - 1)) {
                long f = m.ts[0];
                Merged start = pods.start.get(podKey);
                double startSeconds = start == null ? Double.NaN : start.at(f);
                if (!Double.isNaN(startSeconds) && startSeconds * 1000 >= f - rules.newPodWindow().toMillis()) {
                    if (m.curFrom == m.curTo || m.curFrom > 0) {
                        usedLater++;
                    }
                    long restarts = CounterIncrease.count(m.vs[0]);
                    r.restarts += restarts;
                    long firstStart = started(infos, f) ? 1 : 0;
                    r.oomKills += oomKills(restarts - flag(running, f) + firstStart, reason, f);
                }
            }
            if (m.hasCurrent() || r.restarts > 0 || r.oomKills > 0) {
                Row row = row(m.labels.get("namespace"), m.labels.get("pod"), m.labels.get("uid"), m.labels.get("container"));
                row.samples += m.curTo - m.curFrom;
                row.restarts += r.restarts;
                row.oomKills += r.oomKills;
            }
        }
    }

    private static long oomKills(long kills, Merged reason, long b) {
        if (kills <= 0 || reason == null) {
            return 0;
        }
        int i = reason.floor(b);
        return i >= 0 && reason.vs[i] == 1 ? kills : 0;
    }

    private static long flag(Merged m, long t) {
        if (m == null) {
            return 0;
        }
        double v = m.at(t);
        return v == 1 ? 1 : 0;
    }

    /** Whether the container had started by {@code t}: its latest info series then has a container id. */
    private static boolean started(List<Merged> infos, long t) {
        Merged latest = null;
        long latestAt = Long.MIN_VALUE;
        for (Merged m : infos) {
            int i = m.floor(t);
            if (i >= 0 && m.ts[i] > latestAt) {
                latest = m;
                latestAt = m.ts[i];
            }
        }
        return latest != null && !latest.labels.get("container_id").isEmpty();
    }

    private static String containerKey(Labels l) {
        return podKey(l) + "|" + l.get("container");
    }

    /** Container-level cAdvisor series: CPU, CFS periods, working set. Pod-level series never count. */
    private void cadvisor(PodIndex pods) {
        String[] counters = {UsageFamilies.CPU_USAGE, UsageFamilies.CFS_PERIODS, UsageFamilies.CFS_THROTTLED};
        for (int c = 0; c < counters.length; c++) {
            for (Merged m : family(counters[c])) {
                if (!isContainerLevel(m.labels)) {
                    continue;
                }
                boolean cpu = c == 0;
                long total = 0;
                for (int i = m.curFrom; i < m.curTo && i + 1 < m.ts.length; i++) {
                    if (i + 1 >= m.curTo) {
                        usedLater++;
                    }
                    total += cpu
                            ? CounterIncrease.between(CounterIncrease.secondsToNanos(m.vs[i]), CounterIncrease.secondsToNanos(m.vs[i + 1]))
                            : CounterIncrease.between(CounterIncrease.count(m.vs[i]), CounterIncrease.count(m.vs[i + 1]));
                }
                // A run that started in this hour counts from zero: its first value is usage too.
                Merged start = series.get(m.labels.without(CPU_LABEL).withName(UsageFamilies.CONTAINER_START));
                if (start != null && m.ts.length > 0) {
                    long startMillis = Math.round(start.vs[0] * 1000);
                    if (inHour(startMillis) && m.ts[0] >= startMillis) {
                        if (m.curFrom == m.curTo || m.curFrom > 0) {
                            usedLater++;
                        }
                        total += cpu ? CounterIncrease.secondsToNanos(m.vs[0]) : CounterIncrease.count(m.vs[0]);
                    }
                }
                if (!m.hasCurrent() && total == 0) {
                    continue;
                }
                Row r = containerRow(m.labels, pods);
                r.samples += m.curTo - m.curFrom;
                switch (c) {
                    case 0 -> r.cpuNanos += total;
                    case 1 -> r.cfsPeriods += total;
                    default -> r.cfsThrottled += total;
                }
            }
        }
        for (Merged m : family(UsageFamilies.WORKING_SET)) {
            if (!m.hasCurrent()) {
                continue;
            }
            Row r = containerRow(m.labels, pods);
            if (r == null) {
                continue;
            }
            r.samples += m.curTo - m.curFrom;
            for (int i = m.curFrom; i < m.curTo; i++) {
                r.wsSum += m.vs[i];
                r.wsMax = r.wsCount == 0 ? m.vs[i] : Math.max(r.wsMax, m.vs[i]);
                r.wsCount++;
            }
        }
    }

    /** The row of a container-level cAdvisor series, or null for a pod-level one ({@code container} "" or POD). */
    private Row containerRow(Labels l, PodIndex pods) {
        if (!isContainerLevel(l)) {
            return null;
        }
        String container = l.get("container");
        String uid = podUidOf(l.get("id"));
        if (uid == null) {
            uid = pods.uidByName.getOrDefault(l.get("namespace") + "|" + l.get("pod"), "");
        }
        Row r = row(l.get("namespace"), l.get("pod"), uid, container);
        if (r.nodeHint.isEmpty()) {
            r.nodeHint = l.get("node");
        }
        return r;
    }

    private static boolean isContainerLevel(Labels l) {
        String container = l.get("container");
        return !container.isEmpty() && !container.equals("POD");
    }

    /** The pod uid in a cgroup path (systemd: {@code pod<uid with _>.slice}; cgroupfs: {@code pod<uid>/}). */
    public static String podUidOf(String cgroup) {
        if (cgroup == null || cgroup.isEmpty()) {
            return null;
        }
        Matcher m = POD_UID_IN_CGROUP.matcher(cgroup);
        return m.find() ? m.group(1).replace('_', '-').toLowerCase(java.util.Locale.ROOT) : null;
    }

    private List<UsageHourly> usageRows(PodIndex pods) {
        // seconds each pod was Running in the hour
        Map<String, BigDecimal> runningSeconds = new HashMap<>();
        for (Map.Entry<String, Merged> e : pods.running.entrySet()) {
            Merged m = e.getValue();
            BigDecimal total = BigDecimal.ZERO;
            for (int i = m.curFrom; i < m.curTo; i++) {
                if (m.vs[i] == 1) {
                    total = total.add(BigDecimal.valueOf(holdMillis(m.labels, m.ts[i]), 3));
                }
            }
            runningSeconds.put(e.getKey(), total);
        }
        List<UsageHourly> out = new ArrayList<>(rows.size());
        Instant hourStart = Instant.ofEpochMilli(hour);
        for (Row r : rows.values()) {
            String podKey = r.namespace + "|" + r.pod + "|" + r.uid;
            Merged info = pods.info.get(podKey);
            String node = info != null ? info.labels.get("node") : r.nodeHint;
            Merged ownerSeries = pods.owner.get(podKey);
            Ownership.Owner podOwner = ownerSeries == null ? null
                    : new Ownership.Owner(ownerSeries.labels.get("owner_kind"), ownerSeries.labels.get("owner_name"));
            Ownership.Owner workload = Ownership.workload(r.pod, podOwner,
                    rs -> pods.replicaSets.get(r.namespace + "|" + rs), job -> pods.jobs.get(r.namespace + "|" + job));
            out.add(new UsageHourly(hourStart, cluster, r.namespace, r.pod, r.uid, r.container, node,
                    workload.kind(), workload.name(), r.cpuRequest, r.cpuLimit, r.memoryRequest, r.memoryLimit,
                    runningSeconds.getOrDefault(podKey, BigDecimal.ZERO), r.cpuNanos, r.cfsPeriods, r.cfsThrottled,
                    r.wsCount == 0 ? 0 : r.wsSum / r.wsCount, r.wsMax, r.wsCount, r.oomKills, r.restarts,
                    r.samples, 0));
        }
        return out;
    }

    private List<NodeHourly> nodes(long version) {
        Map<String, Merged> labels = new HashMap<>();
        for (Merged m : family(UsageFamilies.NODE_LABELS)) {
            putLatest(labels, m.labels.get("node"), m);
        }
        Map<String, Merged> resources = new HashMap<>();
        for (String f : List.of(UsageFamilies.NODE_CAPACITY, UsageFamilies.NODE_ALLOCATABLE)) {
            for (Merged m : family(f)) {
                resources.put(f + "|" + m.labels.get("node") + "|" + m.labels.get("resource"), m);
            }
        }
        Map<String, Merged> infos = new TreeMap<>();
        for (Merged m : family(UsageFamilies.NODE_INFO)) {
            if (m.hasCurrent()) {
                putLatest(infos, m.labels.get("node"), m);
            }
        }
        List<NodeHourly> out = new ArrayList<>();
        for (Merged info : infos.values()) {
            String node = info.labels.get("node");
            long millis = 0;
            for (Merged m : family(UsageFamilies.NODE_INFO)) {
                if (m.labels.get("node").equals(node)) {
                    for (int i = m.curFrom; i < m.curTo; i++) {
                        millis += holdMillis(m.labels, m.ts[i]);
                    }
                }
            }
            Merged l = labels.get(node);
            String pool = l == null ? "" : firstNonEmpty(l.labels.get("label_kubernetes_azure_com_agentpool"),
                    l.labels.get("label_agentpool"));
            String vmSize = l == null ? "" : firstNonEmpty(l.labels.get("label_node_kubernetes_io_instance_type"),
                    l.labels.get("label_beta_kubernetes_io_instance_type"));
            String providerId = info.labels.get("provider_id");
            out.add(new NodeHourly(Instant.ofEpochMilli(hour), cluster, node, pool, vmSize, vmssResourceId(providerId),
                    providerId,
                    latest(resources.get(UsageFamilies.NODE_CAPACITY + "|" + node + "|cpu")),
                    latest(resources.get(UsageFamilies.NODE_CAPACITY + "|" + node + "|memory")),
                    latest(resources.get(UsageFamilies.NODE_ALLOCATABLE + "|" + node + "|cpu")),
                    latest(resources.get(UsageFamilies.NODE_ALLOCATABLE + "|" + node + "|memory")),
                    BigDecimal.valueOf(millis, 3), version));
        }
        return out;
    }

    /**
     * The scale set's resource id from an AKS node's providerID
     * ({@code azure:///subscriptions/…/virtualMachineScaleSets/<vmss>/virtualMachines/<n>}); "" otherwise.
     */
    public static String vmssResourceId(String providerId) {
        if (providerId == null) {
            return "";
        }
        String id = providerId.startsWith("azure://") ? providerId.substring("azure://".length()) : providerId;
        int vms = id.toLowerCase(java.util.Locale.ROOT).indexOf("/virtualmachines/");
        if (!id.toLowerCase(java.util.Locale.ROOT).contains("/virtualmachinescalesets/") || vms < 0) {
            return "";
        }
        return id.substring(0, vms);
    }

    private List<VolumeHourly> volumes(long version) {
        Map<String, Merged> pvs = new HashMap<>();
        for (Merged m : family(UsageFamilies.PV_INFO)) {
            putLatest(pvs, m.labels.get("persistentvolume"), m);
        }
        Map<String, Merged> pvCapacity = new HashMap<>();
        for (Merged m : family(UsageFamilies.PV_CAPACITY)) {
            pvCapacity.put(m.labels.get("persistentvolume"), m);
        }
        Map<String, Merged> requests = new HashMap<>();
        for (Merged m : family(UsageFamilies.PVC_REQUEST)) {
            requests.put(m.labels.get("namespace") + "|" + m.labels.get("persistentvolumeclaim"), m);
        }
        Map<String, List<Merged>> claims = new TreeMap<>();
        for (Merged m : family(UsageFamilies.PVC_INFO)) {
            if (m.hasCurrent()) {
                claims.computeIfAbsent(m.labels.get("namespace") + "|" + m.labels.get("persistentvolumeclaim"),
                        k -> new ArrayList<>()).add(m);
            }
        }
        List<VolumeHourly> out = new ArrayList<>();
        claims.forEach((key, list) -> {
            Merged latest = list.get(0);
            long millis = 0;
            for (Merged m : list) {
                if (m.ts[m.curTo - 1] > latest.ts[latest.curTo - 1]) {
                    latest = m;
                }
                for (int i = m.curFrom; i < m.curTo; i++) {
                    millis += holdMillis(m.labels, m.ts[i]);
                }
            }
            String volume = latest.labels.get("volumename");
            Merged pv = pvs.get(volume);
            String disk = pv == null ? "" : firstNonEmpty(pv.labels.get("csi_volume_handle"), pv.labels.get("azure_disk_uri"));
            out.add(new VolumeHourly(Instant.ofEpochMilli(hour), cluster, latest.labels.get("namespace"),
                    latest.labels.get("persistentvolumeclaim"), volume,
                    firstNonEmpty(latest.labels.get("storageclass"), pv == null ? "" : pv.labels.get("storageclass")),
                    pv == null ? "" : pv.labels.get("csi_driver"), disk,
                    latest(requests.get(key)), latest(pvCapacity.get(volume)), BigDecimal.valueOf(millis, 3), version));
        });
        return out;
    }

    private static double latest(Merged m) {
        return m == null ? 0 : m.latestInCurrentOrAny();
    }

    private static String firstNonEmpty(String a, String b) {
        return a != null && !a.isEmpty() ? a : (b == null ? "" : b);
    }
}
