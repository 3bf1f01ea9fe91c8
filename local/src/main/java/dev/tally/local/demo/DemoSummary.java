package dev.tally.local.demo;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the demo shows at the end: per cluster, the hours and samples ClickHouse holds next to
 * the simulator's ground truth, and whether every cluster-hour matches exactly.
 *
 * @param inClickHouse  samples per cluster and hour, as read back from ClickHouse
 * @param groundTruth   samples per cluster and hour, as the simulator emitted them
 */
public record DemoSummary(Map<String, Map<Instant, Long>> inClickHouse, Map<String, Map<Instant, Long>> groundTruth,
                          long kafkaRecords, long kafkaBytes, double seconds) {

    public boolean matches() {
        return mismatches().isEmpty();
    }

    /** Every cluster-hour where ClickHouse and the ground truth differ, as "cluster hour: got vs want". */
    public List<String> mismatches() {
        TreeSet<String> clusters = new TreeSet<>(inClickHouse.keySet());
        clusters.addAll(groundTruth.keySet());
        List<String> out = new java.util.ArrayList<>();
        for (String cluster : clusters) {
            Map<Instant, Long> got = inClickHouse.getOrDefault(cluster, Map.of());
            Map<Instant, Long> want = groundTruth.getOrDefault(cluster, Map.of());
            TreeSet<Instant> hours = new TreeSet<>(got.keySet());
            hours.addAll(want.keySet());
            for (Instant hour : hours) {
                if (!Objects.equals(got.get(hour), want.get(hour))) {
                    out.add(cluster + " " + hour + ": ClickHouse " + got.get(hour) + " vs simulator " + want.get(hour));
                }
            }
        }
        return out;
    }

    public void print(PrintStream out) {
        out.println();
        out.println("Samples received per cluster (ingest_samples_hourly vs the simulator's ground truth)");
        out.printf("  %-16s %6s %16s %16s  %s%n", "cluster", "hours", "ClickHouse", "simulator", "");
        long totalGot = 0;
        long totalWant = 0;
        TreeMap<String, Map<Instant, Long>> sorted = new TreeMap<>(groundTruth);
        inClickHouse.keySet().forEach(c -> sorted.putIfAbsent(c, Map.of()));
        for (String cluster : sorted.keySet()) {
            long got = sum(inClickHouse.getOrDefault(cluster, Map.of()));
            long want = sum(groundTruth.getOrDefault(cluster, Map.of()));
            int hours = Math.max(inClickHouse.getOrDefault(cluster, Map.of()).size(), groundTruth.getOrDefault(cluster, Map.of()).size());
            out.printf("  %-16s %6d %,16d %,16d  %s%n", cluster, hours, got, want, got == want ? "equal" : "DIFFERENT");
            totalGot += got;
            totalWant += want;
        }
        out.printf("  %-16s %6s %,16d %,16d%n", "total", "", totalGot, totalWant);
        out.printf("  %,d Kafka records (%,.1f MB) in %.1f s%n", kafkaRecords, kafkaBytes / 1e6, seconds);
        if (matches()) {
            int cells = groundTruth.values().stream().mapToInt(Map::size).sum();
            out.println("Every one of " + cells + " cluster-hours equals the ground truth exactly.");
        } else {
            out.println(mismatches().size() + " cluster-hours differ from the ground truth, e.g.:");
            mismatches().stream().limit(5).forEach(m -> out.println("  " + m));
        }
    }

    private static long sum(Map<Instant, Long> byHour) {
        return byHour.values().stream().mapToLong(Long::longValue).sum();
    }
}
