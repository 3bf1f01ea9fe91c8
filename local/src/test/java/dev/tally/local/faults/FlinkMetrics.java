package dev.tally.local.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobID;

/** A job's metrics as an operator sees them: through the Flink REST API of the cluster's Web UI. */
final class FlinkMetrics {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private FlinkMetrics() {
    }

    /** The sum, over every vertex and subtask of the job, of the metrics whose name ends with {@code .name}. */
    static long sum(URI webUi, JobID job, String name) throws Exception {
        long sum = 0;
        for (JsonNode vertex : get(webUi, "/jobs/" + job).path("vertices")) {
            String path = "/jobs/" + job + "/vertices/" + vertex.path("id").asText() + "/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode metric : get(webUi, path)) {
                String id = metric.path("id").asText();
                if (id.endsWith("." + name)) {
                    ids.add(id);
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            for (JsonNode value : get(webUi, path + "?get=" + URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8))) {
                sum += Long.parseLong(value.path("value").asText("0"));
            }
        }
        return sum;
    }

    /** {@code numRestarts} of the job: how often it failed and was restarted from its checkpoint. */
    static long restarts(URI webUi, JobID job) throws Exception {
        for (JsonNode value : get(webUi, "/jobs/" + job + "/metrics?get=numRestarts")) {
            return Long.parseLong(value.path("value").asText("0"));
        }
        return 0;
    }

    private static JsonNode get(URI webUi, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(webUi.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Flink REST " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }
}
