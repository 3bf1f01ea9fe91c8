package dev.tally.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.dashboards.TeamAccess.TeamView;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The names, filters and statements of the per-team access (run against ClickHouse by DashboardQueriesIT). */
class TeamAccessTest {

    private final TeamAccess access = new TeamAccess("tally");

    @Test
    void aTeamReadsItsDatabaseThroughPoliciesByTeamColumnOrOwnedWorkload() {
        assertThat(access.teamDatabase()).isEqualTo("tally_team");
        assertThat(access.grafanaUser("data-platform")).isEqualTo("grafana_data_platform");
        assertThat(access.role("data-platform")).isEqualTo("tally_team_data_platform");
        TeamView allocation = TeamAccess.VIEWS.get(0);
        assertThat(access.filter(allocation, "checkout")).isEqualTo("team = 'checkout'");
        TeamView usage = TeamAccess.VIEWS.stream().filter(v -> v.name().equals("usage_workload_hourly_latest")).findFirst().orElseThrow();
        assertThat(access.filter(usage, "checkout")).isEqualTo("(cluster, namespace, workload_kind, workload_name) IN "
                + "(SELECT cluster, namespace, workload_kind, workload_name FROM tally_team.catalog_ownership_latest WHERE team = 'checkout')");
    }

    @Test
    void theServerStatementsGrantTheTeamDatabaseOnlyAndGiveEachTeamAPolicyOnEveryView() {
        List<String> sql = access.serverStatements(List.of("checkout", "discovery"), new SecureRandom());
        assertThat(sql).filteredOn(s -> s.startsWith("CREATE ROW POLICY")).hasSize(2 * TeamAccess.VIEWS.size());
        assertThat(sql).filteredOn(s -> s.startsWith("GRANT SELECT")).containsExactly(
                "GRANT SELECT ON tally.* TO tally_team_views",
                "GRANT SELECT ON tally_team.* TO tally_team_checkout",
                "GRANT SELECT ON tally_team.* TO tally_team_discovery");
        assertThat(sql).filteredOn(s -> s.startsWith("CREATE USER grafana") || s.startsWith("CREATE USER IF NOT EXISTS grafana"))
                .hasSize(2).allMatch(s -> s.contains("SETTINGS readonly = 2"));
        // two runs, two passwords: the output is a secret made for one installation
        assertThat(access.serverStatements(List.of("checkout"), new SecureRandom()))
                .doesNotContainAnyElementsOf(sql.stream().filter(s -> s.contains("sha256_password")).toList());
    }

    @Test
    void aTeamNameThatIsNotPlainIsRefusedNamingIt() {
        assertThatThrownBy(() -> access.filter(TeamAccess.VIEWS.get(0), "x' OR 1=1 --"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x' OR 1=1 --'");
        assertThatThrownBy(() -> access.teamUsersXml("Checkout")).hasMessageContaining("'Checkout'");
        assertThatThrownBy(() -> new TeamAccess("tally; DROP")).hasMessageContaining("tally; DROP");
    }

    @Test
    void theUsersFileEscapesTheFiltersAndMakesTheTeamUserReadOnly() {
        String xml = access.teamUsersXml("checkout");
        assertThat(xml).contains("<grants><query>GRANT SELECT ON tally_team.*</query></grants>")
                .contains("<profile>team</profile>").contains("<readonly>2</readonly>")
                .contains("<usage_workload_hourly_latest><filter>(cluster, namespace, workload_kind, workload_name) IN")
                .doesNotContain("<access_management>");
        assertThat(access.adminUsersXml()).contains("<access_management>1</access_management>")
                .contains("<grants><query>GRANT SELECT ON tally.*</query></grants>");
    }
}
