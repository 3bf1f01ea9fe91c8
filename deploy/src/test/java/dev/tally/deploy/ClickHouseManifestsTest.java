package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.clickhouse.migrations.Migration;
import dev.tally.common.clickhouse.migrations.MigrationCatalog;
import dev.tally.common.clickhouse.migrations.MigrationSettings;
import dev.tally.deploy.CustomResources.ClickHouseInstallation;
import dev.tally.deploy.CustomResources.ClickHouseKeeperInstallation;
import dev.tally.deploy.CustomResources.ClickHousePodTemplate;
import dev.tally.deploy.CustomResources.FlinkDeployment;
import dev.tally.jobs.allocation.stream.CostAllocationDailyTable;
import dev.tally.jobs.clickhouse.ClickHouseTable;
import dev.tally.jobs.ingesthealth.IngestSamplesHourlyTable;
import dev.tally.jobs.logvolume.LogUsageHourlyTable;
import dev.tally.jobs.rightsizing.RightsizingRecommendationTable;
import dev.tally.jobs.usage.rows.NodeHourlyTable;
import dev.tally.jobs.usage.rows.UsageHourlyTable;
import dev.tally.jobs.usage.rows.VolumeHourlyTable;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Altinity ClickHouseInstallation and its Keeper against every client in the manifests (service,
 * port, database, user and Secret) and the migrations (every table and column the jobs write exists); the migrations Job's command line is
 * checked with the other CLI workloads' ({@link OperationsManifestsTest}).
 */
