package dev.tally.local.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.topics.Topic;
import dev.tally.ingest.costs.normalize.CostLineItem;
import dev.tally.ingest.costs.normalize.CostView;
import dev.tally.jobs.usage.rows.UsageTopicRecord;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.FleetSpec;
import dev.tally.local.fleet.costs.ExpectedCosts;
import dev.tally.local.fleet.costs.FleetCostExport;
import dev.tally.local.fleet.costs.FleetCostSpec;
import dev.tally.local.fleet.truth.GroundTruth;
import dev.tally.local.kafka.TestKafka;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Conservation on the simulator's fleet, end to end on real parts: the demo fleet's ground truth
 * as usage and node rows on {@code tally.usage.v1}, its matching EA export (actual and amortized
 * datasets, Friday 2026-01-30 to Monday 2026-02-02: two billing periods, a reservation with its
 * monthly payment on 02-01) through the importer's reader onto {@code tally.costs.v1}, the
 * allocation job on the Flink MiniCluster, ClickHouse through the JDBC driver.
 * Per billing period and currency, {@code cost_allocation_daily_latest} sums to the export's
 * total exactly, billed and effective, for each dataset; per cluster-day to what the simulator
 * says the cluster cost.
 */
class AllocationConservationIT {
    static final LocalDate FROM = LocalDate.parse("2026-01-30");
    static final LocalDate TO = LocalDate.parse("2026-02-03");

    @TempDir
    static Path dir;

    static FleetSpec fleet;
    static ExpectedCosts expected;
    static FleetCostExport.Written written;
    static String prefix;

    @BeforeAll
    static void fillTheTopics() throws Exception {
        fleet = FleetSpec.demo();
        FleetSimulator sim = new FleetSimulator(fleet);
        FleetCostSpec spec = FleetCostSpec.demo(fleet);
        written = new FleetCostExport(sim, spec).write(dir, FROM, TO, line -> { });
        GroundTruth truth = sim.groundTruth(FROM.atStartOfDay().toInstant(ZoneOffset.UTC), TO.atStartOfDay().toInstant(ZoneOffset.UTC));
        expected = ExpectedCosts.of(truth, fleet, spec, FROM, TO);

        prefix = "it-allocation-" + UUID.randomUUID() + ".";
        TestKafka.createTopic(prefix + Topic.USAGE.topicName(), 2);
        TestKafka.createTopic(prefix + Topic.COSTS.topicName(), 2);
        List<UsageTopicRecord> usage = FleetAllocationTopics.usage(truth, fleet.scrapeInterval());
        List<UsageTopicRecord> costs = new ArrayList<>(
                FleetAllocationTopics.costs(written.eaAmortized(), CostView.AMORTIZED, "AmortizedCost", "run-amortized"));
        costs.addAll(FleetAllocationTopics.costs(written.eaActual(), CostView.ACTUAL, "ActualCost", "run-actual"));
        FleetAllocationTopics.produce(prefix + Topic.USAGE.topicName(), usage);
        FleetAllocationTopics.produce(prefix + Topic.COSTS.topicName(), costs);
        System.out.printf("event=allocation_conservation_it usage_records=%d cost_records=%d%n", usage.size(), costs.size());
    }

