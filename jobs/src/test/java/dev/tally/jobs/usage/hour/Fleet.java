package dev.tally.jobs.usage.hour;

import dev.tally.jobs.usage.decode.UsageFamilies;
import dev.tally.jobs.usage.series.HourBucket;
import dev.tally.jobs.usage.series.Labels;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Builds hour buckets of hand-written samples for the rule tests: one cluster, 30 s scrapes. */
final class Fleet {
    static final long H = Instant.parse("2026-01-06T10:00:00Z").toEpochMilli();
    static final long HOUR = 3_600_000L;
    static final String UID = "0b7c1a6e-2f0d-4c8e-9a51-3d2f1e0c9b77";
    static final String CGROUP = "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
            + UID.replace('-', '_') + ".slice";

    final Map<Long, HourBucket> buckets = new TreeMap<>();

    /** Seconds after {@code H} as epoch millis. */
    static long at(long secondsAfterH) {
        return H + secondsAfterH * 1000;
    }

    void add(Labels labels, long t, double v) {
        buckets.computeIfAbsent(Math.floorDiv(t, HOUR) * HOUR, HourBucket::new).add(labels, t, v);
    }

    /** Adds one sample every {@code step} seconds in [from, to) with the value from {@code f}. */
    void every(Labels labels, long fromSec, long toSec, long step, java.util.function.LongToDoubleFunction f) {
        for (long s = fromSec; s < toSec; s += step) {
            add(labels, at(s), f.applyAsDouble(s));
        }
    }

    HourUsage.Result hour(long hourStart) {
        return HourUsage.compute("c1", hourStart, buckets.get(hourStart - HOUR), buckets.get(hourStart),
                buckets.get(hourStart + HOUR), UsageRules.defaults());
    }

    static Labels ksm(String family, String... more) {
        String[] base = {Labels.NAME, family, "job", "kube-state-metrics", "instance", "ksm:8080",
                "namespace", "shop", "pod", "api-7d9f-abcde", "uid", UID};
        return Labels.of(concat(base, more));
    }

    static Labels cadvisor(String family, String container, String containerId, String... more) {
        String[] base = {Labels.NAME, family, "job", "kubelet", "instance", "10.0.0.4:10250", "namespace", "shop",
                "pod", "api-7d9f-abcde", "node", "aks-apps-1", "container", container,
                "id", container.isEmpty() ? CGROUP : CGROUP + "/cri-containerd-" + containerId + ".scope",
                "name", containerId};
        return Labels.of(concat(base, more));
    }

    static Labels cpu(String containerId) {
        return cadvisor(UsageFamilies.CPU_USAGE, "api", containerId, "cpu", "total");
    }

    static Labels startTime(String containerId) {
        return cadvisor(UsageFamilies.CONTAINER_START, "api", containerId);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
