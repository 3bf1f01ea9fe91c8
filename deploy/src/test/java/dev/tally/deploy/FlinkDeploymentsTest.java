package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.kafka.KafkaClientSecurity;
import dev.tally.common.topics.Topic;
import dev.tally.deploy.CustomResources.FlinkDeployment;
import dev.tally.deploy.CustomResources.KafkaTopic;
import dev.tally.deploy.CustomResources.UpgradeMode;
import dev.tally.jobs.JobEnvironment;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.MemorySize;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every job's FlinkDeployment against the job's code and the operator's needs. */
class FlinkDeploymentsTest {
    private static final List<String> STATE_DIRS = List.of("high-availability.storageDir", "execution.checkpointing.dir",
            "execution.checkpointing.savepoint-dir");

    static Stream<Path> overlays() {
        return Kustomize.overlays().stream();
    }

    private static List<FlinkDeployment> deployments(Path overlay) {
        return Manifests.all(Manifests.parse(Kustomize.render(overlay)), FlinkDeployment.class);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyJobIsDeployedWithItsEntryClassAndACompleteEnvironment(Path overlay, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        List<FlinkDeployment> deployments = deployments(overlay);
        assertThat(deployments).extracting(d -> d.metadata().getName())
                .containsExactlyInAnyOrderElementsOf(FlinkJobs.ALL.stream().map(FlinkJobs::deployment).toList());

        for (FlinkDeployment deployment : deployments) {
            FlinkJobs job = FlinkJobs.named(deployment.metadata().getName());
            assertThat(deployment.spec().job().entryClass()).as(job.deployment()).isEqualTo(job.main().getName());
            Method main = Class.forName(deployment.spec().job().entryClass()).getMethod("main", String[].class);
            assertThat(Modifier.isStatic(main.getModifiers()) && Modifier.isPublic(main.getModifiers())).isTrue();

            Container flink = deployment.spec().podTemplate().getSpec().getContainers().stream()
                    .filter(c -> c.getName().equals("flink-main-container")).findFirst().orElseThrow();
            Map<String, String> env = new HashMap<>();
            for (EnvVar var : flink.getEnv()) {
                // A Secret's value is only known in the cluster: a stand-in shows the name is read.
                env.put(var.getName(), var.getValue() != null ? var.getValue() : "from-secret-" + var.getValueFrom().getSecretKeyRef().getKey());
            }
            JobEnvironment settings = JobEnvironment.fromEnv(job.deployment(), PodSpecs.withKafkaStandIns(env, dir));
            assertThat(settings.kafka().bootstrapServers()).isNotBlank();
            assertThat(settings.kafka().security().protocol()).as(job.deployment()).isEqualTo(KafkaClientSecurity.Protocol.SSL);
            assertThat(settings.clickHouse().user()).as(job.deployment()).isEqualTo("from-secret-user");
            assertThat(settings.clickHouse().password()).isEqualTo("from-secret-password");
            assertThat(env).containsKeys(ClickHouseUrl.USER_ENV, ClickHouseUrl.PASSWORD_ENV);
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void applicationModeWithHaAndStateOnAzureBlobOfItsOwnUpgradedThroughASavepoint(Path overlay) {
        Set<String> stateDirs = new HashSet<>();
        for (FlinkDeployment deployment : deployments(overlay)) {
            String name = deployment.metadata().getName();
            Map<String, String> conf = deployment.spec().flinkConfiguration();

            assertThat(deployment.spec().job().jarURI()).as(name).startsWith("local:///");   // application mode: the jar is in the image
            assertThat(deployment.spec().job().upgradeMode()).as(name).isEqualTo(UpgradeMode.SAVEPOINT);
            assertThat(conf).as(name).containsEntry("high-availability.type", "kubernetes");
            for (String dir : STATE_DIRS) {
                // Two jobs in one HA or checkpoint folder would take over each other's state.
                assertThat(conf.get(dir)).as(name + " " + dir).startsWith("abfss://").contains(".dfs.core.windows.net/" + name + "/");
                assertThat(stateDirs.add(conf.get(dir))).as(name + " " + dir + " shared").isTrue();
            }
            assertThat(conf.get("kubernetes.operator.periodic.savepoint.interval")).as(name).isNotBlank();
            assertThat(deployment.spec().jobManager().resource().cpu()).as(name).isPositive();
            // The operator reads memory as Flink's MemorySize ("2048m" is 2048 MiB there, not a Kubernetes quantity).
            assertThat(MemorySize.parse(deployment.spec().taskManager().resource().memory()).getMebiBytes()).as(name)
                    .isGreaterThanOrEqualTo(1024);
            assertThat(MemorySize.parse(deployment.spec().jobManager().resource().memory()).getMebiBytes()).as(name)
                    .isGreaterThanOrEqualTo(1024);
            int slots = Integer.parseInt(conf.get("taskmanager.numberOfTaskSlots"));
            assertThat(slots).as(name).isPositive();
            assertThat(deployment.spec().podTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
        }
    }

    /** jobs/README.md: an hour's bucket grows with every sample, so the usage job keeps its state on the heap. */
    @ParameterizedTest
    @MethodSource("overlays")
    void theUsageJobKeepsItsStateOnTheHeap(Path overlay) {
        FlinkDeployment usage = Manifests.named(Manifests.parse(Kustomize.render(overlay)), FlinkDeployment.class, "tally-usage");
        assertThat(usage.spec().flinkConfiguration()).containsEntry("state.backend.type", "hashmap");
    }

    /**
     * bench/README.md, the month on RocksDB: without bloom filters and partitioned index and filter
     * blocks, the allocation job's lookups slowed from 22,000 to 3,000 rows/s as a month of state grew.
     */
    @ParameterizedTest
    @MethodSource("overlays")
    void theAllocationJobsRocksDbKeepsLookupsCheapAsAMonthOfStateGrows(Path overlay) {
        FlinkDeployment allocation = Manifests.named(Manifests.parse(Kustomize.render(overlay)), FlinkDeployment.class,
                "tally-allocation");
        assertThat(allocation.spec().flinkConfiguration())
                .containsEntry("state.backend.type", "rocksdb")
                .containsEntry("state.backend.rocksdb.use-bloom-filter", "true")
                .containsEntry("state.backend.rocksdb.memory.partitioned-index-filters", "true");
    }

    /** More subtasks than partitions would leave readers idle and, for event-time jobs, hold event time back. */
    @ParameterizedTest
    @MethodSource("overlays")
    void noJobReadsWithMoreSubtasksThanItsTopicsHavePartitions(Path overlay) {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        Map<String, Integer> partitions = Manifests.all(objects, KafkaTopic.class).stream()
                .collect(Collectors.toMap(t -> t.spec().topicName(), t -> t.spec().partitions()));
        for (FlinkDeployment deployment : Manifests.all(objects, FlinkDeployment.class)) {
            for (Topic read : FlinkJobs.named(deployment.metadata().getName()).partitionedReads()) {
                assertThat(deployment.spec().job().parallelism()).as(deployment.metadata().getName() + " reading " + read.topicName())
                        .isLessThanOrEqualTo(partitions.get(read.topicName()));
            }
        }
    }
}
