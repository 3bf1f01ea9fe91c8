package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.kafka.KafkaClientSecurity;
import dev.tally.common.kafka.KafkaConnection;
import dev.tally.deploy.CustomResources.ServiceMonitor;
import dev.tally.ingest.costs.blob.BlobLocation;
import dev.tally.ingest.drift.DriftExporterConfig;
import dev.tally.ingest.drift.DriftExporterConfigLoader;
import dev.tally.local.cli.TallyCli;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.ParseResult;

/**
 * The drift exporter, the cost importer and the monthly report against their code: the exporter's mounted
 * config loads, its ports line up with the Service and ServiceMonitor; the CLI workloads' command lines
 * parse with the real {@code tally} CLI and their environment is what its options read.
 */
class OperationsManifestsTest {
    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");

    static Stream<Path> overlays() {
        return Kustomize.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theDriftExportersMountedConfigLoadsAndItsPortIsTheServicesAndTheServiceMonitors(Path overlay, @TempDir Path dir)
            throws Exception {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        PodTemplateSpec pod = PodSpecs.templates(objects).get("tally-drift-exporter");
        Container exporter = PodSpecs.container(pod, "drift-exporter");
        Map<String, String> env = PodSpecs.env(exporter);

        String configPath = env.get(DriftExporterConfigLoader.ENV_CONFIG_FILE);
        assertThat(configPath).as("the exporter is told its config file").isNotNull();
        String mountPath = configPath.substring(0, configPath.lastIndexOf('/'));
        String volume = exporter.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(mountPath)).findFirst()
                .orElseThrow().getName();
        String configMapName = pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals(volume)).findFirst()
                .orElseThrow().getConfigMap().getName();
        ConfigMap configMap = Manifests.named(objects, ConfigMap.class, "tally-drift-exporter-config");
        assertThat(configMap.getMetadata().getName()).isEqualTo(configMapName);
        Path file = dir.resolve("drift-exporter.yaml");
        Files.writeString(file, configMap.getData().get(configPath.substring(configPath.lastIndexOf('/') + 1)));
        DriftExporterConfig config = DriftExporterConfigLoader.load(file, PodSpecs.withKafkaStandIns(env, dir));   // unknown keys fail here
        assertThat(config.security().protocol()).isEqualTo(KafkaClientSecurity.Protocol.SSL);

