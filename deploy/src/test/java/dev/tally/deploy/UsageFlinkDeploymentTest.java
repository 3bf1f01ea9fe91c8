package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.deploy.CustomResources.FlinkDeployment;
import dev.tally.deploy.CustomResources.UpgradeMode;
import dev.tally.jobs.usage.UsageJobMain;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The usage job's FlinkDeployment against the job's code and the operator's needs. */
class UsageFlinkDeploymentTest {

    static Stream<Path> overlays() {
        return Kustomize.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theEntryClassExistsAndItsEnvironmentIsComplete(Path overlay) throws Exception {
        FlinkDeployment usage = Manifests.only(Manifests.parse(Kustomize.render(overlay)), FlinkDeployment.class);

        Method main = Class.forName(usage.spec().job().entryClass()).getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers())).isTrue();

        Container flink = usage.spec().podTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("flink-main-container")).findFirst().orElseThrow();
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : flink.getEnv()) {
            // A Secret's value is only known in the cluster: a stand-in shows the name is read.
            env.put(var.getName(), var.getValue() != null ? var.getValue() : "from-secret-" + var.getValueFrom().getSecretKeyRef().getKey());
        }
        UsageJobMain.Settings settings = UsageJobMain.Settings.fromEnv(env);
        assertThat(settings.kafkaBootstrapServers()).isNotBlank();
        assertThat(settings.clickHouse().user()).isEqualTo("from-secret-user");
        assertThat(settings.clickHouse().password()).isEqualTo("from-secret-password");
        assertThat(env).containsKeys(ClickHouseUrl.USER_ENV, ClickHouseUrl.PASSWORD_ENV);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void applicationModeWithHaAndStateOnAzureBlobUpgradedThroughASavepoint(Path overlay) {
        FlinkDeployment usage = Manifests.only(Manifests.parse(Kustomize.render(overlay)), FlinkDeployment.class);
        Map<String, String> conf = usage.spec().flinkConfiguration();

        assertThat(usage.spec().job().jarURI()).startsWith("local:///");   // application mode: the jar is in the image
        assertThat(usage.spec().job().upgradeMode()).isEqualTo(UpgradeMode.SAVEPOINT);
        assertThat(conf).containsEntry("high-availability.type", "kubernetes");
        for (String dir : List.of("high-availability.storageDir", "execution.checkpointing.dir", "execution.checkpointing.savepoint-dir")) {
            assertThat(conf.get(dir)).as(dir).startsWith("abfss://").contains(".dfs.core.windows.net/");
        }
        assertThat(usage.spec().jobManager().resource().cpu()).isPositive();
        assertThat(usage.spec().taskManager().resource().memory()).isNotBlank();
        int slots = Integer.parseInt(conf.get("taskmanager.numberOfTaskSlots"));
        assertThat(slots).isPositive();
        assertThat(usage.spec().podTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    }
}
