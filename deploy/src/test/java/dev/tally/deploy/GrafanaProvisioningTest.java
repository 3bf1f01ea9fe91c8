package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.deploy.CustomResources.ClickHouseInstallation;
import dev.tally.deploy.CustomResources.FlinkDeployment;
import dev.tally.deploy.CustomResources.PrometheusRule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Grafana's provisioning against the dashboards and ClickHouse: every dashboards JSON file is in a
 * ConfigMap Grafana mounts under its provider's folder, every data source a dashboard names is
 * provisioned, and the ClickHouse data source is the installation's Service, database and user.
 */
class GrafanaProvisioningTest {
    private static final Path DASHBOARDS = Kustomize.projectRoot().resolve("dashboards");
    private static final Path DASHBOARD_FOLDERS = DASHBOARDS.resolve("grafana/dashboards");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();

    static Stream<Path> overlays() {
        return Kustomize.overlays().stream();
    }

    /** Every *.json under dashboards/ (not build output), the dashboards to provision. */
    static List<Path> dashboardFiles(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".json"))
                    .filter(f -> Stream.of("target", "node_modules", "src").noneMatch(part -> root.relativize(f).toString().startsWith(part + "/")
                            || root.relativize(f).toString().contains("/" + part + "/")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What keeps each file from reaching Grafana, one line per problem; empty when every file is provisioned. */
    static List<String> unprovisioned(Path root, List<Path> files, List<Object> objects) throws IOException {
        List<String> problems = new ArrayList<>();
        Deployment grafana = Manifests.named(objects, Deployment.class, "grafana");
        PodSpec pod = grafana.getSpec().getTemplate().getSpec();
        Container container = PodSpecs.container(grafana.getSpec().getTemplate(), "grafana");
        String providerPath = providerPath(objects);
        for (Path file : files) {
            Path relative = root.resolve("grafana/dashboards").relativize(file);
            if (relative.startsWith("..") || relative.getNameCount() != 2) {
                problems.add(file + ": not in a folder of dashboards/grafana/dashboards (one folder per Grafana folder)");
                continue;
            }
            String folder = relative.getName(0).toString();
            String configMapName = "tally-dashboards-" + folder;
            Optional<ConfigMap> configMap = Manifests.all(objects, ConfigMap.class).stream()
                    .filter(c -> c.getMetadata().getName().matches(Pattern.quote(configMapName) + "(-[a-z0-9]{10})?")).findFirst();
            if (configMap.isEmpty() || !Files.readString(file).equals(configMap.get().getData().get(file.getFileName().toString()))) {
                problems.add(file + ": not in ConfigMap " + configMapName + " (add it to dashboards/grafana/kustomization.yaml)");
                continue;
            }
            Optional<Volume> volume = pod.getVolumes().stream().filter(v -> v.getConfigMap() != null
                    && v.getConfigMap().getName().equals(configMap.get().getMetadata().getName())).findFirst();
            Optional<VolumeMount> mount = volume.flatMap(v -> container.getVolumeMounts().stream()
                    .filter(m -> m.getName().equals(v.getName())).findFirst());
            if (mount.isEmpty() || !mount.get().getMountPath().equals(providerPath + "/" + folder)) {
                problems.add(file + ": ConfigMap " + configMapName + " is not mounted at " + providerPath + "/" + folder);
            }
        }
        return problems;
    }

    private static String providerPath(List<Object> objects) throws IOException {
        JsonNode providers = YAML.readTree(Manifests.named(objects, ConfigMap.class, "tally-grafana-dashboard-providers")
                .getData().get("dashboards.yaml"));
        return providers.path("providers").get(0).path("options").path("path").asText();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDashboardFileIsInAConfigMapMountedUnderTheProvidersFolder(Path overlay) throws IOException {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        assertThat(unprovisioned(DASHBOARDS, dashboardFiles(DASHBOARDS), objects)).isEmpty();
    }

    @Test
    void aDashboardFileNotListedIsReported(@TempDir Path dir) throws IOException {
        List<Object> objects = Manifests.parse(Kustomize.render(Kustomize.overlay("dev")));
        Path folder = Files.createDirectories(dir.resolve("grafana/dashboards/teams"));
        Path added = Files.writeString(folder.resolve("new-dashboard.json"), "{\"uid\": \"new\"}");
        Path loose = Files.writeString(dir.resolve("loose.json"), "{}");

        assertThat(unprovisioned(dir, dashboardFiles(dir), objects)).containsExactlyInAnyOrder(
                added + ": not in ConfigMap tally-dashboards-teams (add it to dashboards/grafana/kustomization.yaml)",
                loose + ": not in a folder of dashboards/grafana/dashboards (one folder per Grafana folder)");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDataSourceADashboardNamesIsProvisionedAndClickHouseIsTheInstallationsDatabaseAndUser(Path overlay) throws IOException {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        JsonNode sources = YAML.readTree(Manifests.named(objects, ConfigMap.class, "tally-grafana-datasources").getData().get("datasources.yaml"));
        Set<String> uids = new HashSet<>();
        sources.path("datasources").forEach(s -> uids.add(s.path("uid").asText()));
        for (Path file : dashboardFiles(DASHBOARDS)) {
            assertThat(uids).as(file + "'s data sources").containsAll(dataSourceUids(JSON.readTree(file.toFile())));
        }

        JsonNode clickHouse = null;
        for (JsonNode source : sources.path("datasources")) {
            if (source.path("type").asText().equals("grafana-clickhouse-datasource")) {
                clickHouse = source;
            }
        }
        assertThat(clickHouse).as("a grafana-clickhouse-datasource").isNotNull();
        ClickHouseInstallation chi = Manifests.only(objects, ClickHouseInstallation.class);
        assertThat(clickHouse.path("jsonData").path("host").asText()).isEqualTo("clickhouse-" + chi.metadata().getName());
        assertThat(clickHouse.path("jsonData").path("port").asInt()).isEqualTo(8123);
        FlinkDeployment usage = Manifests.named(objects, FlinkDeployment.class, "tally-usage");
        String jobsUrl = PodSpecs.env(usage.spec().podTemplate().getSpec().getContainers().get(0)).get("TALLY_CLICKHOUSE_URL");
        assertThat(clickHouse.path("jsonData").path("defaultDatabase").asText()).isEqualTo(ClickHouseUrl.parse(jobsUrl, Map.of()).database());

        // The user exists in the installation, and Grafana's password variable reads that user's Secret key.
        String user = clickHouse.path("jsonData").path("username").asText();
        Object secretRef = chi.spec().configuration().users().get(user + "/k8s_secret_password");
        assertThat(secretRef).as("installation user " + user).isNotNull();
        Matcher variable = Pattern.compile("\\$\\{(\\w+)}").matcher(clickHouse.path("secureJsonData").path("password").asText());
        assertThat(variable.find()).isTrue();
        Deployment grafana = Manifests.named(objects, Deployment.class, "grafana");
        var env = PodSpecs.container(grafana.getSpec().getTemplate(), "grafana").getEnv().stream()
                .filter(e -> e.getName().equals(variable.group(1))).findFirst().orElseThrow();
        assertThat(env.getValueFrom().getSecretKeyRef().getName() + "/" + env.getValueFrom().getSecretKeyRef().getKey())
                .isEqualTo(secretRef.toString());
        assertThat(chi.spec().configuration().users().get(user + "/profile")).isEqualTo("readonly");
    }

    /** The alerts' dashboard links reach Grafana's Service. */
    @ParameterizedTest
    @MethodSource("overlays")
    void theAlertLinksPointAtGrafanasService(Path overlay) {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        Service service = Manifests.named(objects, Service.class, "grafana");
        List<String> links = new ArrayList<>();
        for (PrometheusRule rule : Manifests.all(objects, PrometheusRule.class)) {
            rule.spec().groups().forEach(g -> g.rules().forEach(r -> {
                if (r.annotations() != null && r.annotations().containsKey("dashboard")) {
                    links.add(r.annotations().get("dashboard"));
                }
            }));
        }
        assertThat(links).isNotEmpty();
        for (String link : links) {
            URI uri = URI.create(link.replaceAll("\\{\\{.*?}}", "x").replace(" ", ""));
            // <service>.<namespace>.svc: the prod namespace is written in the rules (deploy/README.md: others patch it)
            assertThat(uri.getHost()).as(link).startsWith(service.getMetadata().getName() + ".").endsWith(".svc");
            assertThat(uri.getPort()).isEqualTo(service.getSpec().getPorts().get(0).getPort());
        }
    }

    private static Set<String> dataSourceUids(JsonNode node) {
        Set<String> uids = new HashSet<>();
        if (node.isObject()) {
            JsonNode source = node.get("datasource");
            if (source != null && source.isObject() && source.hasNonNull("uid")) {
                String uid = source.get("uid").asText();
                if (!uid.startsWith("$") && !uid.startsWith("-- ")) {
                    uids.add(uid);
                }
            }
            node.elements().forEachRemaining(child -> uids.addAll(dataSourceUids(child)));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> uids.addAll(dataSourceUids(child)));
        }
        return uids;
    }
}