class ClickHouseManifestsTest {
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "CREATE TABLE IF NOT EXISTS \\$\\{database}\\.(\\w+)\\s*\\((.*?)\\)\\s*ENGINE", Pattern.DOTALL);
    /** A later migration's new columns: {@code ALTER TABLE ${database}.t ADD COLUMN [IF NOT EXISTS] c type, …;}. */
    private static final Pattern ALTER_TABLE = Pattern.compile("ALTER TABLE \\$\\{database}\\.(\\w+)\\s+(.*?);", Pattern.DOTALL);
    private static final Pattern ADD_COLUMN = Pattern.compile("ADD COLUMN (?:IF NOT EXISTS )?(\\w+ [^,]+)");

    static Stream<Path> overlays() {
        return Kustomize.overlays().stream();
    }

    /** Every ClickHouse URL a Tally pod is given (the jobs' TALLY_CLICKHOUSE_URL, the CLI's CLICKHOUSE_URL). */
    private static List<String> clickHouseUrls(List<Object> objects) {
        List<String> urls = new ArrayList<>();
        List<Container> containers = new ArrayList<>();
        Manifests.all(objects, FlinkDeployment.class).forEach(f -> containers.addAll(f.spec().podTemplate().getSpec().getContainers()));
        PodSpecs.templates(objects).values().forEach(t -> containers.addAll(t.getSpec().getContainers()));
        for (Container container : containers) {
            for (EnvVar var : container.getEnv()) {
                if (var.getName().equals("TALLY_CLICKHOUSE_URL") || var.getName().equals("CLICKHOUSE_URL")) {
                    urls.add(var.getValue());
                }
            }
        }
        return urls;
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyClientReachesTheInstallationsServiceAsItsUserWithThePasswordFromTheSameSecret(Path overlay) {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        ClickHouseInstallation chi = Manifests.only(objects, ClickHouseInstallation.class);
        List<String> urls = clickHouseUrls(objects);
        // five jobs, the importer, the report, the migrations
        assertThat(urls).hasSize(FlinkJobs.ALL.size() + 3);
        Set<String> databases = new HashSet<>();
        for (String url : urls) {
            ClickHouseUrl parsed = ClickHouseUrl.parse(url, Map.of());
            // The operator's Service for an installation: clickhouse-<name>, HTTP on 8123.
            assertThat(parsed.host()).as(url).isEqualTo("clickhouse-" + chi.metadata().getName());
            assertThat(parsed.port()).as(url).isEqualTo(8123);
            databases.add(parsed.database());
        }
        assertThat(databases).as("one database for writers, readers and the migrations").hasSize(1);

        // users: <name>/k8s_secret_password: <secret>/<key>; every client takes its password from one such Secret and key.
        Map<String, Object> users = chi.spec().configuration().users();
        Set<String> passwordRefs = new HashSet<>();
        List<Container> clients = new ArrayList<>();
        Manifests.all(objects, FlinkDeployment.class).forEach(f -> clients.addAll(f.spec().podTemplate().getSpec().getContainers()));
        PodSpecs.templates(objects).values().forEach(t -> clients.addAll(t.getSpec().getContainers()));
        clients.forEach(c -> c.getEnv().stream().filter(e -> e.getName().equals(ClickHouseUrl.PASSWORD_ENV))
                .forEach(e -> passwordRefs.add(e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef().getKey())));
        assertThat(passwordRefs).hasSize(1);
        String user = users.entrySet().stream().filter(e -> e.getKey().endsWith("/k8s_secret_password"))
                .filter(e -> e.getValue().toString().equals(passwordRefs.iterator().next())).map(e -> e.getKey().split("/")[0])
                .findFirst().orElseThrow(() -> new AssertionError("no installation user takes its password from " + passwordRefs));
        assertThat(users).containsKey(user + "/networks/ip");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void replicationGoesThroughTheKeeperWithAnOddQuorum(Path overlay) {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        ClickHouseInstallation chi = Manifests.only(objects, ClickHouseInstallation.class);
        ClickHouseKeeperInstallation keeper = Manifests.only(objects, ClickHouseKeeperInstallation.class);

        assertThat(chi.spec().configuration().zookeeper().nodes()).singleElement().satisfies(node -> {
            assertThat(node.host()).isEqualTo("keeper-" + keeper.metadata().getName());   // the operator's Service
            assertThat(node.port()).isEqualTo(2181);
        });
        int quorum = keeper.spec().configuration().clusters().get(0).layout().replicasCount();
        assertThat(quorum % 2).as("keeper replicas").isEqualTo(1);
        assertThat(chi.spec().configuration().clusters()).singleElement()
                .satisfies(c -> assertThat(c.layout().shardsCount()).isEqualTo(1));
        // The migrations make the schema replicated for exactly the installation's cluster (MigrationSettings.CLUSTER_ENV).
        Container migrate = PodSpecs.container(PodSpecs.templates(objects).get("tally-migrate"), "migrate");
        assertThat(PodSpecs.env(migrate)).containsEntry(MigrationSettings.CLUSTER_ENV,
                chi.spec().configuration().clusters().get(0).name());
        if (overlay.endsWith("prod")) {
            assertThat(chi.spec().configuration().clusters().get(0).layout().replicasCount()).as("prod ClickHouse replicas")
                    .isGreaterThanOrEqualTo(2);
        }
        for (ClickHousePodTemplate template : Stream.concat(chi.spec().templates().podTemplates().stream(),
                keeper.spec().templates().podTemplates().stream()).toList()) {
            assertThat(template.spec().getSecurityContext().getRunAsNonRoot()).as(template.name()).isTrue();
            template.spec().getContainers().forEach(c -> {
                assertThat(c.getResources().getRequests()).as(template.name()).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(template.name()).containsKeys("cpu", "memory");
            });
        }
        assertThat(chi.spec().defaults().templates().podTemplate())
                .isIn(chi.spec().templates().podTemplates().stream().map(ClickHousePodTemplate::name).toList());
        assertThat(chi.spec().defaults().templates().dataVolumeClaimTemplate())
                .isIn(chi.spec().templates().volumeClaimTemplates().stream().map(CustomResources.VolumeClaimTemplate::name).toList());
    }

    /**
     * The per-team access (dashboards' TeamAccess with the cluster) sends users, roles, grants and row policies
     * ON CLUSTER, which is right while each replica keeps them in its local access storage. Access replicated
     * through Keeper ({@code user_directories/replicated}) would make ClickHouse refuse that ON CLUSTER
     * ("already exists in `replicated`"): changing the storage means changing TeamAccess too.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void accessMadeBySqlStaysOnEachReplicaAsTheTeamAccessOnClusterAssumes(Path overlay) {
        ClickHouseInstallation chi = Manifests.only(Manifests.parse(Kustomize.render(overlay)), ClickHouseInstallation.class);
        Map<String, Object> settings = chi.spec().configuration().settings() == null ? Map.of() : chi.spec().configuration().settings();
        Map<String, Object> files = chi.spec().configuration().files() == null ? Map.of() : chi.spec().configuration().files();
        assertThat(settings.keySet()).as("ClickHouseInstallation settings").noneMatch(k -> k.startsWith("user_directories"));
        assertThat(files).as("ClickHouseInstallation files").allSatisfy((name, content) ->
                assertThat(String.valueOf(content)).as(name).doesNotContain("user_directories"));
    }

    /** Every table the jobs and the cost importer write, with every column they insert, is created by a migration. */
    @Test
    void everyTableAndColumnWrittenExistsInTheMigrations() {
        Map<String, String> created = new java.util.HashMap<>();
        for (Migration migration : MigrationCatalog.bundled()) {
            Matcher m = CREATE_TABLE.matcher(migration.sqlTemplate());
            while (m.find()) {
                created.put(m.group(1), m.group(2));
            }
            Matcher alter = ALTER_TABLE.matcher(migration.sqlTemplate());
            while (alter.find()) {
                Matcher add = ADD_COLUMN.matcher(alter.group(2));
                while (add.find()) {
                    created.merge(alter.group(1), "\n    " + add.group(1), String::concat);
                }
            }
        }
        List<ClickHouseTable<?>> written = List.of(new IngestSamplesHourlyTable(), new LogUsageHourlyTable(), new UsageHourlyTable(),
                new NodeHourlyTable(), new VolumeHourlyTable(), new RightsizingRecommendationTable(), new CostAllocationDailyTable());
        for (ClickHouseTable<?> table : written) {
            assertThat(created).as("migrations creating " + table.name()).containsKey(table.name());
            for (String column : table.columns()) {
                assertThat(created.get(table.name())).as(table.name() + "." + column).containsPattern("(?m)^\\s*`?" + column + "`?\\s");
            }
        }
        // the cost importer (ClickHouseCostStore)
        assertThat(created).containsKeys("cost_export_runs", "cost_line_items");
    }
}