    @Test
    void theAmortizedDatasetReconcilesToTheCentPerBillingPeriodAndToTheSimulatorPerClusterDay() throws Exception {
        ClickHouseUrl clickHouse = runJob("AmortizedCost", "it-amortized");
        Map<String, String> exported = exportTotals(written.eaAmortized(), CostView.AMORTIZED);
        Map<String, String> allocated = allocatedTotals(clickHouse);
        System.out.println("amortized export " + exported + "\nallocated        " + allocated);
        assertThat(exported).hasSize(2);   // January and February, one currency
        assertThat(allocated).isEqualTo(exported);

        // per cluster-day: what the simulator's model says the cluster's rows cost
        Map<String, String> perClusterDay = query(clickHouse, "SELECT concat(cluster, ' ', toString(day)), "
                + "concat(toString(sum(billed_cost)), ' / ', toString(sum(effective_cost))) FROM %s.cost_allocation_daily_latest "
                + "WHERE cluster != '' GROUP BY cluster, day");
        Map<String, String> simulated = new TreeMap<>();
        for (var c : fleet.clusters()) {
            for (LocalDate d = FROM; d.isBefore(TO); d = d.plusDays(1)) {
                ExpectedCosts.Amount a = expected.clusterDay(c.name(), d);
                simulated.put(c.name() + " " + d, plain(a.billed()) + " / " + plain(a.effective()));
            }
        }
        assertThat(normalized(perClusterDay)).isEqualTo(simulated);

        // every VM matched a node the usage topic reported, nothing was estimated
        assertThat(query(clickHouse, "SELECT category, toString(count()) FROM %s.cost_allocation_daily_latest "
                + "WHERE cluster != '' GROUP BY category")).containsKeys("COMPUTE", "IDLE", "STORAGE").doesNotContainKey("UNALLOCATED");
        assertThat(query(clickHouse, "SELECT toString(estimated), toString(count()) FROM %s.cost_allocation_daily_latest "
                + "GROUP BY estimated")).containsOnlyKeys("0");

        // a replay from the start (a new consumer group: the job restarted without its checkpoint) changes nothing
        runJob("AmortizedCost", "it-amortized-replay", clickHouse);
        assertThat(allocatedTotals(clickHouse)).isEqualTo(exported);
    }

    @Test
    void theActualDatasetReconcilesToTheCentPerBillingPeriod() throws Exception {
        ClickHouseUrl clickHouse = runJob("ActualCost", "it-actual");
        Map<String, String> exported = exportTotals(written.eaActual(), CostView.ACTUAL);
        Map<String, String> allocated = allocatedTotals(clickHouse);
        System.out.println("actual export " + exported + "\nallocated     " + allocated);
        assertThat(allocated).isEqualTo(exported);
        // billed and effective differ on the reservation: its purchase is billed, its use amortized
        assertThat(exported.values()).anySatisfy(v -> assertThat(v.split(" / ")[0]).isNotEqualTo(v.split(" / ")[1]));
    }

    private static ClickHouseUrl runJob(String dataset, String group) throws Exception {
        return runJob(dataset, group, FleetAllocationTopics.freshClickHouse());
    }

    private static ClickHouseUrl runJob(String dataset, String group, ClickHouseUrl clickHouse) throws Exception {
        FleetAllocationTopics.runAllocation(prefix, dataset, group, clickHouse);
        return clickHouse;
    }

    /** Per billing period and currency: "billed / effective", as plain decimals. */
    private static Map<String, String> exportTotals(Path export, CostView view) throws Exception {
        Map<String, BigDecimal[]> sums = new TreeMap<>();
        for (CostLineItem i : FleetAllocationTopics.lineItems(export, view)) {
            BigDecimal[] s = sums.computeIfAbsent(LocalDate.ofInstant(i.billingPeriodStart(), ZoneOffset.UTC) + " " + i.billingCurrency(),
                    k -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
            s[0] = s[0].add(i.billedCost());
            s[1] = s[1].add(i.effectiveCost());
        }
        Map<String, String> out = new TreeMap<>();
        sums.forEach((k, s) -> out.put(k, plain(s[0]) + " / " + plain(s[1])));
        return out;
    }

    private static Map<String, String> allocatedTotals(ClickHouseUrl clickHouse) throws Exception {
        return normalized(query(clickHouse, "SELECT concat(toString(billing_period), ' ', currency), "
                + "concat(toString(sum(billed_cost)), ' / ', toString(sum(effective_cost))) "
                + "FROM %s.cost_allocation_daily_latest GROUP BY billing_period, currency"));
    }

    private static Map<String, String> normalized(Map<String, String> sums) {
        Map<String, String> out = new TreeMap<>();
        sums.forEach((k, v) -> {
            String[] parts = v.split(" / ");
            out.put(k, plain(new BigDecimal(parts[0])) + " / " + plain(new BigDecimal(parts[1])));
        });
        return out;
    }

    private static Map<String, String> query(ClickHouseUrl clickHouse, String sql) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = clickHouse.open(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery(String.format(sql, clickHouse.database()))) {
            while (r.next()) {
                out.put(r.getString(1), r.getString(2));
            }
        }
        return out;
    }

    private static String plain(BigDecimal d) {
        return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
    }
}
