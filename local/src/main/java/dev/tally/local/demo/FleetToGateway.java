package dev.tally.local.demo;

import dev.tally.local.fleet.ScrapeBatch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends the simulated fleet to the ingest gateway as the clusters' own agents would: each
 * cluster's scrapes as Prometheus remote_write (snappy, with Prometheus' headers) and its
 * container logs as OTLP/HTTP protobuf, each with that cluster's bearer token. Like Prometheus,
 * it retries what the gateway asks to be retried (429, 503, honouring Retry-After) and gives
 * up on anything else, naming the request.
 */
public final class FleetToGateway {
    private static final int MAX_ATTEMPTS = 30;

    private final URI gateway;
    private final Map<String, String> tokenByCluster;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Semaphore inFlight;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong unavailableWithRetryAfter = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * @param gateway        e.g. {@code http://127.0.0.1:9095}
     * @param tokenByCluster the bearer token each cluster authenticates with
     * @param concurrency    requests in flight at once (Prometheus' shards)
     */
    public FleetToGateway(URI gateway, Map<String, String> tokenByCluster, int concurrency) {
        this.gateway = gateway;
        this.tokenByCluster = Map.copyOf(tokenByCluster);
        this.inFlight = new Semaphore(concurrency);
    }

    /** Sends one scrape's metrics (and, with {@code withLogs}, the logs of its interval). */
    public void send(ScrapeBatch batch, boolean withLogs) {
        rethrowFailure();
        String token = tokenByCluster.get(batch.clusterId());
        if (token == null) {
            throw new IllegalStateException("no token for cluster " + batch.clusterId());
        }
        post(HttpRequest.newBuilder(gateway.resolve("/api/v1/write"))
                .header("Content-Type", ScrapeBatch.REMOTE_WRITE_CONTENT_TYPE)
                .header("Content-Encoding", ScrapeBatch.REMOTE_WRITE_CONTENT_ENCODING)
                .header(ScrapeBatch.REMOTE_WRITE_VERSION_HEADER, ScrapeBatch.REMOTE_WRITE_VERSION)
                .header("Authorization", "Bearer " + token), batch.remoteWriteBody(), "remote_write " + batch.clusterId() + " " + batch.scrapeTime());
        if (withLogs && batch.otlpLogs().getResourceLogsCount() > 0) {
            post(HttpRequest.newBuilder(gateway.resolve("/v1/logs"))
                    .header("Content-Type", "application/x-protobuf")
                    .header("Authorization", "Bearer " + token), batch.otlpLogs().toByteArray(), "OTLP logs " + batch.clusterId() + " " + batch.scrapeTime());
        }
    }

    private void post(HttpRequest.Builder request, byte[] body, String what) {
        inFlight.acquireUninterruptibly();
        requests.incrementAndGet();
        bytes.addAndGet(body.length);
        HttpRequest built = request.timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        attempt(built, what, 1).whenComplete((ok, error) -> {
            inFlight.release();
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    private CompletableFuture<Void> attempt(HttpRequest request, String what, int attempt) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            int status = response.statusCode();
            if (status / 100 == 2) {
                return CompletableFuture.completedFuture(null);
            }
            if (status == 503 && response.headers().firstValue("Retry-After").isPresent()) {
                unavailableWithRetryAfter.incrementAndGet();
            }
            if ((status == 429 || status == 503) && attempt < MAX_ATTEMPTS) {
                retries.incrementAndGet();
                long waitSeconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
                return CompletableFuture.supplyAsync(() -> null,
                                CompletableFuture.delayedExecutor(Math.max(1, waitSeconds), java.util.concurrent.TimeUnit.SECONDS))
                        .thenCompose(ignored -> attempt(request, what, attempt + 1));
            }
            return CompletableFuture.failedFuture(new IOException("the gateway refused " + what + ": HTTP " + status + " " + response.body()));
        });
    }

    /** Waits until every request is acknowledged; fails with the first refusal. */
    public void flush(int concurrency) {
        inFlight.acquireUninterruptibly(concurrency);
        inFlight.release(concurrency);
        rethrowFailure();
    }

    private void rethrowFailure() {
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException(error.getMessage(), error);
        }
    }

    public long requests() {
        return requests.get();
    }

    public long bytes() {
        return bytes.get();
    }

    public long retries() {
        return retries.get();
    }

    /** Answers 503 (the gateway cannot reach Kafka) that said when to try again: a Kafka outage seen from the clusters. */
    public long unavailableWithRetryAfter() {
        return unavailableWithRetryAfter.get();
    }
}
