package dev.tally.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.dashboards.GrafanaDashboard.Panel;
import dev.tally.dashboards.GrafanaQueryExpansion.TimeRange;
import dev.tally.dashboards.PanelRunner.Result;
import dev.tally.dashboards.PanelRunner.Variables;
import dev.tally.local.clickhouse.LocalClickHouse;
import dev.tally.local.clickhouse.LocalClickHouseConfig;
import dev.tally.local.demo.Demo;
import dev.tally.local.demo.DemoCheck;
import dev.tally.local.demo.DemoSettings;
import dev.tally.local.demo.DemoSummary;
import dev.tally.local.stack.DataFolder;
import dev.tally.local.stack.LocalStack;
import dev.tally.local.stack.LocalStackConfig;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every panel of every dashboard, expanded as Grafana and the ClickHouse plugin expand it, run through the
 * clickhouse-jdbc driver against ClickHouse filled by the demo pipeline (3 simulated hours of the 2-cluster fleet,
 * seed 42: simulator → gateway → Kafka → Flink jobs → ClickHouse, costs from its simulated EA export): columns, and
 * the numbers checked against the demo's ground truth (its chargeback reconciles to the simulated invoice) or the
 * views' rows summed here in Java. Then the same queries as one team's ClickHouse user (TeamAccess): no row of
 * another team comes back. One demo run for the class: the results are computed once, the tests read them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardQueriesIT {

    private static final String TEAM_A = "checkout";
    private static final String TEAM_B = "discovery";
    private static final String USD = "USD";

    private Path data;
    private DemoSettings settings;
    private DemoSummary summary;
    private TimeRange range;
    private LocalDate demoDay;
    private final TeamAccess access = new TeamAccess(ClickHouseUrl.DEFAULT_DATABASE);
    private LocalClickHouseConfig clickHouseConfig;

    /** scenario name → panel (dashboard uid #id) → result, as the administrator (the platform's data source). */
    private final Map<String, Map<String, Result>> admin = new LinkedHashMap<>();
    private final Map<String, Variables> adminVariables = new LinkedHashMap<>();
    /** the same scenarios as team A's user, on the team database. */
    private final Map<String, Map<String, Result>> teamA = new LinkedHashMap<>();
    private final Map<String, Variables> teamAVariables = new LinkedHashMap<>();
    /** direct queries as team A: SQL → result. */
    private final Map<String, Result> teamADirect = new LinkedHashMap<>();
    /** raw rows read as the administrator, for the sums checked here. */
    private final Map<String, Result> raw = new HashMap<>();
    private List<String> tallyTables;
    private final Map<String, Result> serverStatementsParsed = new LinkedHashMap<>();
    /** the same for the replicas of cluster "tally" (the deploy's), as ClickHouse formats each on one line. */
    private final Map<String, Result> clusterStatementsParsed = new LinkedHashMap<>();

    private record Scenario(String name, String dashboard, Map<String, List<String>> chosen, boolean forced) {
    }

    private static List<Scenario> scenarios(String team, boolean forced) {
        List<Scenario> list = new ArrayList<>();
        list.add(new Scenario("team " + team, "tally-team", Map.of("team", List.of(team), "currency", List.of(USD)), forced));
        list.add(new Scenario("platform", "tally-platform", Map.of("currency", List.of(USD)), false));
        list.add(new Scenario("finance", "tally-finance", Map.of("currency", List.of(USD)), false));
        list.add(new Scenario("rightsizing vpa", "tally-rightsizing", Map.of("strategy", List.of("vpa")), false));
        return list;
    }

    @BeforeAll
    void runTheDemoThenEveryQuery() throws Exception {
        data = Files.createTempDirectory("tally-it-dashboards");
        settings = DemoSettings.lastHours(42, 3);
        demoDay = LocalDate.ofInstant(settings.from(), ZoneOffset.UTC);
        Path home = projectHome();
        LocalStackConfig stackConfig = new LocalStackConfig(home, data, 0, 0, 0, 0, 0, LocalStackConfig.DEFAULT_CLUSTERS,
                Duration.ofSeconds(2));
        try (LocalStack stack = LocalStack.start(stackConfig, step -> System.out.println("… " + step))) {
            summary = new Demo(stack, settings, System.out).run();
        }
        assertThat(summary.matches()).as("the demo's own checks").isTrue();
        // this month so far, as the dashboards open ("now/M" to "now"); the demo's day may be last month's last day
        range = new TimeRange(demoDay.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS));

        clickHouseConfig = LocalClickHouseConfig.defaults(home).withDataDir(data.resolve("clickhouse")).withPort(0);
        try (LocalClickHouse clickHouse = LocalClickHouse.start(clickHouseConfig.withConfigFile(
                configFile("admin", access.adminUsersXml())))) {
            ClickHouseUrl url = clickHouse.clickHouseUrl();
            PanelRunner runner = new PanelRunner(url, range);
            for (String statement : access.viewStatements()) {
                Result created = runner.run(statement);
                assertThat(created.error()).as(statement).isNull();
            }
            List<Scenario> all = new ArrayList<>();
            for (String team : summary.chargeback().byTeam().keySet()) {
                all.add(new Scenario("team " + team, "tally-team", Map.of("team", List.of(team), "currency", List.of(USD)), false));
            }
            all.addAll(scenarios(TEAM_A, false).subList(1, 4));
            all.add(new Scenario("team checkout prod", "tally-team", Map.of("team", List.of(TEAM_A),
                    "cluster", List.of("aks-prod-weu"), "currency", List.of(USD)), false));
            all.add(new Scenario("team checkout shop both clusters", "tally-team", Map.of("team", List.of(TEAM_A),
                    "cluster", List.of("aks-dev-weu", "aks-prod-weu"), "namespace", List.of("shop"), "currency", List.of(USD)), false));
            all.add(new Scenario("platform prod", "tally-platform", Map.of("cluster", List.of("aks-prod-weu"),
                    "currency", List.of(USD)), false));
            all.add(new Scenario("rightsizing identity", "tally-rightsizing", Map.of("team", List.of("identity"),
                    "strategy", List.of("vpa")), false));
            all.add(new Scenario("rightsizing simple", "tally-rightsizing", Map.of("strategy", List.of("simple")), false));
            runAll(runner, all, admin, adminVariables);
            readRaw(runner);
            for (String statement : access.serverStatements(List.of(TEAM_A, TEAM_B), new SecureRandom())) {
                serverStatementsParsed.put(statement, runner.run("SELECT formatQuery('" + statement.replace("\\", "\\\\")
                        .replace("'", "\\'") + "')"));
            }
            // the local engine has no Keeper, so it cannot run a Replicated database or ON CLUSTER: it parses them
            for (String statement : new TeamAccess(access.database(), "tally").serverStatements(List.of(TEAM_A, TEAM_B), new SecureRandom())) {
                clusterStatementsParsed.put(statement, runner.run("SELECT formatQuerySingleLine('" + statement.replace("\\", "\\\\")
                        .replace("'", "\\'") + "')"));
            }
        }

        // team A's server: the same engine and data, its only user being team A's Grafana user
        try (LocalClickHouse clickHouse = LocalClickHouse.start(clickHouseConfig.withConfigFile(
                configFile("team-" + TEAM_A, access.teamUsersXml(TEAM_A))))) {
            ClickHouseUrl url = clickHouse.clickHouseUrl().withDatabase(access.teamDatabase());
            PanelRunner runner = new PanelRunner(url, range);
            List<Scenario> asTeamA = new ArrayList<>(scenarios(TEAM_A, false));
            // what a crafted URL could ask for: team B's chargeback and rightsizing
            asTeamA.add(new Scenario("team " + TEAM_B, "tally-team", Map.of("team", List.of(TEAM_B),
                    "currency", List.of(USD)), true));
            asTeamA.add(new Scenario("rightsizing " + TEAM_B, "tally-rightsizing", Map.of("team", List.of(TEAM_B),
                    "strategy", List.of("vpa")), true));
            runAll(runner, asTeamA, teamA, teamAVariables);
            for (String table : tallyTables) {
                direct(runner, "SELECT * FROM " + ClickHouseUrl.DEFAULT_DATABASE + "." + table + " LIMIT 1");
            }
            for (TeamAccess.TeamView view : TeamAccess.VIEWS) {
                direct(runner, "SELECT * FROM " + view.name());
            }
            direct(runner, "SELECT * FROM cost_allocation_daily_latest WHERE team = '" + TEAM_B + "'");
            // every table the team can name at all, and the report's version log that is not the team's
            direct(runner, TEAM_TABLES);
            direct(runner, "SELECT * FROM report_versions");
            direct(runner, "INSERT INTO cost_allocation_daily_latest (team) VALUES ('x')");
            direct(runner, "SET readonly = 0");
            direct(runner, "SELECT * FROM system.row_policies");
            direct(runner, "SELECT * FROM file('" + data.resolve("clickhouse") + "/status', 'LineAsString')");
        }
    }

    @AfterAll
    void deleteTheData() {
        if (data != null) {
            DataFolder.deleteRecursively(data);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // every panel

    private static final String TEAM_TABLES = "SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name";

    @Test
    void everySqlPanelOfEveryDashboardRunsAndReturnsItsColumns() {
        Map<String, List<String>> expected = expectedColumns();
        int panels = 0;
        for (Map.Entry<String, Map<String, Result>> scenario : admin.entrySet()) {
            for (Map.Entry<String, Result> panel : scenario.getValue().entrySet()) {
                Result r = panel.getValue();
                assertThat(r.error()).as(scenario.getKey() + " " + panel.getKey() + ": " + r.sql()).isNull();
                assertThat(r.columns()).as(scenario.getKey() + " " + panel.getKey()).isEqualTo(expected.get(panel.getKey()));
                panels++;
            }
        }
        // all SQL panels of the four dashboards ran, and each was checked against its columns
        Set<String> ran = new HashSet<>();
        admin.values().forEach(m -> ran.addAll(m.keySet()));
        assertThat(ran).containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(panels).isGreaterThan(expected.size());
    }

    @Test
    void withTheDemosDataEveryPanelOfTheMainScenariosShowsSomething() {
        List<String> mayBeEmpty = List.of(); // the demo's one day fills every panel
        for (String scenario : List.of("team " + TEAM_A, "platform", "finance", "rightsizing vpa")) {
            admin.get(scenario).forEach((panel, r) -> {
                if (!mayBeEmpty.contains(panel)) {
                    assertThat(r.rows()).as(scenario + " " + panel + ": " + r.sql()).isNotEmpty();
                    assertThat(r.rows().get(0)).as(scenario + " " + panel).anyMatch(v -> v != null && !v.isEmpty());
                }
            });
        }
    }

    @Test
    void theVariablesOfferWhatTheDataHas() {
        assertThat(adminVariables.get("team " + TEAM_A).options().get("team"))
                .containsExactlyInAnyOrderElementsOf(summary.chargeback().byTeam().keySet());
        assertThat(adminVariables.get("platform").options().get("cluster")).containsExactly("aks-dev-weu", "aks-prod-weu");
        assertThat(adminVariables.get("team " + TEAM_A).options().get("namespace")).containsExactly("shop");
        assertThat(adminVariables.get("rightsizing vpa").options().get("strategy")).containsExactly("simple", "vpa");
        assertThat(adminVariables.get("finance").options().get("currency")).containsExactly(USD);
    }

    // ---------------------------------------------------------------------------------------------------------
    // team chargeback: known cases

    @Test
    void aTeamsMonthTotalEqualsItsAllocationTotalWhichReconcilesToTheInvoice() {
        assertThat(summary.chargeback().reconciles()).isTrue();
        boolean sameMonth = YearMonth.from(demoDay).equals(YearMonth.from(LocalDate.ofInstant(range.to(), ZoneOffset.UTC)));
        for (Map.Entry<String, Map<String, BigDecimal[]>> team : summary.chargeback().byTeam().entrySet()) {
            BigDecimal[] expected = team.getValue().get(USD);
            Result monthToDate = admin.get("team " + team.getKey()).get("tally-team#1");
            Result lastMonth = admin.get("team " + team.getKey()).get("tally-team#2");
            Result current = sameMonth ? monthToDate : lastMonth;
            Result other = sameMonth ? lastMonth : monthToDate;
            assertThat(current.single("billed_cost")).as(team.getKey()).isEqualByComparingTo(expected[0]);
            assertThat(current.single("effective_cost")).as(team.getKey()).isEqualByComparingTo(expected[1]);
            assertThat(other.single("billed_cost")).as(team.getKey()).isEqualByComparingTo(BigDecimal.ZERO);
            // per day by category: the same total, on the demo's day only
            Result perDay = admin.get("team " + team.getKey()).get("tally-team#5");
            assertThat(perDay.sum("billed_cost")).as(team.getKey()).isEqualByComparingTo(expected[0]);
            assertThat(perDay.column("category")).isSubsetOf("COMPUTE", "STORAGE", "NETWORK", "CONTROL_PLANE", "SHARED",
                    "IDLE", "UNALLOCATED", "EXTERNAL");
            assertThat(perDay.column("time")).allMatch(t -> t.startsWith(demoDay.toString()));
            // nothing of the demo is estimated: its export covers its day
            assertThat(admin.get("team " + team.getKey()).get("tally-team#4").column("cost_basis"))
                    .containsExactly("actual (from the export)");
        }
    }

    @Test
    void theForecastIsTheRunRateOfTheMonthsDaysTimesTheDaysOfTheMonth() {
        Result forecast = admin.get("team " + TEAM_A).get("tally-team#3");
        if (!YearMonth.from(demoDay).equals(YearMonth.from(LocalDate.ofInstant(range.to(), ZoneOffset.UTC)))) {
            assertThat(forecast.single("forecast_billed_cost")).isEqualByComparingTo(BigDecimal.ZERO);
            return;
        }
        BigDecimal monthToDate = summary.chargeback().byTeam().get(TEAM_A).get(USD)[0];
        int elapsed = demoDay.getDayOfMonth();
        int days = demoDay.lengthOfMonth();
        assertThat(forecast.single("days_elapsed")).isEqualByComparingTo(BigDecimal.valueOf(elapsed));
        assertThat(forecast.single("days_in_month")).isEqualByComparingTo(BigDecimal.valueOf(days));
        BigDecimal expected = monthToDate.divide(BigDecimal.valueOf(elapsed), 24, RoundingMode.DOWN).multiply(BigDecimal.valueOf(days));
        assertThat(forecast.single("forecast_billed_cost")).isCloseTo(expected, within(new BigDecimal("1e-18")));
        assertThat(forecast.single("month_to_date_billed_cost")).isEqualByComparingTo(monthToDate);
    }

    @Test
    void topWorkloadsAreTheTeamsTenMostExpensiveWorkloads() {
        Map<List<String>, BigDecimal> byWorkload = new HashMap<>();
        Result rows = raw.get("allocation");
        for (List<String> row : rows.rows()) {
            if (row.get(0).equals(TEAM_A)) {
                byWorkload.merge(List.of(row.get(1), row.get(2), row.get(3), row.get(4)), new BigDecimal(row.get(7)), BigDecimal::add);
            }
        }
        List<Map.Entry<List<String>, BigDecimal>> expected = new ArrayList<>(byWorkload.entrySet());
        expected.sort(Map.Entry.<List<String>, BigDecimal>comparingByValue().reversed());
        Result top = admin.get("team " + TEAM_A).get("tally-team#8");
        assertThat(top.rows()).hasSize(Math.min(10, expected.size())).isNotEmpty();
        for (int i = 0; i < top.rows().size(); i++) {
            List<String> row = top.rows().get(i);
            assertThat(row.subList(0, 4)).as("rank " + (i + 1)).isEqualTo(expected.get(i).getKey());
            assertThat(new BigDecimal(row.get(4))).as("rank " + (i + 1)).isEqualByComparingTo(expected.get(i).getValue());
        }
    }

    @Test
    void singleMultiAndAllSelectionsOfClusterAndNamespaceFilterTheRows() {
        BigDecimal prod = BigDecimal.ZERO;
        BigDecimal shop = BigDecimal.ZERO;
        for (List<String> row : raw.get("allocation").rows()) {
            if (row.get(0).equals(TEAM_A)) {
                BigDecimal billed = new BigDecimal(row.get(7));
                prod = row.get(1).equals("aks-prod-weu") ? prod.add(billed) : prod;
                shop = row.get(2).equals("shop") ? shop.add(billed) : shop;
            }
        }
        assertThat(prod).isPositive().isLessThan(summary.chargeback().byTeam().get(TEAM_A).get(USD)[0]);
        assertThat(admin.get("team checkout prod").get("tally-team#5").sum("billed_cost")).isEqualByComparingTo(prod);
        assertThat(admin.get("team checkout prod").get("tally-team#8").column("cluster")).containsOnly("aks-prod-weu");
        assertThat(admin.get("team checkout shop both clusters").get("tally-team#5").sum("billed_cost")).isEqualByComparingTo(shop);
        assertThat(admin.get("platform prod").get("tally-platform#1").column("cluster")).containsExactly("aks-prod-weu");
        assertThat(admin.get("platform prod").get("tally-platform#6").column("cluster")).containsOnly("aks-prod-weu");
    }

    @Test
    void efficiencyIsUsedOverRequestedOfTheTeamsWorkloads() {
        Set<List<String>> owned = ownedWorkloads(TEAM_A);
        double cpuUsed = 0;
        double cpuRequested = 0;
        double memoryUsed = 0;
        double memoryRequested = 0;
        for (List<String> row : raw.get("usage").rows()) {
            if (owned.contains(row.subList(0, 4))) {
                cpuUsed += Double.parseDouble(row.get(4));
                cpuRequested += Double.parseDouble(row.get(5));
                memoryUsed += Double.parseDouble(row.get(6));
                memoryRequested += Double.parseDouble(row.get(7));
            }
        }
        Result efficiency = admin.get("team " + TEAM_A).get("tally-team#6");
        assertThat(efficiency.single("cpu_efficiency").doubleValue()).isCloseTo(cpuUsed / cpuRequested, within(1e-9));
        assertThat(efficiency.single("memory_efficiency").doubleValue()).isCloseTo(memoryUsed / memoryRequested, within(1e-9));
        assertThat(cpuUsed / cpuRequested).isBetween(0.01, 2.0);
    }

    @Test
    void idleShareIsTheIdleCategorysPartOfTheCost() {
        Map<String, BigDecimal[]> byCluster = new TreeMap<>();
        BigDecimal[] team = {BigDecimal.ZERO, BigDecimal.ZERO};
        for (List<String> row : raw.get("allocation").rows()) {
            BigDecimal billed = new BigDecimal(row.get(7));
            boolean idle = row.get(5).equals("IDLE");
            BigDecimal[] c = byCluster.computeIfAbsent(row.get(1), k -> new BigDecimal[]{BigDecimal.ZERO, BigDecimal.ZERO});
            c[0] = c[0].add(billed);
            c[1] = idle ? c[1].add(billed) : c[1];
            if (row.get(0).equals(TEAM_A)) {
                team[0] = team[0].add(billed);
                team[1] = idle ? team[1].add(billed) : team[1];
            }
        }
        Result platform = admin.get("platform").get("tally-platform#1");
        assertThat(platform.column("cluster")).containsExactlyInAnyOrderElementsOf(byCluster.keySet());
        for (int i = 0; i < platform.rows().size(); i++) {
            BigDecimal[] expected = byCluster.get(platform.column("cluster").get(i));
            assertThat(new BigDecimal(platform.column("billed_cost").get(i))).isEqualByComparingTo(expected[0]);
            assertThat(new BigDecimal(platform.column("idle_billed_cost").get(i))).isEqualByComparingTo(expected[1]);
            if (expected[0].signum() != 0) {
                assertThat(new BigDecimal(platform.column("idle_share").get(i)))
                        .isCloseTo(expected[1].divide(expected[0], MathContext.DECIMAL128), within(new BigDecimal("1e-20")));
            }
        }
        // the demo keeps idle in __idle__ (policy none): the prod cluster's idle is a large share, no team pays idle
        BigDecimal[] prod = byCluster.get("aks-prod-weu");
        assertThat(prod[1].divide(prod[0], MathContext.DECIMAL64)).isGreaterThan(new BigDecimal("0.1"));
        assertThat(admin.get("team " + TEAM_A).get("tally-team#7").single("idle_share")).isEqualByComparingTo(
                team[0].signum() == 0 ? BigDecimal.ZERO : team[1].divide(team[0], MathContext.DECIMAL128));
    }

    @Test
    void logVolumeIsTheTeamsWorkloadsBytesAndItsCostIsTheAllocationsLogsCategory() {
        Set<List<String>> owned = ownedWorkloads(TEAM_A);
        Map<List<String>, Long> bytes = new HashMap<>();
        for (List<String> row : raw.get("logs").rows()) {
            if (owned.contains(row.subList(0, 4))) {
                bytes.merge(List.of(row.get(0), row.get(1)), Long.parseLong(row.get(4)), Long::sum);
            }
        }
        assertThat(bytes).isNotEmpty();
        // the allocation's LOGS rows: the same bytes at the configured price (LogPrice, default 2.30 USD per GiB)
        Result cost = admin.get("team " + TEAM_A).get("tally-team#10");
        assertThat(cost.rows()).hasSameSizeAs(bytes.keySet());
        for (List<String> row : cost.rows()) {
            long expected = bytes.get(List.of(row.get(0), row.get(1)));
            BigDecimal atPrice = BigDecimal.valueOf(expected).multiply(new BigDecimal("2.30"))
                    .divide(BigDecimal.valueOf(1L << 30), 12, RoundingMode.HALF_EVEN);
            // each workload-day's charge is rounded to 10 decimals
            assertThat(new BigDecimal(row.get(2))).as(row.toString()).isCloseTo(atPrice, within(new BigDecimal("1e-8")));
            assertThat(row.get(3)).as(row.toString()).isEqualTo("2.30 USD/GiB");
        }
        long perDay = admin.get("team " + TEAM_A).get("tally-team#9").sum("log_bytes").longValueExact();
        assertThat(perDay).isEqualTo(bytes.values().stream().mapToLong(Long::longValue).sum());
    }

    // ---------------------------------------------------------------------------------------------------------
    // platform efficiency and finance: known cases

    @Test
    void theClustersCostsAddUpToTheInvoiceAndTheUnownedSpendToTheUnownedTeam() {
        BigDecimal[] invoice = summary.chargeback().invoice().get(USD);
        Result perCluster = admin.get("platform").get("tally-platform#1");
        assertThat(perCluster.sum("billed_cost")).isEqualByComparingTo(invoice[0]);
        assertThat(perCluster.sum("effective_cost")).isEqualByComparingTo(invoice[1]);
        BigDecimal[] unowned = summary.chargeback().byTeam().get("unowned").get(USD);
        Result unownedSpend = admin.get("platform").get("tally-platform#4");
        assertThat(unownedSpend.sum("billed_cost")).isEqualByComparingTo(unowned[0]);
        assertThat(unownedSpend.sum("effective_cost")).isEqualByComparingTo(unowned[1]);
        assertThat(unownedSpend.column("namespace")).contains("__idle__");
        // shared: what is kept plus what was distributed is all cost of those categories or that bucket
        Result shared = admin.get("platform").get("tally-platform#5");
        BigDecimal expectedShared = BigDecimal.ZERO;
        for (List<String> row : raw.get("allocation").rows()) {
            if (row.get(5).equals("SHARED") || row.get(5).equals("CONTROL_PLANE") || row.get(2).equals("__shared__")) {
                expectedShared = expectedShared.add(new BigDecimal(row.get(7)));
            }
        }
        assertThat(shared.sum("billed_cost")).isPositive().isEqualByComparingTo(expectedShared);
        assertThat(shared.sum("kept_shared_billed_cost").add(shared.sum("distributed_billed_cost"))).isEqualByComparingTo(expectedShared);
    }

    @Test
    void binPackingCountsEveryRequestedCoreSecondTheSimulatorRequested() {
        DemoCheck requested = summary.checks().stream().filter(c -> c.what().equals("CPU requested, core-seconds"))
                .findFirst().orElseThrow();
        Result pools = admin.get("platform").get("tally-platform#2");
        Map<String, Double> perCluster = new TreeMap<>();
        for (int i = 0; i < pools.rows().size(); i++) {
            perCluster.merge(pools.column("cluster").get(i), Double.parseDouble(pools.column("cpu_request_core_hours").get(i)), Double::sum);
            double share = Double.parseDouble(pools.column("cpu_requested_share").get(i));
            assertThat(share).as(pools.rows().get(i).toString()).isBetween(0.0, 1.5);
        }
        assertThat(perCluster.keySet()).containsExactlyInAnyOrderElementsOf(requested.simulator().keySet());
        requested.simulator().forEach((cluster, coreSeconds) ->
                assertThat(perCluster.get(cluster) * 3600).as(cluster).isCloseTo(coreSeconds.doubleValue(), within(1e-3)));
    }

    @Test
    void ingestHealthShowsTheSamplesTheFreshnessAndTheLastExportRun() {
        Result samples = admin.get("platform").get("tally-platform#6");
        // hour by hour, the simulator's samples (the panel's buckets are hours for any range up to 41 days)
        Map<String, Long> shown = new HashMap<>();
        for (int i = 0; i < samples.rows().size(); i++) {
            shown.put(samples.column("cluster").get(i) + " " + samples.column("time").get(i).substring(0, 19),
                    Long.parseLong(samples.column("samples").get(i)));
        }
        int hours = 0;
        for (Map.Entry<String, Map<Instant, Long>> cluster : summary.samplesTruth().entrySet()) {
            for (Map.Entry<Instant, Long> hour : cluster.getValue().entrySet()) {
                String key = cluster.getKey() + " " + hour.getKey().toString().replace('T', ' ').substring(0, 19);
                assertThat(shown.get(key)).as(key).isEqualTo(hour.getValue()).isPositive();
                hours++;
            }
        }
        assertThat(hours).isEqualTo(6);
        Result freshness = admin.get("platform").get("tally-platform#7");
        assertThat(freshness.column("cluster")).containsExactly("aks-dev-weu", "aks-prod-weu");
        String lastHour = settings.to().minus(Duration.ofHours(1)).toString().replace('T', ' ').replace("Z", "");
        assertThat(freshness.column("newest_usage_hour")).allMatch(h -> h.startsWith(lastHour), "the demo's last hour " + lastHour);
        Result runs = admin.get("platform").get("tally-platform#8");
        assertThat(runs.column("status")).containsOnly("complete");
        assertThat(runs.column("scope")).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(new HashSet<>(raw.get("runs").column("scope")));
    }

    @Test
    void financeTotalsReconcileWithTheExportAndCountTheRuns() {
        BigDecimal[] invoice = summary.chargeback().invoice().get(USD);
        Result perCostCenter = admin.get("finance").get("tally-finance#1");
        assertThat(perCostCenter.sum("billed_cost")).isEqualByComparingTo(invoice[0]);
        assertThat(perCostCenter.sum("effective_cost")).isEqualByComparingTo(invoice[1]);
        // the checkout team's cost center holds the checkout team's cost (it is the only team on it)
        String costCenter = raw.get("allocation").rows().stream().filter(r -> r.get(0).equals(TEAM_A)).map(r -> r.get(6))
                .findFirst().orElseThrow();
        int row = perCostCenter.column("cost_center").indexOf(costCenter);
        assertThat(new BigDecimal(perCostCenter.column("billed_cost").get(row)))
                .isEqualByComparingTo(summary.chargeback().byTeam().get(TEAM_A).get(USD)[0]);
        Result daily = admin.get("finance").get("tally-finance#2");
        assertThat(daily.sum("billed_cost")).isEqualByComparingTo(invoice[0]);
        assertThat(daily.sum("effective_cost")).isEqualByComparingTo(invoice[1]);
        Result reconciliation = admin.get("finance").get("tally-finance#3");
        assertThat(reconciliation.column("reconciliation")).containsOnly("reconciled");
        assertThat(reconciliation.sum("export_billed_cost")).isEqualByComparingTo(invoice[0]);
        assertThat(reconciliation.sum("allocated_effective_cost")).isEqualByComparingTo(invoice[1]);
        int runs = raw.get("runs").rows().size();
        assertThat(admin.get("finance").get("tally-finance#4").sum("runs").intValueExact()).isEqualTo(runs).isPositive();
        assertThat(admin.get("finance").get("tally-finance#5").sum("runs").intValueExact()).isEqualTo(runs);
        // the demo published v1 of its month's report, reconciled: its totals are the invoice
        Result versions = admin.get("finance").get("tally-finance#6");
        assertThat(versions.column("version")).containsExactly("1");
        assertThat(versions.column("reconciliation")).containsExactly("reconciled");
        assertThat(versions.column("month")).containsExactly(demoDay.withDayOfMonth(1).toString());
        assertThat(versions.sum("billed_cost")).isEqualByComparingTo(invoice[0]);
        assertThat(versions.sum("effective_cost")).isEqualByComparingTo(invoice[1]);
        assertThat(versions.column("parquet_sha256")).allMatch(h -> h.matches("[0-9a-f]{64}"), "a SHA-256");
    }

    // ---------------------------------------------------------------------------------------------------------
    // rightsizing: known cases

    @Test
    void recommendationsAreSortedBySavingsAndTheTopOneIsTheDemosAuthService() {
        Result recommendations = admin.get("rightsizing vpa").get("tally-rightsizing#2");
        List<BigDecimal> savings = recommendations.column("monthly_savings").stream().map(BigDecimal::new).toList();
        assertThat(savings).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        List<String> top = recommendations.rows().get(0);
        // DemoCommandIT's own expectation: aks-prod-weu identity/auth-service auth, CPU 2.000 -> …
        assertThat(top.subList(0, 6)).containsExactly("aks-prod-weu", "identity", "Deployment", "auth-service", "auth", "identity");
        assertThat(new BigDecimal(top.get(7))).isEqualByComparingTo("2");
        BigDecimal positive = BigDecimal.ZERO;
        for (List<String> r : raw.get("recommendations").rows()) {
            BigDecimal s = new BigDecimal(r.get(1));
            positive = r.get(0).equals("vpa") && s.signum() > 0 ? positive.add(s) : positive;
        }
        assertThat(admin.get("rightsizing vpa").get("tally-rightsizing#1").single("monthly_savings")).isEqualByComparingTo(positive);
        // a team selected: only its workloads
        assertThat(admin.get("rightsizing identity").get("tally-rightsizing#2").column("team")).containsOnly("identity");
        assertThat(admin.get("rightsizing simple").get("tally-rightsizing#2").rows()).isNotEmpty();
    }

    @Test
    void riskyWorkloadsIncludeTheOomKilledBatchApiAndDriftIsCurrentOverRecommended() {
        Result risky = admin.get("rightsizing vpa").get("tally-rightsizing#4");
        int i = risky.column("workload_name").indexOf("jvm-batch-api");
        assertThat(i).as(risky.rows().toString()).isNotNegative();
        assertThat(risky.rows().get(i).subList(0, 2)).containsExactly("aks-dev-weu", "sandbox");
        assertThat(Long.parseLong(risky.column("oom_kills").get(i))).isPositive();
        List<Long> oomKills = risky.column("oom_kills").stream().map(Long::parseLong).toList();
        assertThat(oomKills).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        Result drift = admin.get("rightsizing vpa").get("tally-rightsizing#3");
        assertThat(drift.column("container_path")).contains("aks-prod-weu/identity/auth-service/auth");
        assertThat(drift.column("cpu_drift_ratio")).filteredOn(v -> v != null).isNotEmpty()
                .allMatch(v -> Double.parseDouble(v) > 0);
    }

    // ---------------------------------------------------------------------------------------------------------
    // per-team isolation

    @Test
    void asTeamAsUserTheVariablesOfferOnlyTeamAAndItsClustersAndNamespaces() {
        assertThat(teamAVariables.get("team " + TEAM_A).options().get("team")).containsExactly(TEAM_A);
        assertThat(teamAVariables.get("team " + TEAM_A).options().get("namespace")).containsExactly("shop");
        assertThat(teamAVariables.get("rightsizing vpa").options().get("team")).containsExactly(TEAM_A);
        assertThat(teamAVariables.get("rightsizing vpa").options().get("namespace")).containsExactly("shop");
        assertThat(teamAVariables.get("platform").options().get("cluster")).containsExactly("aks-dev-weu", "aks-prod-weu");
    }

    @Test
    void asTeamAsUserTheTeamDashboardsShowExactlyWhatTheAdministratorSeesForTeamA() {
        for (String scenario : List.of("team " + TEAM_A, "rightsizing vpa")) {
            Map<String, Result> asTeam = teamA.get(scenario);
            Map<String, Result> asAdmin = scenario.startsWith("team") ? admin.get(scenario) : null;
            for (Map.Entry<String, Result> panel : asTeam.entrySet()) {
                assertThat(panel.getValue().error()).as(scenario + " " + panel.getKey()).isNull();
                if (asAdmin != null) {
                    assertThat(panel.getValue().rows()).as(scenario + " " + panel.getKey())
                            .isEqualTo(asAdmin.get(panel.getKey()).rows());
                }
            }
        }
        // rightsizing with All teams, as team A: team A's recommendations only
        assertThat(teamA.get("rightsizing vpa").get("tally-rightsizing#2").column("team")).isNotEmpty().containsOnly(TEAM_A);
        assertThat(teamA.get("rightsizing vpa").get("tally-rightsizing#4").column("team")).containsOnly(TEAM_A);
    }

    @Test
    void asTeamAsUserNoDashboardQueryReturnsTeamBsRows() {
        Set<String> teamBOnly = new HashSet<>();
        for (List<String> row : raw.get("ownership").rows()) {
            if (row.get(4).equals(TEAM_B)) {
                teamBOnly.add(row.get(1));
                teamBOnly.add(row.get(3));
            }
        }
        for (List<String> row : raw.get("ownership").rows()) {
            if (!row.get(4).equals(TEAM_B)) {
                teamBOnly.remove(row.get(1));
                teamBOnly.remove(row.get(3));
            }
        }
        teamBOnly.add(TEAM_B);
        assertThat(teamBOnly).contains("search");
        BigDecimal teamATotal = summary.chargeback().byTeam().get(TEAM_A).get(USD)[0];
        int denied = 0;
        int answered = 0;
        for (Map.Entry<String, Map<String, Result>> scenario : teamA.entrySet()) {
            for (Map.Entry<String, Result> panel : scenario.getValue().entrySet()) {
                Result r = panel.getValue();
                String what = scenario.getKey() + " " + panel.getKey();
                if (r.failed()) {
                    // the platform's tables are not in the team database, and the Tally database is closed to it
                    assertThat(r.error()).as(what).containsAnyOf("UNKNOWN_TABLE", "ACCESS_DENIED", "Not enough privileges");
                    denied++;
                    continue;
                }
                answered++;
                for (List<String> row : r.rows()) {
                    assertThat(row).as(what).doesNotContainAnyElementsOf(teamBOnly);
                }
                // money seen by team A never exceeds team A's total
                for (String column : r.columns()) {
                    if (column.equals("billed_cost")) {
                        assertThat(r.sum(column)).as(what).isLessThanOrEqualTo(teamATotal);
                    }
                }
                if (scenario.getKey().endsWith(TEAM_B)) {
                    // asking for team B gives nothing: no rows, or sums over no rows
                    for (List<String> row : r.rows()) {
                        assertThat(row).as(what).allMatch(v -> v == null || v.isEmpty() || isZero(v)
                                || v.equals("actual (from the export)") || v.equals(LocalDate.ofInstant(range.to(), ZoneOffset.UTC).lengthOfMonth() + ""));
                    }
                }
            }
        }
        assertThat(denied).isPositive();
        assertThat(answered).isPositive();
        // what team A may see of the platform's cost panel is its own money only
        assertThat(teamA.get("platform").get("tally-platform#1").sum("billed_cost")).isEqualByComparingTo(teamATotal);
        assertThat(teamA.get("finance").get("tally-finance#1").sum("billed_cost")).isEqualByComparingTo(teamATotal);
    }

    @Test
    void asTeamAsUserDirectSelectsSeeOnlyTeamAsRowsAndTheTallyDatabaseIsClosed() {
        Set<List<String>> owned = ownedWorkloads(TEAM_A);
        for (String table : tallyTables) {
            Result r = teamADirect.get("SELECT * FROM tally." + table + " LIMIT 1");
            assertThat(r.error()).as(table).isNotNull().containsAnyOf("ACCESS_DENIED", "Not enough privileges");
        }
        for (TeamAccess.TeamView view : TeamAccess.VIEWS) {
            Result r = teamADirect.get("SELECT * FROM " + view.name());
            assertThat(r.error()).as(view.name()).isNull();
            assertThat(r.rows()).as(view.name()).isNotEmpty();
            if (view.ownership() == TeamAccess.Ownership.TEAM_COLUMN) {
                assertThat(r.column("team")).as(view.name()).containsOnly(TEAM_A);
            } else {
                for (int i = 0; i < r.rows().size(); i++) {
                    List<String> workload = List.of(r.column("cluster").get(i), r.column("namespace").get(i),
                            r.column("workload_kind").get(i), r.column("workload_name").get(i));
                    assertThat(owned).as(view.name()).contains(workload);
                }
            }
            // and all of team A's rows: as many as the administrator counts for team A
            assertThat((long) r.rows().size()).as(view.name()).isEqualTo(Long.parseLong(
                    raw.get("count " + view.name()).rows().get(0).get(0)));
        }
        assertThat(teamADirect.get("SELECT * FROM cost_allocation_daily_latest WHERE team = '" + TEAM_B + "'").rows()).isEmpty();
        // what a team can query is exactly the views checked above: a table added to the team database without its
        // row policy here fails this test
        assertThat(teamADirect.get(TEAM_TABLES).column("name")).as("the team database's tables")
                .containsExactlyInAnyOrderElementsOf(TeamAccess.VIEWS.stream().map(TeamAccess.TeamView::name).toList());
        // every rightsizing table or view is one of them; the report versions are not (finance's, not a team's)
        assertThat(tallyTables).contains("report_versions", "rightsizing_recommendations", "rightsizing_recommendations_latest");
        assertThat(tallyTables.stream().filter(t -> t.startsWith("rightsizing_recommendations")))
                .allMatch(t -> TeamAccess.VIEWS.stream().anyMatch(v -> v.name().equals(t)));
        assertThat(TeamAccess.VIEWS).noneMatch(v -> v.name().startsWith("report_versions"));
        assertThat(teamADirect.get("SELECT * FROM report_versions").error()).isNotNull()
                .containsAnyOf("UNKNOWN_TABLE", "ACCESS_DENIED", "Not enough privileges");
        assertThat(teamADirect.get("SELECT * FROM tally.report_versions LIMIT 1").error()).isNotNull()
                .containsAnyOf("ACCESS_DENIED", "Not enough privileges");
        assertThat(teamADirect.get("INSERT INTO cost_allocation_daily_latest (team) VALUES ('x')").error()).isNotNull();
        assertThat(teamADirect.get("SET readonly = 0").error()).isNotNull();
        assertThat(teamADirect.get("SELECT * FROM system.row_policies").error()).isNotNull();
        assertThat(teamADirect.entrySet().stream().filter(e -> e.getKey().contains("file(")).findFirst().orElseThrow()
                .getValue().error()).isNotNull();
    }

    @Test
    void theTeamAccessSqlForARealServerIsValidClickHouseSql() {
        assertThat(serverStatementsParsed).isNotEmpty();
        serverStatementsParsed.forEach((statement, parsed) -> assertThat(parsed.error()).as(statement).isNull());
        assertThat(serverStatementsParsed.keySet()).anyMatch(s -> s.startsWith("CREATE ROW POLICY OR REPLACE tally_team_checkout ON "
                + "tally_team.usage_workload_hourly_latest FOR SELECT USING (cluster, namespace, workload_kind, workload_name) IN"));
    }

    @Test
    void theTeamAccessSqlForTheReplicasOfAClusterIsValidClickHouseSqlThatKeepsWhereItRuns() {
        assertThat(clusterStatementsParsed).hasSize(serverStatementsParsed.size());
        clusterStatementsParsed.forEach((statement, parsed) -> {
            assertThat(parsed.error()).as(statement).isNull();
            String formatted = parsed.rows().get(0).get(0);
            if (statement.startsWith("CREATE OR REPLACE VIEW ")) {
                assertThat(formatted).as("a view of the Replicated team database").doesNotContain("ON CLUSTER");
            } else {
                // ClickHouse read the clause as the statement's cluster, not as part of a name or a filter
                assertThat(formatted).as(statement).contains(" ON CLUSTER tally");
            }
        });
        assertThat(clusterStatementsParsed.values()).map(r -> r.rows().get(0).get(0))
                .filteredOn(f -> f.startsWith("CREATE DATABASE")).containsExactly("CREATE DATABASE IF NOT EXISTS tally_team ON CLUSTER tally "
                        + "ENGINE = Replicated('/clickhouse/databases/tally_team', '{shard}', '{replica}')");
    }

    // ---------------------------------------------------------------------------------------------------------

    private void runAll(PanelRunner runner, List<Scenario> scenarios, Map<String, Map<String, Result>> into,
                        Map<String, Variables> variablesInto) throws Exception {
        for (Scenario s : scenarios) {
            GrafanaDashboard dashboard = GrafanaDashboard.byUid(s.dashboard());
            Variables variables = runner.variables(dashboard, s.chosen(), s.forced());
            variablesInto.put(s.name(), variables);
            Map<String, Result> results = new LinkedHashMap<>();
            for (Panel panel : dashboard.panels()) {
                if (panel.targets().get(0).isSql()) {
                    results.put(dashboard.uid() + "#" + panel.id(), runner.panel(panel, variables));
                }
            }
            into.put(s.name(), results);
        }
    }

    private void readRaw(PanelRunner runner) {
        String db = ClickHouseUrl.DEFAULT_DATABASE + ".";
        raw.put("allocation", runner.run("SELECT team, cluster, namespace, workload_kind, workload_name, category, cost_center, "
                + "toString(billed_cost), toString(effective_cost) FROM " + db + "cost_allocation_daily_latest WHERE currency = 'USD' "
                + "AND category NOT IN ('LOGS', 'NO_COST')"));
        raw.put("ownership", runner.run("SELECT cluster, namespace, workload_kind, workload_name, team FROM " + db
                + "catalog_ownership_latest"));
        raw.put("usage", runner.run("SELECT cluster, namespace, workload_kind, workload_name, toString(cpu_usage_core_hours), "
                + "toString(cpu_request_core_hours), toString(memory_working_set_avg_bytes), toString(memory_request_byte_hours) FROM "
                + db + "usage_workload_hourly_latest"));
        raw.put("logs", runner.run("SELECT cluster, namespace, workload_kind, workload_name, toString(bytes) FROM " + db
                + "log_usage_hourly_latest"));
        raw.put("runs", runner.run("SELECT scope, run_id FROM " + db + "cost_export_runs_latest"));
        raw.put("recommendations", runner.run("SELECT strategy, toString(monthly_savings) FROM " + db
                + "rightsizing_recommendations_latest"));
        for (TeamAccess.TeamView view : TeamAccess.VIEWS) {
            String where = view.ownership() == TeamAccess.Ownership.TEAM_COLUMN ? "team = '" + TEAM_A + "'"
                    : "(cluster, namespace, workload_kind, workload_name) IN (SELECT cluster, namespace, workload_kind, "
                    + "workload_name FROM " + db + "catalog_ownership_latest WHERE team = '" + TEAM_A + "')";
            raw.put("count " + view.name(), runner.run("SELECT count() FROM " + db + view.name() + " WHERE " + where));
        }
        Result tables = runner.run("SELECT name FROM system.tables WHERE database = 'tally' ORDER BY name");
        tallyTables = tables.column("name");
        raw.values().forEach(r -> assertThat(r.error()).as(r.sql()).isNull());
        assertThat(tallyTables).contains("cost_allocation_daily", "usage_hourly", "node_hourly_latest");
    }

    private void direct(PanelRunner runner, String sql) {
        teamADirect.put(sql, runner.run(sql));
    }

    private Set<List<String>> ownedWorkloads(String team) {
        Set<List<String>> owned = new HashSet<>();
        for (List<String> row : raw.get("ownership").rows()) {
            if (row.get(4).equals(team)) {
                owned.add(row.subList(0, 4));
            }
        }
        return owned;
    }

    private static boolean isZero(String value) {
        try {
            return new BigDecimal(value).signum() == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private Path configFile(String name, String usersXml) throws java.io.IOException {
        Path users = data.resolve(name + "-users.xml");
        Files.writeString(users, usersXml);
        Path config = data.resolve(name + "-config.xml");
        Files.writeString(config, "<clickhouse>\n  <users_config>" + users.toAbsolutePath() + "</users_config>\n</clickhouse>\n");
        return config;
    }

    private static Path projectHome() {
        String property = System.getProperty("tally.home");
        if (property != null && !property.isBlank()) {
            return Paths.get(property).toAbsolutePath().normalize();
        }
        return Paths.get("..").toAbsolutePath().normalize();
    }

    private static Map<String, List<String>> expectedColumns() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("tally-team#1", List.of("billed_cost", "effective_cost"));
        c.put("tally-team#2", List.of("billed_cost", "effective_cost"));
        c.put("tally-team#3", List.of("month_to_date_billed_cost", "days_elapsed", "days_in_month", "forecast_billed_cost"));
        c.put("tally-team#4", List.of("cost_basis", "billed_cost"));
        c.put("tally-team#5", List.of("time", "category", "billed_cost"));
        c.put("tally-team#6", List.of("cpu_efficiency", "memory_efficiency"));
        c.put("tally-team#7", List.of("idle_share"));
        c.put("tally-team#8", List.of("cluster", "namespace", "workload_kind", "workload_name", "billed_cost", "effective_cost"));
        c.put("tally-team#9", List.of("time", "namespace", "log_bytes"));
        c.put("tally-team#10", List.of("cluster", "namespace", "log_cost", "log_price"));
        c.put("tally-platform#1", List.of("cluster", "billed_cost", "effective_cost", "idle_billed_cost", "idle_share"));
        c.put("tally-platform#2", List.of("cluster", "node_pool", "cpu_allocatable_core_hours", "cpu_request_core_hours",
                "cpu_requested_share", "memory_allocatable_byte_hours", "memory_request_byte_hours", "memory_requested_share"));
        c.put("tally-platform#3", List.of("time", "cluster", "cpu_requested_share"));
        c.put("tally-platform#4", List.of("cluster", "namespace", "category", "billed_cost", "effective_cost"));
        c.put("tally-platform#5", List.of("category", "kept_shared_billed_cost", "distributed_billed_cost", "billed_cost"));
        c.put("tally-platform#6", List.of("time", "cluster", "samples"));
        c.put("tally-platform#7", List.of("cluster", "newest_usage_hour", "usage_hours_behind"));
        c.put("tally-platform#8", List.of("scope", "dataset", "billing_period", "status", "produced_at", "imported_at",
                "rows_imported", "rows_rejected", "message"));
        c.put("tally-finance#1", List.of("month", "cost_center", "billed_cost", "effective_cost"));
        c.put("tally-finance#2", List.of("time", "billed_cost", "effective_cost"));
        c.put("tally-finance#3", List.of("billing_period", "dataset", "currency", "export_billed_cost", "allocated_billed_cost",
                "export_effective_cost", "allocated_effective_cost", "billed_cost_difference", "effective_cost_difference",
                "reconciliation"));
        c.put("tally-finance#4", List.of("time", "status", "runs"));
        c.put("tally-finance#6", List.of("month", "version", "basis", "generated_at", "rows", "billed_cost", "effective_cost",
                "reconciliation", "location", "parquet_sha256", "export_runs"));
        c.put("tally-finance#5", List.of("billing_period", "dataset", "runs", "superseded_runs", "held_runs", "failed_runs",
                "last_imported_at"));
        c.put("tally-rightsizing#1", List.of("currency", "monthly_savings"));
        c.put("tally-rightsizing#2", List.of("cluster", "namespace", "workload_kind", "workload_name", "container", "team",
                "status", "current_cpu_request_cores", "recommended_cpu_request_cores", "current_memory_request_bytes",
                "recommended_memory_request_bytes", "monthly_savings", "currency", "confidence"));
        c.put("tally-rightsizing#3", List.of("time", "container_path", "cpu_drift_ratio"));
        c.put("tally-rightsizing#4", List.of("cluster", "namespace", "workload_kind", "workload_name", "container", "team",
                "risk_reasons", "oom_kills", "cpu_throttled_ratio", "current_memory_request_bytes",
                "recommended_memory_request_bytes", "memory_peak_bytes", "current_cpu_request_cores",
                "recommended_cpu_request_cores"));
        return c;
    }
}