        assertThat(exporter.getPorts()).singleElement().satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(config.port()));
        Service service = Manifests.named(objects, Service.class, "tally-drift-exporter");
        assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
        assertThat(service.getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo(exporter.getPorts().get(0).getName()));
        ServiceMonitor monitor = Manifests.named(objects, ServiceMonitor.class, "tally-drift-exporter");
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(monitor.spec().selector().getMatchLabels());
        assertThat(monitor.spec().endpoints()).singleElement().satisfies(e -> {
            assertThat(e.port()).isEqualTo(service.getSpec().getPorts().get(0).getName());
            assertThat(e.path()).isEqualTo("/metrics");
        });
        Class.forName(exporter.getCommand().get(exporter.getCommand().size() - 1)).getMethod("main", String[].class);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theCostImporterWatchesABlobContainerWithItsWorkloadIdentityAndTheCliReadsItsEnvironment(Path overlay) {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        PodTemplateSpec pod = PodSpecs.templates(objects).get("tally-cost-importer");
        Container importer = PodSpecs.container(pod, "cost-importer");

        ParseResult parsed = tallyCli(importer.getArgs());
        ParseResult command = leaf(parsed);
        assertThat(command.commandSpec().qualifiedName()).isEqualTo("tally costs import");
        assertThat(command.hasMatchedOption("--watch")).isTrue();
        String source = command.matchedPositionalValue(0, "");
        assertThat(BlobLocation.looksLikeBlobUrl(source)).as(source).isTrue();
        BlobLocation.parse(source);
        assertEnvironmentIsRead(importer, command);
        assertWorkloadIdentity(objects, pod);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theMigrationsJobRunsTallyMigrateWithTheEnvironmentItReads(Path overlay) {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        Container migrate = PodSpecs.container(PodSpecs.templates(objects).get("tally-migrate"), "migrate");
        ParseResult command = leaf(tallyCli(migrate.getArgs()));
        assertThat(command.commandSpec().qualifiedName()).isEqualTo("tally migrate");
        assertEnvironmentIsRead(migrate, command);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theMonthlyReportRunsTallyReportForThePreviousMonthIntoBlobStorage(Path overlay) {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        CronJob cronJob = Manifests.named(objects, CronJob.class, "tally-monthly-report");
        PodTemplateSpec pod = PodSpecs.templates(objects).get("tally-monthly-report");
        Container report = PodSpecs.container(pod, "report");
        assertThat(cronJob.getSpec().getConcurrencyPolicy()).isEqualTo("Forbid");
        assertWorkloadIdentity(objects, pod);

        // sh -c 'exec java … TallyCli report --month "$(date …)" --out …': the month is the shell's; a fixed one stands in.
        String script = report.getArgs().get(0);
        Matcher cli = Pattern.compile("TallyCli\\s+(.*)$", Pattern.DOTALL).matcher(script);
        assertThat(cli.find()).as(script).isTrue();
        String[] args = cli.group(1).replaceAll("\"\\$\\(date .*?\\+%Y-%m\\)\"", "2026-10").strip().split("\\s+");
        assertThat(args).contains("report", "--month", "2026-10", "--out");
        assertThat(BlobLocation.looksLikeBlobUrl(args[List.of(args).indexOf("--out") + 1])).isTrue();
        Assumptions.assumeTrue(new CommandLine(new TallyCli()).getSubcommands().containsKey("report"),
                "`tally report` is not on this branch yet (another change adds it): its arguments are not checked against the CLI");
        ParseResult command = leaf(tallyCli(List.of(args)));
        assertThat(command.commandSpec().qualifiedName()).isEqualTo("tally report");
        assertEnvironmentIsRead(report, command);
    }

    /** Parses a command line with the real CLI's model (nothing runs); an unknown option or subcommand throws. */
    private static ParseResult tallyCli(List<String> args) {
        // Without interpolation the options' defaults keep their ${env:NAME}: which variables each reads.
        return new CommandLine(new TallyCli()).setInterpolateVariables(false).parseArgs(args.toArray(String[]::new));
    }

    private static ParseResult leaf(ParseResult parsed) {
        ParseResult leaf = parsed;
        while (leaf.hasSubcommand()) {
            leaf = leaf.subcommand();
        }
        return leaf;
    }

    /** Each Tally variable the manifest sets is one an option of the command defaults from (or ClickHouse's credentials). */
    private static void assertEnvironmentIsRead(Container container, ParseResult command) {
        Set<String> read = new HashSet<>(Set.of(ClickHouseUrl.USER_ENV, ClickHouseUrl.PASSWORD_ENV, "JAVA_TOOL_OPTIONS"));
        // the Kafka connection every Kafka client reads (KafkaConnection, KafkaClientSecurity), not an option's default
        read.add(KafkaConnection.BOOTSTRAP_SERVERS_ENV);
        read.addAll(PodSpecs.KAFKA_TLS_ENV);
        List<ArgSpec> args = new ArrayList<>(command.commandSpec().options());
        for (ArgSpec arg : args) {
            Matcher m = ENV_DEFAULT.matcher(String.valueOf(arg.defaultValue()));
            while (m.find()) {
                read.add(m.group(1));
            }
        }
        assertThat(PodSpecs.env(container).keySet()).as("variables nobody reads").isSubsetOf(read);
        assertThat(PodSpecs.env(container)).containsKeys(ClickHouseUrl.USER_ENV, ClickHouseUrl.PASSWORD_ENV);
    }

    private static void assertWorkloadIdentity(List<Object> objects, PodTemplateSpec pod) {
        assertThat(pod.getMetadata().getLabels()).containsEntry("azure.workload.identity/use", "true");
        ServiceAccount account = Manifests.named(objects, ServiceAccount.class, pod.getSpec().getServiceAccountName());
        assertThat(account.getMetadata().getAnnotations()).containsKey("azure.workload.identity/client-id");
    }
}
