package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.config.ConfigValues;
import dev.tally.ingest.gateway.GatewayConfig;
import dev.tally.ingest.gateway.GatewayConfigLoader;
import dev.tally.ingest.gateway.IngestGateway;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gateway's manifests against the gateway's code: the config file the ConfigMap mounts loads
 * with {@link GatewayConfigLoader} (which refuses unknown keys), the Deployment's environment names
 * are ones the loader reads, the ports the Service and Ingress name are the port the config sets,
 * the probes answer on the running gateway, and the main class exists.
 */
class GatewayManifestsTest {

    static Stream<Path> overlays() {
        return Kustomize.overlays().stream();
    }

    private static Container gatewayContainer(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("gateway")).findFirst().orElseThrow();
    }

    private static Deployment gateway(List<Object> objects) {
        return Manifests.all(objects, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().equals("tally-gateway")).findFirst().orElseThrow();
    }

    private static Map<String, String> plainEnv(Container container) {
        return container.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    /** The file a ConfigMap or Secret volume shows at {@code file}: {volume's mount path}/{key}. */
    private static String mountedKey(PodSpec pod, Container container, String file, String volumeKind) {
        for (VolumeMount mount : container.getVolumeMounts()) {
            String prefix = mount.getMountPath() + "/";
            if (file.startsWith(prefix)) {
                Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
                String source = volumeKind.equals("configMap")
                        ? (volume.getConfigMap() == null ? null : volume.getConfigMap().getName())
                        : (volume.getSecret() == null ? null : volume.getSecret().getSecretName());
                assertThat(source).as("%s is on volume %s, which is not a %s", file, volume.getName(), volumeKind).isNotNull();
                return source + "/" + file.substring(prefix.length());
            }
        }
        throw new AssertionError(file + " is not on any mounted volume");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theMountedConfigLoadsAndItsPortIsTheOneTheManifestsExpose(Path overlay, @TempDir Path dir) throws IOException {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        Deployment deployment = gateway(objects);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = gatewayContainer(deployment);
        Map<String, String> env = plainEnv(container);

        // Only names the loader reads (a misspelt override would be silently ignored), JVM flags aside.
        Set<String> read = new HashSet<>(Set.of(GatewayConfigLoader.ENV_CONFIG_FILE, GatewayConfigLoader.ENV_TOKENS,
                GatewayConfigLoader.ENV_TOKENS_FILE, "JAVA_TOOL_OPTIONS"));
        read.addAll(PodSpecs.KAFKA_TLS_ENV);
        assertThat(container.getEnv()).extracting(EnvVar::getName).allSatisfy(name -> assertThat(name).isIn(read));

        String configFile = env.get(GatewayConfigLoader.ENV_CONFIG_FILE);
        String[] configKey = mountedKey(pod, container, configFile, "configMap").split("/", 2);
        ConfigMap configMap = Manifests.all(objects, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals(configKey[0])).findFirst().orElseThrow();
        Path file = dir.resolve(configKey[1]);
        Files.writeString(file, configMap.getData().get(configKey[1]));

        String tokensFile = env.get(GatewayConfigLoader.ENV_TOKENS_FILE);
        String[] tokensKey = mountedKey(pod, container, tokensFile, "secret").split("/", 2);
        assertThat(tokensKey[0]).isEqualTo("tally-gateway-tokens");
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, Manifests.all(objects, Secret.class).stream()
                .filter(s -> s.getMetadata().getName().equals(tokensKey[0])).findFirst()
                .map(s -> s.getStringData().get(tokensKey[1]))
                .orElse("prod-cluster=a-token-from-the-secret\n"));   // prod's Secret is made outside git

        Map<String, String> loaderEnv = PodSpecs.withKafkaStandIns(env, dir);
        loaderEnv.put(GatewayConfigLoader.ENV_TOKENS_FILE, tokens.toString());
        GatewayConfig config = GatewayConfigLoader.load(file, loaderEnv);

        assertThat(config.clusters()).isNotEmpty();
        ContainerPort http = container.getPorts().stream().filter(p -> "http".equals(p.getName())).findFirst().orElseThrow();
        assertThat(http.getContainerPort()).isEqualTo(config.port());
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/port", Integer.toString(config.port()));

        Service service = Manifests.named(objects, Service.class, "tally-gateway");
        ServicePort servicePort = service.getSpec().getPorts().get(0);
        assertThat(servicePort.getTargetPort().getStrVal()).isEqualTo(http.getName());
        assertThat(service.getSpec().getSelector()).isNotEmpty();
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());

        Ingress ingress = Manifests.only(objects, Ingress.class);
        IngressBackend backend = ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend();
        assertThat(backend.getService().getName()).isEqualTo(service.getMetadata().getName());
        assertThat(backend.getService().getPort().getName()).isEqualTo(servicePort.getName());
        assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls ->
                assertThat(tls.getHosts()).containsExactly(ingress.getSpec().getRules().get(0).getHost()));
        // The ingress must pass every body the gateway takes ("10m" is nginx's MiB).
        String bodySize = ingress.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/proxy-body-size");
        assertThat(ConfigValues.size(Map.of("s", bodySize.replace("m", "MiB")), "s"))
                .isEqualTo(config.limits().maxCompressedBytes());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void availabilityAndSecurityHoldInEveryOverlay(Path overlay) {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        Deployment deployment = gateway(objects);
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        Container container = gatewayContainer(deployment);

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(container.getResources().getLimits()).containsKeys("cpu", "memory");

        HorizontalPodAutoscaler hpa = Manifests.only(objects, HorizontalPodAutoscaler.class);
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(deployment.getMetadata().getName());
        assertThat(hpa.getSpec().getMinReplicas()).isLessThanOrEqualTo(hpa.getSpec().getMaxReplicas());
        PodDisruptionBudget pdb = Manifests.only(objects, PodDisruptionBudget.class);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels());
        // A budget that keeps every pod of the smallest scale would block node drains.
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isLessThan(hpa.getSpec().getMinReplicas());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theMainClassExistsAndTheProbesAnswerOnTheRunningGateway(Path overlay, @TempDir Path dir) throws Exception {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        Container container = gatewayContainer(gateway(objects));
        List<String> command = container.getCommand();
        Method main = Class.forName(command.get(command.size() - 1)).getMethod("main", String[].class);
        assertThat(Modifier.isStatic(main.getModifiers())).isTrue();

        // Liveness must say 200; readiness must answer (503 without Kafka), not 404.
        HttpClient client = HttpClient.newHttpClient();
        try (IngestGateway gateway = ManifestGateway.start(objects, dir)) {
            String liveness = container.getLivenessProbe().getHttpGet().getPath();
            String readiness = container.getReadinessProbe().getHttpGet().getPath();
            assertThat(client.send(HttpRequest.newBuilder(gateway.url().resolve(liveness)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            assertThat(client.send(HttpRequest.newBuilder(gateway.url().resolve(readiness)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(503);
            assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");
        }
    }
}
