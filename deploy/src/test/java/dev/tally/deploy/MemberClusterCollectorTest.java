package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tally.ingest.gateway.GatewayConfigLoader;
import dev.tally.ingest.gateway.IngestGateway;
import dev.tally.jobs.usage.decode.UsageFamilies;
import dev.tally.jobs.usage.decode.collector.CollectorMetrics;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The member clusters' OpenTelemetry Collector configurations (no otelcol binary here: parsed and
 * checked) and kube-state-metrics requirements, against the gateway and what the usage job reads.
 */
class MemberClusterCollectorTest {
    private static final Path MEMBER = Kustomize.projectRoot().resolve("deploy/member-cluster");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final List<String> KINDS = List.of("receivers", "processors", "exporters", "extensions", "connectors");

    private static JsonNode config(String file) throws IOException {
        return YAML.readTree(MEMBER.resolve(file).toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"otel-collector-node.yaml", "otel-collector-cluster.yaml"})
    void everyPipelineUsesDefinedComponentsAndEveryComponentIsUsed(String file) throws IOException {
        JsonNode config = config(file);
        Set<String> used = new HashSet<>();
        JsonNode pipelines = config.path("service").path("pipelines");
        assertThat(pipelines.isEmpty()).as(file + " has pipelines").isFalse();
        pipelines.fields().forEachRemaining(pipeline -> {
            assertThat(pipeline.getKey().split("/")[0]).as(file).isIn("metrics", "logs", "traces");
            for (String kind : List.of("receivers", "processors", "exporters")) {
                pipeline.getValue().path(kind).forEach(component -> {
                    assertThat(config.path(kind).has(component.asText())).as(file + ": " + pipeline.getKey() + " " + kind + " " + component.asText() + " is defined").isTrue();
                    used.add(kind + ":" + component.asText());
                });
            }
            assertThat(pipeline.getValue().path("receivers").isEmpty()).as(pipeline.getKey() + " receivers").isFalse();
            assertThat(pipeline.getValue().path("exporters").isEmpty()).as(pipeline.getKey() + " exporters").isFalse();
        });
        for (String kind : List.of("receivers", "processors", "exporters")) {
            config.path(kind).fieldNames().forEachRemaining(name -> assertThat(used).as(file + ": " + kind + " " + name + " is used").contains(kind + ":" + name));
        }
        config.fieldNames().forEachRemaining(section -> assertThat(section).as(file).isIn(
                Stream.concat(KINDS.stream(), Stream.of("service")).toList()));
    }

