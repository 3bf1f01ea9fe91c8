package dev.tally.local.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.common.topics.Topic;
import dev.tally.jobs.allocation.stream.AllocationJob;
import dev.tally.jobs.allocation.stream.AllocationSettings;
import dev.tally.jobs.allocation.stream.WorkloadOwnerLookup;
import dev.tally.jobs.usage.rows.UsageTopicRecord;
import dev.tally.local.clickhouse.TestClickHouse;
import dev.tally.local.flink.TestFlink;
import dev.tally.local.kafka.TestKafka;
import dev.tally.local.stack.LocalStack;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The oracle: a second, deliberately simple implementation of the allocation rules in SQL
 * ({@code allocation/oracle.sql}: Float64, no exact splitting), run by ClickHouse (the local
 * chdb engine) over the same inputs as the allocation job. On seeded random fleets
 * ({@link RandomFleet}, seeds 1 to {@value #SEEDS}) the job (Kafka, Flink MiniCluster,
 * ClickHouse) and the oracle agree per cluster, day, namespace and currency to the cent,
 * billed and effective.
 */
class AllocationOracleIT {
    static final int SEEDS = 8;
    static final BigDecimal CENT = new BigDecimal("0.005");

    @Test
    void theJobAndTheSqlOracleAgreePerNamespaceAndDayToTheCentOnRandomFleets() throws Exception {
        ClickHouseUrl clickHouse = TestClickHouse.server().withDatabase("it_" + UUID.randomUUID().toString().replace("-", ""));
        LocalStack.migrate(clickHouse, MigrationSettings.defaults().withDatabase(clickHouse.database()));
        String prefix = "it-oracle-" + UUID.randomUUID() + ".";
        TestKafka.createTopic(prefix + Topic.USAGE.topicName(), 2);
        TestKafka.createTopic(prefix + Topic.COSTS.topicName(), 2);

        List<UsageTopicRecord> usage = new ArrayList<>();
        List<UsageTopicRecord> costs = new ArrayList<>();
        List<RandomFleet> fleets = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            RandomFleet fleet = new RandomFleet(seed);   // each seed its own clusters and days
            fleets.add(fleet);
            usage.addAll(fleet.usage);
            costs.addAll(fleet.costs);
        }
        FleetAllocationTopics.produce(prefix + Topic.USAGE.topicName(), usage);
        FleetAllocationTopics.produce(prefix + Topic.COSTS.topicName(), costs);
        loadOracleTables(clickHouse, fleets);

        String group = "it-oracle-" + UUID.randomUUID();
        StreamExecutionEnvironment env = TestFlink.cluster().environment(group, 2);
        AllocationJob.kafka(TestKafka.connection(), prefix, group, clickHouse,
                AllocationSettings.defaults().withQuietPeriod(Duration.ofHours(1)), WorkloadOwnerLookup.none(), true).addTo(env);
        env.executeAsync("it allocation oracle").getJobExecutionResult().get(5, TimeUnit.MINUTES);

        Map<String, BigDecimal[]> job = sums(clickHouse, "SELECT cluster, toString(day), namespace, currency, "
                + "toString(sum(billed_cost)), toString(sum(effective_cost)) FROM " + clickHouse.database()
                + ".cost_allocation_daily_latest GROUP BY cluster, day, namespace, currency "
                // a bucket whose pools were all handed on keeps its resources' parts and the pools' way out, netting to zero:
                // nothing kept, as the oracle (which has no such key) says
                + "HAVING NOT (startsWith(namespace, '__') AND sum(billed_cost) = 0 AND sum(effective_cost) = 0 "
                + "AND countIf(resource_id = '') > 0)");
        String oracleSql;
        try (InputStream in = AllocationOracleIT.class.getResourceAsStream("/allocation/oracle.sql")) {
            oracleSql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{db}", clickHouse.database());
        }
        Map<String, BigDecimal[]> oracle = sums(clickHouse, "SELECT cluster, day, namespace, currency, toString(billed), "
                + "toString(effective) FROM (" + oracleSql.replaceAll("(?m)^--.*$", "") + ")");

        List<String> disagreements = new ArrayList<>();
        BigDecimal largest = BigDecimal.ZERO;
        for (String key : new TreeSet<>(union(job.keySet(), oracle.keySet()))) {
            BigDecimal[] j = job.getOrDefault(key, new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
            BigDecimal[] o = oracle.getOrDefault(key, new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
            for (int v = 0; v < 2; v++) {
                BigDecimal diff = j[v].subtract(o[v]).abs();
                largest = largest.max(diff);
                if (diff.compareTo(CENT) >= 0) {
                    disagreements.add(key + (v == 0 ? " billed " : " effective ") + "job " + j[v].toPlainString()
                            + " oracle " + o[v].toPlainString());
                }
            }
        }
        long namespaces = job.keySet().stream().filter(k -> !k.contains("__")).count();
        System.out.printf("event=allocation_oracle_it seeds=%d usage_records=%d cost_records=%d keys=%d namespace_days=%d "
                        + "largest_difference=%s%n", SEEDS, usage.size(), costs.size(), job.size(), namespaces,
                largest.stripTrailingZeros().toPlainString());
        disagreements.stream().limit(30).forEach(System.out::println);
        assertThat(disagreements).isEmpty();
        assertThat(job.keySet()).isEqualTo(oracle.keySet());
        // the fleets exercised every kind of row
        assertThat(job.keySet()).anyMatch(k -> k.contains(" __idle__ ")).anyMatch(k -> k.contains(" __unallocated__ "))
                .anyMatch(k -> k.startsWith(" ")).anyMatch(k -> k.endsWith(" EUR")).anyMatch(k -> k.endsWith(" USD"));
        assertThat(namespaces).isGreaterThan(20);
    }

    private static void loadOracleTables(ClickHouseUrl clickHouse, List<RandomFleet> fleets) throws Exception {
        String db = clickHouse.database();
        try (Connection c = clickHouse.open(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + db + ".o_nodes (cluster String, day Date, node String, vm_name String, scale_set String,"
                    + " hour DateTime('UTC'), cores Float64, memory Float64, seconds Float64) ENGINE = MergeTree ORDER BY tuple()");
            s.execute("CREATE TABLE " + db + ".o_containers (cluster String, day Date, node String, hour DateTime('UTC'),"
                    + " namespace String, workload String, cpu_request Float64, cpu_use Float64, memory_request Float64,"
                    + " memory_use Float64) ENGINE = MergeTree ORDER BY tuple()");
            s.execute("CREATE TABLE " + db + ".o_costs (cluster String, day Date, kind String, vm_name String, scale_set String,"
                    + " pvc_namespace String, service_namespace String, currency String, billed Float64, effective Float64,"
                    + " team_tag String, namespace_tag String) ENGINE = MergeTree ORDER BY tuple()");
            for (RandomFleet f : fleets) {
                insert(s, db + ".o_nodes", f.nodes, n -> values(n.cluster(), n.day(), n.node(), n.vmName(), n.scaleSet(),
                        n.hour().getEpochSecond(), n.cores(), n.memoryBytes(), n.seconds()));
                insert(s, db + ".o_containers", f.containers, x -> values(x.cluster(), x.day(), x.node(), x.hour().getEpochSecond(),
                        x.namespace(), x.workload(), x.cpuRequest(), x.cpuUse(), x.memoryRequest(), x.memoryUse()));
                insert(s, db + ".o_costs", f.costFacts, x -> values(x.cluster(), x.day(), x.kind(), x.vmName(), x.scaleSet(),
                        x.pvcNamespace(), x.serviceNamespace(), x.currency(), x.billed(), x.effective(), x.teamTag(),
                        x.namespaceTag()));
            }
        }
    }

    private static <T> void insert(Statement s, String table, List<T> rows, Function<T, String> values) throws Exception {
        for (int from = 0; from < rows.size(); from += 2000) {
            StringBuilder sql = new StringBuilder("INSERT INTO " + table + " VALUES ");
            for (int i = from; i < Math.min(rows.size(), from + 2000); i++) {
                sql.append(i == from ? "" : ",").append(values.apply(rows.get(i)));
            }
            s.execute(sql.toString());
        }
    }

    private static String values(Object... v) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ");
            Object x = v[i];
            b.append(x instanceof Number n ? (n instanceof BigDecimal d ? d.toPlainString() : n.toString())
                    : "'" + x.toString().replace("'", "''") + "'");
        }
        return b.append(')').toString();
    }

    private static Map<String, BigDecimal[]> sums(ClickHouseUrl clickHouse, String sql) throws Exception {
        Map<String, BigDecimal[]> out = new TreeMap<>();
        try (Connection c = clickHouse.open(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                BigDecimal[] v = {new BigDecimal(r.getString(5)), new BigDecimal(r.getString(6))};
                if (v[0].signum() != 0 || v[1].signum() != 0) {   // a zero sum is no allocation in either
                    out.put(r.getString(1) + " " + r.getString(2) + " " + r.getString(3) + " " + r.getString(4), v);
                }
            }
        }
        return out;
    }

    private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
    }
}
