package dev.tally.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tally.dashboards.GrafanaDashboard.Panel;
import dev.tally.dashboards.GrafanaDashboard.Target;
import dev.tally.dashboards.GrafanaDashboard.Variable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The dashboards' structure: ids, data sources, time ranges, variables, units, links. */
class DashboardLintTest {

    private static final List<GrafanaDashboard> DASHBOARDS = GrafanaDashboard.all();
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$(\\w+)|\\[\\[(\\w+?)(?::\\w+)?\\]\\]|\\$\\{(\\w+)(?:\\.[^:^}]+)?(?::[^}]+)?\\}");
    /** Grafana's built-in variables and the plugin's macros: never dashboard variables. */
    private static final Set<String> BUILT_IN = Set.of("__data", "__url_time_range", "__from", "__to", "__interval",
            "__interval_ms", "__rate_interval", "__range_s", "__timeFilter", "__timeFilter_ms", "__dateFilter",
            "__fromTime", "__toTime", "__fromTime_ms", "__toTime_ms", "__interval_s", "__conditionalAll",
            "__timeInterval", "__field", "__value", "__series", "__all");
    private static final Set<String> TIME_MACROS = Set.of("$__timeFilter", "$__dateFilter", "$__fromTime", "$__toTime");

    @Test
    void theFourDashboardsAreThereWithUniqueUidsAndTheCurrentSchema() {
        assertThat(DASHBOARDS).extracting(GrafanaDashboard::uid)
                .containsExactlyInAnyOrder("tally-finance", "tally-platform", "tally-rightsizing", "tally-team")
                .doesNotHaveDuplicates();
        for (GrafanaDashboard d : DASHBOARDS) {
            assertThat(d.json().path("schemaVersion").asInt()).as(d.uid()).isGreaterThanOrEqualTo(39);
            assertThat(d.json().path("tags").toString()).as(d.uid()).contains("\"tally\"");
            assertThat(d.json().path("timezone").asText()).as(d.uid()).isEqualTo("utc");
        }
    }

    @Test
    void panelIdsAreUniqueInEachDashboardAndEveryPanelHasAPlaceAndAQuery() {
        for (GrafanaDashboard d : DASHBOARDS) {
            List<Integer> ids = d.panels().stream().map(Panel::id).toList();
            assertThat(ids).as(d.uid()).doesNotHaveDuplicates().allMatch(id -> id > 0);
            for (Panel p : d.panels()) {
                assertThat(p.json().path("gridPos").path("w").asInt()).as(p.name()).isPositive();
                assertThat(p.json().path("gridPos").path("h").asInt()).as(p.name()).isPositive();
                assertThat(p.targets()).as(p.name()).isNotEmpty();
                assertThat(p.targets()).as(p.name()).extracting(Target::refId).doesNotHaveDuplicates();
                assertThat(p.targets()).as(p.name()).allMatch(t -> !t.text().isBlank());
            }
        }
    }

    @Test
    void everyDataSourceUidIsProvisionedAndTheTeamDashboardsNeedOnlyWhatATeamOrganizationHas() throws IOException {
        Map<String, String> platform = dataSources(GrafanaDashboard.PROVISIONING.resolve("datasources"));
        Map<String, String> team = dataSources(GrafanaDashboard.PROVISIONING.resolve("teams/example/datasources"));
        assertThat(platform).containsEntry("tally-clickhouse", "grafana-clickhouse-datasource")
                .containsEntry("tally-prometheus", "prometheus");
        assertThat(team).containsOnlyKeys("tally-clickhouse");
        for (GrafanaDashboard d : DASHBOARDS) {
            Map<String, String> provisioned = d.folder().equals("teams") ? team : platform;
            for (Panel p : d.panels()) {
                assertThat(provisioned).as(p.name()).containsEntry(p.datasourceUid(), p.datasourceType());
                for (Target t : p.targets()) {
                    assertThat(provisioned).as(p.name() + " " + t.refId()).containsEntry(t.datasourceUid(), t.datasourceType());
                }
            }
            for (JsonNode v : d.json().path("templating").path("list")) {
                if (v.has("datasource")) {
                    assertThat(provisioned).as(d.uid() + " variable " + v.path("name").asText())
                            .containsEntry(v.path("datasource").path("uid").asText(), v.path("datasource").path("type").asText());
                }
            }
        }
    }

    @Test
    void theDashboardProvidersPointAtTheFoldersTheFilesAreIn() throws IOException {
        JsonNode platform = yaml(GrafanaDashboard.PROVISIONING.resolve("dashboards/tally.yaml"));
        JsonNode team = yaml(GrafanaDashboard.PROVISIONING.resolve("teams/example/dashboards/team-checkout.yaml"));
        assertThat(platform.path("apiVersion").asInt()).isEqualTo(1);
        String root = platform.path("providers").get(0).path("options").path("path").asText();
        assertThat(platform.path("providers").get(0).path("options").path("foldersFromFilesStructure").asBoolean()).isTrue();
        assertThat(team.path("providers").get(0).path("options").path("path").asText()).isEqualTo(root + "/teams");
        assertThat(DASHBOARDS).extracting(GrafanaDashboard::folder).containsOnly("teams", "platform");
    }

    @Test
    void noQueryHardCodesATimeRangeAndTimeSeriesFollowTheDashboardsRange() {
        Pattern hardCoded = Pattern.compile("(?i)\\bnow\\s*\\(|\\btoday\\s*\\(|\\byesterday\\s*\\(|'\\d{4}-\\d{2}-\\d{2}"
                + "|toDateTime\\(\\s*\\d|\\b1[5-9]\\d{8}\\b|\\boffset\\b");
        for (GrafanaDashboard d : DASHBOARDS) {
            for (Panel p : d.panels()) {
                for (Target t : p.targets()) {
                    assertThat(hardCoded.matcher(t.text()).find()).as(p.name() + ": " + t.text()).isFalse();
                    if (t.isSql() && p.type().equals("timeseries")) {
                        assertThat(TIME_MACROS.stream().anyMatch(t.text()::contains)).as(p.name() + " uses the range").isTrue();
                    }
                    if (!t.isSql()) {
                        // a range vector's window follows the interval, not a fixed [5m]
                        assertThat(Pattern.compile("\\[\\d+[smhdwy]\\]").matcher(t.text()).find()).as(p.name()).isFalse();
                    }
                }
            }
            assertThat(d.json().path("time").path("from").asText()).as(d.uid()).startsWith("now");
        }
    }

    @Test
    void everyVariableUsedExistsAndAVariableOnlyUsesTheOnesBeforeIt() {
        for (GrafanaDashboard d : DASHBOARDS) {
            List<String> names = d.variables().stream().map(Variable::name).toList();
            assertThat(names).as(d.uid()).doesNotHaveDuplicates();
            for (Panel p : d.panels()) {
                Set<String> used = new LinkedHashSet<>(variablesIn(p.json().toString()));
                assertThat(names).as(p.name() + " uses " + used).containsAll(used);
            }
            for (int i = 0; i < d.variables().size(); i++) {
                Variable v = d.variables().get(i);
                assertThat(names.subList(0, i)).as(d.uid() + " variable " + v.name()).containsAll(variablesIn(v.query()));
            }
            // and every variable is used by some panel or by another variable's query
            Set<String> used = variablesIn(d.json().path("panels").toString());
            d.variables().forEach(v -> used.addAll(variablesIn(v.query())));
            assertThat(used).as(d.uid() + " uses all its variables").containsAll(names);
        }
    }

    @Test
    void dashboardsLinkToEachOtherCarryingVariablesAndDataLinksNameRealDashboardsAndVariables() {
        Map<String, GrafanaDashboard> byUid = new HashMap<>();
        DASHBOARDS.forEach(d -> byUid.put(d.uid(), d));
        for (GrafanaDashboard d : DASHBOARDS) {
            JsonNode link = d.json().path("links").get(0);
            assertThat(link).as(d.uid()).isNotNull();
            assertThat(link.path("type").asText()).isEqualTo("dashboards");
            assertThat(link.path("tags").toString()).isEqualTo("[\"tally\"]");
            assertThat(link.path("includeVars").asBoolean()).as(d.uid() + " carries variables").isTrue();
            assertThat(link.path("keepTime").asBoolean()).as(d.uid() + " keeps the time range").isTrue();
        }
        Pattern url = Pattern.compile("/d/([\\w-]+)/[\\w-]+\\?(.*)");
        List<String> checked = new ArrayList<>();
        for (GrafanaDashboard d : DASHBOARDS) {
            for (JsonNode dataLinks : dataLinks(d.json().path("panels"), new ArrayList<>())) {
                for (JsonNode l : dataLinks) {
                    Matcher m = url.matcher(l.path("url").asText());
                    assertThat(m.matches()).as(d.uid() + " link " + l).isTrue();
                    GrafanaDashboard target = byUid.get(m.group(1));
                    assertThat(target).as(d.uid() + " links to " + m.group(1)).isNotNull();
                    for (String parameter : m.group(2).split("&")) {
                        if (parameter.startsWith("var-")) {
                            String name = parameter.substring(4, parameter.indexOf('='));
                            assertThat(target.variable(name)).as(d.uid() + " → " + target.uid() + " var " + name).isPresent();
                        }
                    }
                    assertThat(m.group(2)).as("keeps the time range").contains("${__url_time_range}");
                    checked.add(d.uid() + "→" + target.uid());
                }
            }
        }
        // a workload links to its rightsizing and a recommendation to its team's chargeback
        assertThat(checked).contains("tally-team→tally-rightsizing", "tally-rightsizing→tally-team");
    }

    @Test
    void panelsShowUnitsLegendsAndThresholds() {
        for (GrafanaDashboard d : DASHBOARDS) {
            for (Panel p : d.panels()) {
                JsonNode defaults = p.json().path("fieldConfig").path("defaults");
                assertThat(defaults.path("thresholds").path("steps").size()).as(p.name() + " thresholds").isPositive();
                if (!p.type().equals("table")) {
                    assertThat(defaults.path("unit").asText()).as(p.name() + " unit").isNotEmpty();
                } else {
                    assertThat(p.json().path("fieldConfig").path("overrides").size() + defaults.path("unit").asText().length())
                            .as(p.name() + " units of its columns").isPositive();
                }
                if (p.type().equals("timeseries")) {
                    assertThat(p.json().path("options").path("legend").path("showLegend").asBoolean()).as(p.name()).isTrue();
                }
            }
        }
        // money is never shown with a currency symbol the data may not be in: the currency is in the title
        for (GrafanaDashboard d : DASHBOARDS) {
            assertThat(d.json().toString()).as(d.uid()).doesNotContain("currencyUSD").doesNotContain("currencyEUR");
        }
    }

    @Test
    void theTeamDatabaseHasEveryViewTheTeamDashboardsRead() {
        Set<String> teamViews = new HashSet<>();
        TeamAccess.VIEWS.forEach(v -> teamViews.add(v.name()));
        Pattern from = Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+([a-z_][a-z0-9_]*)\\b(?!\\s*\\()");
        for (GrafanaDashboard d : DASHBOARDS) {
            if (!d.folder().equals("teams")) {
                continue;
            }
            List<String> queries = new ArrayList<>(d.variables().stream().map(Variable::query).toList());
            d.panels().forEach(p -> p.targets().forEach(t -> queries.add(t.text())));
            for (String q : queries) {
                Matcher m = from.matcher(q.replaceAll("'[^']*'", "''"));
                while (m.find()) {
                    assertThat(teamViews).as(d.uid() + " reads " + m.group(1) + " in: " + q).contains(m.group(1));
                }
            }
        }
    }

    /** Data links: a field's {@code links} in defaults, or an override's property of id {@code links}. */
    private static List<JsonNode> dataLinks(JsonNode node, List<JsonNode> found) {
        if (node.isObject()) {
            if (node.path("id").asText().equals("links") && node.has("value")) {
                found.add(node.path("value"));
            }
            if (node.path("links").isArray()) {
                found.add(node.path("links"));
            }
        }
        node.forEach(child -> dataLinks(child, found));
        return found;
    }

    static Set<String> variablesIn(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            if (!BUILT_IN.contains(name) && !name.startsWith("__")) {
                names.add(name);
            } else if (name.startsWith("__")) {
                assertThat(BUILT_IN).as("built-in " + name + " in " + text).contains(name);
            }
        }
        return names;
    }

    private static Map<String, String> dataSources(Path folder) throws IOException {
        Map<String, String> uids = new HashMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                JsonNode root = yaml(file);
                assertThat(root.path("apiVersion").asInt()).as(file.toString()).isEqualTo(1);
                for (JsonNode ds : root.path("datasources")) {
                    assertThat(uids.put(ds.path("uid").asText(), ds.path("type").asText())).as("uid twice: " + ds).isNull();
                }
            }
        }
        return uids;
    }

    private static JsonNode yaml(Path file) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    }
}