    /** Metrics go to /v1/metrics and logs to /v1/logs of the prod host (the otlphttp exporter appends them): real POST routes, and the token header is one the gateway accepts. */
    @ParameterizedTest
    @ValueSource(strings = {"otel-collector-node.yaml", "otel-collector-cluster.yaml"})
    void theExporterSendsToTheProdGatewaysOtlpRoutesWithTheClustersBearerToken(String file, @TempDir Path dir) throws Exception {
        JsonNode config = config(file);
        List<Object> prod = Manifests.parse(Kustomize.render(Kustomize.overlay("prod")));
        String host = Manifests.only(prod, Ingress.class).getSpec().getRules().get(0).getHost();
        Path tokens = Files.writeString(dir.resolve("tokens"), "aks-weu-1=0123456789abcdef\n");

        try (IngestGateway gateway = ManifestGateway.start(prod, dir, Map.of(GatewayConfigLoader.ENV_TOKENS_FILE, tokens.toString()))) {
            HttpClient http = HttpClient.newHttpClient();
            config.path("service").path("pipelines").fields().forEachRemaining(pipeline -> {
                String signal = pipeline.getKey().split("/")[0];
                pipeline.getValue().path("exporters").forEach(name -> {
                    JsonNode exporter = config.path("exporters").path(name.asText());
                    assertThat(name.asText()).startsWith("otlphttp");
                    URI endpoint = URI.create(exporter.path("endpoint").asText());
                    assertThat(endpoint.getScheme()).isEqualTo("https");
                    assertThat(endpoint.getHost()).isEqualTo(host);
                    String header = exporter.path("headers").path("Authorization").asText();
                    Matcher bearer = Pattern.compile("Bearer \\$\\{env:(\\w+)}").matcher(header);
                    assertThat(bearer.matches()).as(header).isTrue();
                    String path = endpoint.getPath().replaceAll("/$", "") + "/v1/" + signal;
                    try {
                        // An empty request (zero bytes: a valid empty protobuf message) with the token as the header says.
                        HttpResponse<String> ok = http.send(HttpRequest.newBuilder(gateway.url().resolve(path))
                                .header("Content-Type", "application/x-protobuf")
                                .header("Authorization", header.replace("${env:" + bearer.group(1) + "}", "0123456789abcdef"))
                                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(ok.statusCode()).as(path + ": " + ok.body()).isIn(200, 503);
                        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(gateway.url().resolve(path))
                                .header("Content-Type", "application/x-protobuf").header("Authorization", "Bearer wrong")
                                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(wrong.statusCode()).as(path).isEqualTo(401);
                    } catch (IOException | InterruptedException e) {
                        throw new AssertionError(e);
                    }
                });
            });
        }
    }

    /** For every quantity the usage job reads from a Collector, one of its names is enabled in that receiver. */
    @Test
    void theReceiversEnableEveryMetricTheUsageJobReads() throws IOException {
        JsonNode node = config("otel-collector-node.yaml");
        JsonNode cluster = config("otel-collector-cluster.yaml");
        Map<CollectorMetrics.Kind, Set<String>> namesByKind = new java.util.EnumMap<>(CollectorMetrics.Kind.class);
        for (String name : CollectorMetrics.names()) {
            namesByKind.computeIfAbsent(CollectorMetrics.of(name).kind(), k -> new TreeSet<>()).add(name);
        }
        for (var entry : namesByKind.entrySet()) {
            CollectorMetrics.Receiver receiver = CollectorMetrics.of(entry.getValue().iterator().next()).receiver();
            JsonNode metrics = (receiver == CollectorMetrics.Receiver.KUBELETSTATS ? node.path("receivers").path("kubeletstats")
                    : cluster.path("receivers").path("k8s_cluster")).path("metrics");
            assertThat(entry.getValue().stream().filter(n -> metrics.path(n).path("enabled").asBoolean(false)).toList())
                    .as(entry.getKey() + ": one of " + entry.getValue() + " enabled").hasSize(1);
        }
        // k8sattributes gives the owner names and the pod's start the decoder turns into kube_pod_owner and kube_pod_start_time.
        List<String> extracted = new ArrayList<>();
        cluster.path("processors").path("k8sattributes").path("extract").path("metadata").forEach(m -> extracted.add(m.asText()));
        assertThat(extracted).contains("k8s.pod.start_time", "k8s.deployment.name", "k8s.replicaset.name", "k8s.cronjob.name", "k8s.job.name");
    }

    /** kube-state-metrics keeps every family the usage job reads, and the node labels it reads. */
    @Test
    void kubeStateMetricsKeepsTheFamiliesAndNodeLabelsTheUsageJobReads() throws IOException {
        JsonNode values = config("kube-state-metrics-values.yaml");
        Set<String> allowed = new HashSet<>();
        values.path("metricAllowlist").forEach(m -> allowed.add(m.asText()));
        for (String family : UsageFamilies.ALL) {
            if (family.startsWith("kube_")) {
                assertThat(allowed).as("kube-state-metrics family " + family).contains(family);
            }
        }
        // --metric-labels-allowlist nodes=[k8s label keys]: exposed as label_<key with non-alphanumerics as _>
        Set<String> nodeLabels = new HashSet<>();
        values.path("metricLabelsAllowlist").forEach(entry -> {
            Matcher m = Pattern.compile("nodes=\\[(.*)]").matcher(entry.asText());
            if (m.matches()) {
                for (String key : m.group(1).split(",")) {
                    nodeLabels.add("label_" + key.strip().replaceAll("[^a-zA-Z0-9_]", "_"));
                }
            }
        });
        Set<String> read = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Kustomize.projectRoot().resolve("jobs/src/main/java"))) {
            for (Path source : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = Pattern.compile("\"(label_[a-z0-9_]+)\"").matcher(Files.readString(source));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        assertThat(read).as("node labels the jobs read").isNotEmpty();
        assertThat(nodeLabels).containsAll(read);
    }
}
