package dev.tally.ingest.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The endpoints before the topic is read: nothing half-built is served (no broker needed). */
class DriftExporterHttpTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void untilTheTopicIsReadMetricsAndReadySay503WithWhatItWaitsFor() throws Exception {
        // nothing listens on port 1: the reader keeps waiting for the topic's partitions
        DriftExporterConfig config = DriftExporterConfig.defaults().withBind("127.0.0.1", 0).withKafka("127.0.0.1:1", "test.");
        try (DriftExporter exporter = DriftExporter.start(config)) {
            assertThat(exporter.ready()).isFalse();
            HttpResponse<String> metrics = get(exporter.url().resolve("metrics"));
            assertThat(metrics.statusCode()).isEqualTo(503);
            assertThat(metrics.body()).isEqualTo("not ready: waiting for the partitions of test.tally.rightsizing.v1\n");
            assertThat(get(exporter.url().resolve("ready")).statusCode()).isEqualTo(503);
            assertThat(get(exporter.url().resolve("healthy")).statusCode()).isEqualTo(200);
            HttpResponse<String> unknown = get(exporter.url().resolve("alerts"));
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).isEqualTo("not found: /alerts (endpoints: GET /metrics, /ready, /healthy)\n");
        }
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }
}
