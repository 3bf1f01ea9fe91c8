package dev.tally.local.demo;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.truth.ContainerUsage;
import dev.tally.local.fleet.truth.GroundTruth;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The demo's comparison of the pipeline's numbers with the simulator's ground truth, over the hours
 * {@code [from, to)}: samples per cluster and hour (ingest_samples_hourly_latest), and per cluster
 * the usage and log measures ({@link DemoCheck}). The demo and the fault tests use it.
 */
public record TruthChecks(Instant from, Instant to) {

    /** The simulator's samples per cluster and hour, of the checked hours. */
    public Map<String, Map<Instant, Long>> samplesTruth(GroundTruth truth) {
        Map<String, Map<Instant, Long>> byCluster = new TreeMap<>();
        truth.samplesByClusterHour().forEach((clusterHour, samples) -> {
            if (inRange(clusterHour.hour())) {
                byCluster.computeIfAbsent(clusterHour.cluster(), c -> new TreeMap<>()).put(clusterHour.hour(), samples);
            }
        });
        return byCluster;
    }

    /** The usage and log checks: each measure, per cluster, from the truth and from ClickHouse's sums. */
    public List<DemoCheck> checks(GroundTruth truth, Map<String, Map<String, BigDecimal>> fromClickHouse) {
        long step = FleetSpec.demo().scrapeInterval().toSeconds();
        List<DemoCheck> checks = new ArrayList<>();
        checks.add(check("container-hours", "usage_hourly", fromClickHouse, truthByCluster(truth, u -> BigDecimal.ONE)));
        checks.add(check("CPU used, core-seconds", "usage_hourly", fromClickHouse,
                truthByCluster(truth, ContainerUsage::cpuCoreSeconds)));
        checks.add(check("CPU requested, core-seconds", "usage_hourly", fromClickHouse, truthByCluster(truth,
                u -> BigDecimal.valueOf(u.cpuRequestMillis(), 3).multiply(BigDecimal.valueOf(u.podRunningSamples() * step)))));
        checks.add(check("memory requested, byte-seconds", "usage_hourly", fromClickHouse, truthByCluster(truth,
                u -> BigDecimal.valueOf(u.memoryRequestBytes()).multiply(BigDecimal.valueOf(u.podRunningSamples() * step)))));
        checks.add(check("OOM kills", "usage_hourly", fromClickHouse, truthByCluster(truth, u -> BigDecimal.valueOf(u.oomKills()))));
        Map<String, BigDecimal> logRecords = new TreeMap<>();
        Map<String, BigDecimal> logBytes = new TreeMap<>();
        truth.logs().forEach((workloadHour, volume) -> {
            if (inRange(workloadHour.hour())) {
                logRecords.merge(workloadHour.cluster(), BigDecimal.valueOf(volume.records()), BigDecimal::add);
                logBytes.merge(workloadHour.cluster(), BigDecimal.valueOf(volume.bytes()), BigDecimal::add);
            }
        });
        checks.add(check("log records", "log_usage_hourly", fromClickHouse, logRecords));
        checks.add(check("log bytes", "log_usage_hourly", fromClickHouse, logBytes));
        return checks;
    }

    private static DemoCheck check(String what, String table, Map<String, Map<String, BigDecimal>> fromClickHouse,
                                   Map<String, BigDecimal> truth) {
        return new DemoCheck(what, table, fromClickHouse.getOrDefault(what, Map.of()), truth);
    }

    /** The same checks with ClickHouse's numbers read again. */
    public static List<DemoCheck> against(List<DemoCheck> truthOnly, Map<String, Map<String, BigDecimal>> fromClickHouse) {
        return truthOnly.stream()
                .map(c -> new DemoCheck(c.what(), c.table(), fromClickHouse.getOrDefault(c.what(), Map.of()), c.simulator()))
                .toList();
    }

    private Map<String, BigDecimal> truthByCluster(GroundTruth truth, Function<ContainerUsage, BigDecimal> measure) {
        Map<String, BigDecimal> byCluster = new TreeMap<>();
        truth.containers().forEach((containerHour, usage) -> {
            if (inRange(containerHour.hour())) {
                byCluster.merge(containerHour.cluster(), measure.apply(usage), BigDecimal::add);
            }
        });
        return byCluster;
    }

    /** The same measures summed per cluster from ClickHouse's views, over the demo's hours. */
    public Map<String, Map<String, BigDecimal>> read(ClickHouseUrl url) throws SQLException {
        Map<String, Map<String, BigDecimal>> byMeasure = new HashMap<>();
        String hours = " WHERE hour >= toDateTime(" + from.getEpochSecond() + ", 'UTC') AND hour < toDateTime("
                + to.getEpochSecond() + ", 'UTC') GROUP BY cluster";
        String db = url.database();
        read(url, "SELECT cluster, toString(count()), toString(sum(cpu_usage_core_seconds)), toString(sum(cpu_request_core_seconds)),"
                        + " toString(sum(memory_request_byte_seconds)), toString(sum(oom_kills)) FROM " + db + ".usage_hourly_latest" + hours,
                byMeasure, "container-hours", "CPU used, core-seconds", "CPU requested, core-seconds",
                "memory requested, byte-seconds", "OOM kills");
        read(url, "SELECT cluster, toString(sum(records)), toString(sum(bytes)) FROM " + db + ".log_usage_hourly_latest" + hours,
                byMeasure, "log records", "log bytes");
        return byMeasure;
    }

    private static void read(ClickHouseUrl url, String query, Map<String, Map<String, BigDecimal>> into, String... measures)
            throws SQLException {
        try (Connection c = url.open(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(query)) {
            while (rows.next()) {
                for (int i = 0; i < measures.length; i++) {
                    into.computeIfAbsent(measures[i], k -> new TreeMap<>()).put(rows.getString(1), new BigDecimal(rows.getString(i + 2)));
                }
            }
        }
    }

    /** ingest_samples_hourly_latest per cluster and hour, of the checked hours. */
    public Map<String, Map<Instant, Long>> samplesByClusterHour(ClickHouseUrl url) throws SQLException {
        Map<String, Map<Instant, Long>> byCluster = new TreeMap<>();
        String query = "SELECT cluster, toUnixTimestamp(hour), sum(samples) FROM " + url.database()
                + ".ingest_samples_hourly_latest GROUP BY cluster, hour";
        try (Connection c = url.open(); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(query)) {
            while (rows.next()) {
                Instant hour = Instant.ofEpochSecond(rows.getLong(2));
                if (inRange(hour)) {
                    byCluster.computeIfAbsent(rows.getString(1), k -> new TreeMap<>()).put(hour, rows.getLong(3));
                }
            }
        }
        return byCluster;
    }

    private boolean inRange(Instant hour) {
        return !hour.isBefore(from) && hour.isBefore(to);
    }

    public static long total(Map<String, Map<Instant, Long>> byClusterHour) {
        return byClusterHour.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }
}
