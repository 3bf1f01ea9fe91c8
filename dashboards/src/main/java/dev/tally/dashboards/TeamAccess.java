package dev.tally.dashboards;

import dev.tally.common.clickhouse.migrations.ReplicatedEngines;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one team's Grafana data source may read: the views of the team database ({@code <database>_team}),
 * each limited by a row policy to the team's rows. The views run as a definer ({@code <database>_team_views},
 * which may read the whole Tally database) so that the {@code _latest} views compute "the newest computation"
 * over everyone's rows before the team's filter applies: a row policy on the base tables would make a team's
 * stale rows of an older computation look like the newest (its policy hides the newer rows of other teams).
 * A team's user is granted SELECT on the team database only: the Tally database itself stays closed to it.
 *
 * <p>Rows belong to a team by the {@code team} column where a view has one (allocation, ownership), else by
 * the workload: the workloads {@code catalog_ownership_latest} gives the team (usage, log volume,
 * recommendations).
 *
 * <p>With a {@code cluster} (the one {@code tally migrate} replicates the Tally database on; empty = one server)
 * every replica gets the same access: the team database is created {@code ON CLUSTER} with the {@code Replicated}
 * database engine, as the migrations create the Tally database, so the views replicate with it (and carry no
 * {@code ON CLUSTER}: inside a Replicated database ClickHouse refuses it, the database replicates its own DDL);
 * users, roles, grants and row policies are not in a database and go {@code ON CLUSTER} (the deploy's
 * ClickHouse keeps them in each replica's local access storage, not replicated through Keeper).
 */
public record TeamAccess(String database, String cluster) {

    /** A view a team may query and the rule that picks its rows. */
    public record TeamView(String name, Ownership ownership) {
    }

    /** How a view's rows are matched to a team. */
    public enum Ownership { TEAM_COLUMN, OWNED_WORKLOAD }

    /** Every view of the team database, under the name it has in the Tally database, so one panel SQL serves both. */
    public static final List<TeamView> VIEWS = List.of(
            new TeamView("cost_allocation_daily_latest", Ownership.TEAM_COLUMN),
            new TeamView("catalog_ownership_latest", Ownership.TEAM_COLUMN),
            new TeamView("usage_workload_hourly_latest", Ownership.OWNED_WORKLOAD),
            new TeamView("log_usage_hourly_latest", Ownership.OWNED_WORKLOAD),
            new TeamView("rightsizing_recommendations_latest", Ownership.OWNED_WORKLOAD),
            new TeamView("rightsizing_recommendations", Ownership.OWNED_WORKLOAD));

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,62}");
    private static final Pattern DATABASE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public TeamAccess {
        Objects.requireNonNull(database, "database");
        if (!DATABASE.matcher(database).matches()) {
            throw new IllegalArgumentException("not a plain ClickHouse database name: " + database);
        }
        cluster = cluster == null ? "" : cluster.strip();
        if (!cluster.isEmpty()) {
            ReplicatedEngines.onCluster(cluster); // refuses a name that is not a plain identifier, naming it
        }
    }

    /** One server: no replicas to reach. */
    public TeamAccess(String database) {
        this(database, "");
    }

    /** The database the teams' data sources use as their default database. */
    public String teamDatabase() {
        return database + "_team";
    }

    /** The user the team views run as (never logs in). */
    public String definer() {
        return database + "_team_views";
    }

    /** The role of one team, and the name of its row policies. */
    public String role(String team) {
        return teamDatabase() + "_" + identifier(team);
    }

    /** The ClickHouse user of one team's Grafana data source. */
    public String grafanaUser(String team) {
        return "grafana_" + identifier(team);
    }

    /** The row filter of {@code view} for {@code team}, as ClickHouse evaluates it as that team's user. */
    public String filter(TeamView view, String team) {
        String literal = "'" + checkedTeam(team) + "'";
        return switch (view.ownership()) {
            case TEAM_COLUMN -> "team = " + literal;
            case OWNED_WORKLOAD -> "(cluster, namespace, workload_kind, workload_name) IN (SELECT cluster, namespace, "
                    + "workload_kind, workload_name FROM " + teamDatabase() + ".catalog_ownership_latest WHERE team = "
                    + literal + ")";
        };
    }

    /** The team views (run as an administrator, once the definer user exists on every replica). */
    public List<String> viewStatements() {
        List<String> statements = new ArrayList<>();
        statements.add(cluster.isEmpty() ? "CREATE DATABASE IF NOT EXISTS " + teamDatabase()
                : ReplicatedEngines.createDatabaseOnCluster(teamDatabase(), cluster));
        for (TeamView view : VIEWS) {
            statements.add("CREATE OR REPLACE VIEW " + teamDatabase() + "." + view.name() + " DEFINER = " + definer()
                    + " SQL SECURITY DEFINER AS SELECT * FROM " + database + "." + view.name());
        }
        return statements;
    }

    /**
     * Everything a real ClickHouse server needs, as SQL for an administrator: the definer, the views, and per team
     * a role with its row policies and a read-only Grafana user with a new random password (so the output is a
     * secret: hand each password to that team's Grafana data source). With a cluster, each on every replica.
     */
    public List<String> serverStatements(List<String> teams, SecureRandom random) {
        // ClickHouse's grammar: ON CLUSTER follows the entity's name, and GRANT directly
        String onCluster = cluster.isEmpty() ? "" : " " + ReplicatedEngines.onCluster(cluster);
        String grant = "GRANT" + onCluster + " ";
        List<String> statements = new ArrayList<>();
        statements.add("CREATE USER IF NOT EXISTS " + definer() + onCluster + " NOT IDENTIFIED HOST NONE");
        statements.add(grant + "SELECT ON " + database + ".* TO " + definer());
        statements.addAll(viewStatements());
        for (String team : teams) {
            String role = role(team);
            statements.add("CREATE ROLE IF NOT EXISTS " + role + onCluster);
            statements.add(grant + "SELECT ON " + teamDatabase() + ".* TO " + role);
            for (TeamView view : VIEWS) {
                statements.add("CREATE ROW POLICY OR REPLACE " + role + onCluster + " ON " + teamDatabase() + "."
                        + view.name() + " FOR SELECT USING " + filter(view, team) + " TO " + role);
            }
            byte[] password = new byte[18];
            random.nextBytes(password);
            // readonly = 2: reads only, but the plugin's driver may still set max_execution_time and friends
            statements.add("CREATE USER IF NOT EXISTS " + grafanaUser(team) + onCluster + " IDENTIFIED WITH sha256_password BY '"
                    + HexFormat.of().formatHex(password) + "' DEFAULT ROLE " + role + " SETTINGS readonly = 2");
            statements.add(grant + role + " TO " + grafanaUser(team));
        }
        return statements;
    }

    /**
     * A ClickHouse users file for the local engine whose {@code default} user is {@code team}'s Grafana user (the
     * same grants and row filters as {@link #serverStatements}, in ClickHouse's users.xml form), plus the definer.
     * The local endpoint cannot authenticate a request as a user, so an engine started with this file is that
     * team's server.
     */
    public String teamUsersXml(String team) {
        StringBuilder filters = new StringBuilder();
        for (TeamView view : VIEWS) {
            filters.append("        <").append(view.name()).append("><filter>").append(xml(filter(view, team)))
                    .append("</filter></").append(view.name()).append(">\n");
        }
        return usersXml("""
                    <default>
                      <!-- plays %s: reads the team database only, through row policies -->
                      <password></password>
                      <networks><ip>::/0</ip></networks>
                      <profile>team</profile>
                      <quota>default</quota>
                      <grants><query>GRANT SELECT ON %s.*</query></grants>
                      <databases><%s>
                %s      </%s></databases>
                    </default>
                """.formatted(grafanaUser(team), teamDatabase(), teamDatabase(), filters, teamDatabase()));
    }

    /** The users file of the local engine as administrator: {@code default} may do everything, plus the definer. */
    public String adminUsersXml() {
        return usersXml("""
                    <default>
                      <password></password>
                      <networks><ip>::/0</ip></networks>
                      <profile>default</profile>
                      <quota>default</quota>
                      <access_management>1</access_management>
                    </default>
                """);
    }

    private String usersXml(String defaultUser) {
        return """
                <clickhouse>
                  <profiles>
                    <default/>
                    <team><readonly>2</readonly></team>
                  </profiles>
                  <quotas><default/></quotas>
                  <users>
                %s    <%s>
                      <!-- the team views' definer: reads the Tally database, never logs in -->
                      <password_sha256_hex>%s</password_sha256_hex>
                      <networks><ip>127.0.0.1</ip></networks>
                      <profile>team</profile>
                      <quota>default</quota>
                      <grants><query>GRANT SELECT ON %s.*</query></grants>
                    </%s>
                  </users>
                </clickhouse>
                """.formatted(defaultUser, definer(), "0".repeat(64), database, definer());
    }

    private static String checkedTeam(String team) {
        if (team == null || !NAME.matcher(team).matches()) {
            throw new IllegalArgumentException("a team name is lower-case letters, digits, '-', '_' or '.', not "
                    + (team == null ? "null" : "'" + team + "'"));
        }
        return team;
    }

    private static String identifier(String team) {
        return checkedTeam(team).replaceAll("[^a-z0-9_]", "_");
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
