package dev.tally.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.dashboards.TeamAccess.TeamView;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** The names, filters and statements of the per-team access (run against ClickHouse by DashboardQueriesIT). */
class TeamAccessTest {

    private final TeamAccess access = new TeamAccess("tally");
    private final TeamAccess replicated = new TeamAccess("tally", "tally");

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

    @Test
    void withoutAClusterTheStatementsAreThoseOfASingleServerByteForByte() throws IOException {
        // recorded from the single-server TeamAccess before clusters existed, with the same fixed "random" bytes
        List<String> recorded = resourceLines("team-access/single-server-data-platform.sql");
        assertThat(access.serverStatements(List.of("data-platform"), new FixedBytes())).containsExactlyElementsOf(recorded);
        assertThat(new TeamAccess("tally", "").serverStatements(List.of("data-platform"), new FixedBytes()))
                .containsExactlyElementsOf(recorded);
        assertThat(new TeamAccess("tally", null).cluster()).isEmpty();
    }

    @Test
    void withAClusterEveryAccessStatementRunsOnEveryReplicaAndTheTeamDatabaseIsReplicated() {
        List<String> teams = List.of("checkout", "data-platform");
        List<String> sql = replicated.serverStatements(teams, new FixedBytes());
        List<String> views = sql.stream().filter(s -> s.startsWith("CREATE OR REPLACE VIEW ")).toList();
        List<String> entities = sql.stream().filter(s -> !s.startsWith("CREATE OR REPLACE VIEW ") && !s.startsWith("CREATE DATABASE ")).toList();

        assertThat(sql).filteredOn(s -> s.startsWith("CREATE DATABASE ")).containsExactly("CREATE DATABASE IF NOT EXISTS tally_team "
                + "ON CLUSTER 'tally' ENGINE = Replicated('/clickhouse/databases/tally_team', '{shard}', '{replica}')");
        // the Replicated database replays the views' DDL on each replica; ClickHouse refuses ON CLUSTER inside it
        assertThat(views).hasSize(TeamAccess.VIEWS.size()).noneMatch(s -> s.contains("ON CLUSTER"));
        // users, roles, grants, row policies: 2 + per team (role, grant, one policy per view, user, grant of the role)
        assertThat(entities).hasSize(2 + teams.size() * (4 + TeamAccess.VIEWS.size()))
                .allMatch(s -> s.contains(" ON CLUSTER 'tally'") && s.indexOf("ON CLUSTER") == s.lastIndexOf("ON CLUSTER"));
        assertThat(entities).filteredOn(s -> s.startsWith("GRANT ")).hasSize(1 + 2 * teams.size()).allMatch(s -> s.startsWith("GRANT ON CLUSTER 'tally' "));
        assertThat(entities).filteredOn(s -> s.startsWith("CREATE ROW POLICY ")).hasSize(teams.size() * TeamAccess.VIEWS.size())
                .allMatch(s -> s.matches("CREATE ROW POLICY OR REPLACE tally_team_[a-z_]+ ON CLUSTER 'tally' ON tally_team\\.[a-z_]+ FOR SELECT .*"));

        // apart from where it runs, every statement is the single server's: the same names, grants, filters, password
        List<String> single = access.serverStatements(teams, new FixedBytes());
        List<String> withoutCluster = sql.stream()
                .map(s -> s.startsWith("CREATE DATABASE ") ? "CREATE DATABASE IF NOT EXISTS tally_team" : s)
                .map(s -> s.replace(" ON CLUSTER 'tally'", ""))
                .toList();
        assertThat(withoutCluster).containsExactlyElementsOf(single);
    }

    @Test
    void aClusterNameThatIsNotPlainIsRefusedNamingIt() {
        assertThatThrownBy(() -> new TeamAccess("tally", "tally' ENGINE = Memory --"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cluster name 'tally' ENGINE = Memory --' is not a plain identifier ([A-Za-z_][A-Za-z0-9_]*)");
        assertThatThrownBy(() -> new TeamAccess("tally", "{cluster}")).hasMessageContaining("'{cluster}'");
        assertThat(new TeamAccess("tally", " tally ").cluster()).isEqualTo("tally");
    }

    private static List<String> resourceLines(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(TeamAccessTest.class.getClassLoader().getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Passwords of known bytes (0, 1, 2, …), so two runs' statements can be compared whole. */
    private static final class FixedBytes extends SecureRandom {
        @Override
        public void nextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) i;
            }
        }
    }
}
