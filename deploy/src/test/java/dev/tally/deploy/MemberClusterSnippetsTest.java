package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.tally.ingest.gateway.GatewayConfig;
import dev.tally.ingest.gateway.GatewayConfigLoader;
import dev.tally.ingest.gateway.IngestGateway;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The member clusters' Prometheus remote_write snippet: valid for Prometheus, aimed at the prod gateway's route. */
class MemberClusterSnippetsTest {
    private static final Path REMOTE_WRITE = Kustomize.projectRoot().resolve("deploy/member-cluster/prometheus-remote-write.yml");

    private static Promtool.Result promtoolCheckConfig(Path file) throws IOException, InterruptedException {
        return Promtool.run("check", "config", file.toString());
    }

    @Test
    void promtoolAcceptsTheSnippetAndRefusesATypoInIt(@TempDir Path dir) throws Exception {
        Promtool.Result ok = promtoolCheckConfig(REMOTE_WRITE);
        assertThat(ok.exitCode()).as(ok.output()).isZero();

        Path typo = dir.resolve("typo.yml");
        Files.writeString(typo, Files.readString(REMOTE_WRITE).replace("max_samples_per_send:", "max_sample_per_send:"));
        Promtool.Result refused = promtoolCheckConfig(typo);
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("max_sample_per_send");
    }

    @Test
    void theSnippetSendsOverTlsToTheProdIngressAndARouteOfTheGateway(@TempDir Path dir) throws Exception {
        JsonNode remoteWrite = new ObjectMapper(new YAMLFactory()).readTree(REMOTE_WRITE.toFile()).path("remote_write").get(0);
        URI url = URI.create(remoteWrite.path("url").asText());
        List<Object> prod = Manifests.parse(Kustomize.render(Kustomize.overlay("prod")));

        assertThat(url.getScheme()).isEqualTo("https");
        assertThat(url.getHost()).isEqualTo(Manifests.only(prod, Ingress.class).getSpec().getRules().get(0).getHost());
        assertThat(remoteWrite.path("authorization").path("credentials_file").asText()).isNotBlank();

        Path file = dir.resolve("gateway.yaml");
        Files.writeString(file, Manifests.named(prod, ConfigMap.class, "tally-gateway-config").getData().get("gateway.yaml"));
        GatewayConfig config = GatewayConfigLoader.load(file, Map.of());
        assertThat(remoteWrite.path("queue_config").path("max_samples_per_send").asInt())
                .isPositive().isLessThanOrEqualTo(config.limits().maxSeriesPerRequest());

        // The path is one of the gateway's POST routes: a GET is answered 405 there, 404 elsewhere.
        try (IngestGateway gateway = ManifestGateway.start(prod, dir)) {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(gateway.url().resolve(url.getPath())).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        }
    }
}
