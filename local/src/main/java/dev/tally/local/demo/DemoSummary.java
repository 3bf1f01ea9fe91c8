package dev.tally.local.demo;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What the demo shows at the end: for each check, per cluster, ClickHouse's number next to the
 * simulator's ground truth; and for samples, every cluster-hour compared one by one.
 *
 * @param samplesInClickHouse samples per cluster and hour, as read back from ClickHouse
 * @param samplesTruth        samples per cluster and hour, as the simulator emitted them
 * @param checks              the usage and log-volume checks, per cluster
 * @param chargeback          each team's cost of the demo's days, next to the simulated invoice
 * @param rightsizing         the rightsizing job's top savings and risky workloads, printed last
 * @param reports             the chargeback report for finance of the demo's month(s): where it is
 */
public record DemoSummary(Map<String, Map<Instant, Long>> samplesInClickHouse, Map<String, Map<Instant, Long>> samplesTruth,
                          List<DemoCheck> checks, long requests, long bytes, long retries, double seconds,
                          Chargeback chargeback, RightsizingHighlights rightsizing, FinanceReports reports) {

    public boolean matches() {
        return mismatches().isEmpty() && checks.stream().allMatch(DemoCheck::matches) && chargeback.reconciles() && reports.published();
    }

    /** Every cluster-hour where ClickHouse's samples and the ground truth differ. */
    public List<String> mismatches() {
        TreeSet<String> clusters = new TreeSet<>(samplesInClickHouse.keySet());
        clusters.addAll(samplesTruth.keySet());
        List<String> out = new ArrayList<>();
        for (String cluster : clusters) {
            Map<Instant, Long> got = samplesInClickHouse.getOrDefault(cluster, Map.of());
            Map<Instant, Long> want = samplesTruth.getOrDefault(cluster, Map.of());
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
        out.println("What the pipeline wrote to ClickHouse, next to the simulator's ground truth");
        out.printf("  %-48s %-16s %22s %22s%n", "", "cluster", "ClickHouse", "simulator");
        TreeSet<String> clusters = new TreeSet<>(samplesTruth.keySet());
        clusters.addAll(samplesInClickHouse.keySet());
        for (String cluster : clusters) {
            long got = sum(samplesInClickHouse.getOrDefault(cluster, Map.of()));
            long want = sum(samplesTruth.getOrDefault(cluster, Map.of()));
            out.printf("  %-48s %-16s %,22d %,22d  %s%n", "samples received (ingest_samples_hourly)", cluster, got, want,
                    got == want ? "equal" : "DIFFERENT");
        }
        for (DemoCheck check : checks) {
            for (String cluster : check.clusters()) {
                out.printf("  %-48s %-16s %22s %22s  %s%n", check.what() + " (" + check.table() + ")", cluster,
                        format(check.clickHouse().get(cluster)), format(check.simulator().get(cluster)),
                        check.equal(cluster) ? "equal" : "DIFFERENT");
            }
        }
        out.printf("  %,d requests (%,.1f MB) through the ingest gateway, %,d retried, in %.1f s%n",
                requests, bytes / 1e6, retries, seconds);
        if (matches()) {
            int cells = samplesTruth.values().stream().mapToInt(Map::size).sum();
            out.println("Every number equals the ground truth exactly (" + cells + " cluster-hours of samples, "
                    + checks.size() + " usage and log checks per cluster).");
        } else {
            out.println("Some numbers differ from the ground truth.");
            mismatches().stream().limit(5).forEach(m -> out.println("  " + m));
        }
        chargeback.print(out);
        reports.print(out);
        rightsizing.print(out);
    }

    private static String format(BigDecimal value) {
        if (value == null) {
            return "none";
        }
        BigDecimal plain = value.stripTrailingZeros();
        return plain.scale() <= 0 ? String.format("%,d", plain.toBigInteger()) : String.format("%,.9f", plain);
    }

    private static long sum(Map<Instant, Long> byHour) {
        return byHour.values().stream().mapToLong(Long::longValue).sum();
    }
}
