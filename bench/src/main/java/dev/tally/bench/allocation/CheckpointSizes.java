package dev.tally.bench.allocation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.flink.api.common.JobID;

/**
 * The state a running job's checkpoints hold, as Flink's REST API reports it
 * ({@code /jobs/<id>/checkpoints}: the full state size of the latest completed checkpoint, which
 * for an incremental RocksDB checkpoint counts every file it references, not only the new ones).
 * Polled every few seconds while the job runs; the largest value seen is the job's state size.
 */
final class CheckpointSizes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofSeconds(5);

    private final URI webUi;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile long largestStateBytes;
    private volatile long completed;
    private volatile Thread poller;

    CheckpointSizes(URI webUi) {
        this.webUi = webUi;
    }

    void follow(JobID job) {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                read(job);
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "checkpoint-sizes");
        thread.setDaemon(true);
        thread.start();
        poller = thread;
    }

    void stop() {
        Thread thread = poller;
        if (thread != null) {
            thread.interrupt();
        }
    }

    long largestStateBytes() {
        return largestStateBytes;
    }

    long completed() {
        return completed;
    }

    private void read(JobID job) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(webUi.resolve("/jobs/" + job + "/checkpoints"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return;   // the job is not there yet, or already gone
            }
            JsonNode stats = JSON.readTree(response.body());
            completed = Math.max(completed, stats.path("counts").path("completed").asLong());
            JsonNode latest = stats.path("latest").path("completed");
            if (latest.isObject()) {
                largestStateBytes = Math.max(largestStateBytes, latest.path("state_size").asLong());
            }
        } catch (java.io.IOException e) {
            // a missed poll is not a measurement; the next one counts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
