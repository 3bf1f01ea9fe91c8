package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.deploy.CustomResources.ServiceMonitor;
import dev.tally.ingest.gateway.IngestGateway;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The gateway's ServiceMonitor selects its Service, names one of its ports, and scrapes a path the gateway serves. */
class GatewayMonitoringTest {

    static Stream<Path> overlays() {
        return Kustomize.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theServiceMonitorScrapesTheGatewaysMetrics(Path overlay, @TempDir Path dir) throws Exception {
        List<Object> objects = Manifests.parse(Kustomize.render(overlay));
        ServiceMonitor monitor = Manifests.named(objects, ServiceMonitor.class, "tally-gateway");
        Service service = Manifests.named(objects, Service.class, "tally-gateway");

        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(monitor.spec().selector().getMatchLabels());
        assertThat(monitor.spec().endpoints()).singleElement().satisfies(endpoint -> {
            assertThat(service.getSpec().getPorts()).extracting(ServicePort::getName).contains(endpoint.port());
            try (IngestGateway gateway = ManifestGateway.start(objects, dir)) {
                HttpResponse<String> response = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(gateway.url().resolve(endpoint.path())).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                // A metric the README documents and the alert rules of a later step will read.
                assertThat(response.body()).contains("tally_gateway_in_flight_bytes");
            }
        });
    }
}
