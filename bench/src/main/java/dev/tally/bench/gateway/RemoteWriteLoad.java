package dev.tally.bench.gateway;

import dev.tally.local.fleet.ScrapeBatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * N concurrent remote_write senders, one per cluster, each POSTing its cluster's bodies in time
 * order and one at a time (like one Prometheus shard: the next request after the answer), with
 * Prometheus' headers and the cluster's bearer token. A request counts as accepted on 2xx only;
 * nothing is retried, so a refusal shows as lost throughput and in {@link Round#refusedByStatus()}.
 */
final class RemoteWriteLoad implements AutoCloseable {

    /** One request's body and how many samples it holds. */
    record Body(byte[] snappy, int samples) {
    }

    /** What one round (every client sending its list once) achieved. */
    record Round(long nanos, long acceptedSamples, long acceptedRequests, Map<Integer, Long> refusedByStatus, String firstRefusal) {
        double samplesPerSecond() {
            return acceptedSamples * 1e9 / nanos;
        }

        long refused() {
            return refusedByStatus.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final List<HttpClient> clients = new ArrayList<>();
    private final ExecutorService threads;

    RemoteWriteLoad(int n) {
        for (int i = 0; i < n; i++) {
            clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build());
        }
        threads = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "remote-write-client");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * @param bodies one list per client, in the order to send
     * @param tokens each client's bearer token (same index)
     */
    Round send(URI url, List<List<Body>> bodies, List<String> tokens) throws Exception {
        record Tally(long samples, long requests, Map<Integer, Long> refused, String firstRefusal) {
        }
        List<Future<Tally>> running = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < bodies.size(); c++) {
            HttpClient http = clients.get(c);
            List<Body> mine = bodies.get(c);
            String token = tokens.get(c);
            running.add(threads.submit(() -> {
                long samples = 0;
                long requests = 0;
                Map<Integer, Long> refused = new TreeMap<>();
                String first = null;
                for (Body body : mine) {
                    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(60))
                            .header("Content-Type", ScrapeBatch.REMOTE_WRITE_CONTENT_TYPE)
                            .header("Content-Encoding", ScrapeBatch.REMOTE_WRITE_CONTENT_ENCODING)
                            .header(ScrapeBatch.REMOTE_WRITE_VERSION_HEADER, ScrapeBatch.REMOTE_WRITE_VERSION)
                            .header("User-Agent", "Prometheus/2.42.0")
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body.snappy())).build();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() / 100 == 2) {
                        samples += body.samples();
                        requests++;
                    } else {
                        refused.merge(response.statusCode(), 1L, Long::sum);
                        if (first == null) {
                            first = response.statusCode() + " " + response.body().strip();
                        }
                    }
                }
                return new Tally(samples, requests, refused, first);
            }));
        }
        long samples = 0;
        long requests = 0;
        Map<Integer, Long> refused = new TreeMap<>();
        String first = null;
        for (Future<Tally> f : running) {
            Tally t = f.get();
            samples += t.samples();
            requests += t.requests();
            t.refused().forEach((status, count) -> refused.merge(status, count, Long::sum));
            first = first == null ? t.firstRefusal() : first;
        }
        return new Round(System.nanoTime() - start, samples, requests, refused, first);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
