package dev.tally.bench.e2e;

import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.fleet.ScrapeBatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated fleet sent to the gateway at a set rate. A step's scrapes are rendered before
 * the step (so the simulator's CPU is not taken from the pipeline while it is measured), then
 * each cluster's sender posts its bodies in time order, one at a time as one Prometheus shard
 * does, each when it is due for the step's rate ({@code samples sent so far / rate}); if the
 * gateway is slower, the sender falls behind and the delivered rate shows it. 429 and 503 are
 * retried after Retry-After, as Prometheus does; anything else is counted as refused.
 * Simulated time runs on from step to step, faster than real time when the rate asks for it.
 */
final class PacedLoad implements AutoCloseable {
    private static final int MAX_ATTEMPTS = 30;

    /** One request: its cluster, scrape time, body and samples. */
    record Body(String cluster, Instant scrapeTime, byte[] snappy, int samples) {
    }

    /** What a step delivered, counted when the gateway answered 2xx (after Kafka's acks=all). */
    static final class Progress {
        final AtomicLong samples = new AtomicLong();
        final AtomicLong requests = new AtomicLong();
        final AtomicLong retries = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        volatile String firstRefusal;
    }

    private final FleetSimulator fleet;
    private final List<FleetSimulator> clusters;
    private final URI writeUrl;
    private final Map<String, String> tokenByCluster;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService senders;
    private final AtomicLong newestSentScrapeMillis = new AtomicLong();
    private Instant next;

    PacedLoad(FleetSimulator fleet, Instant from, URI gateway, Map<String, String> tokenByCluster) {
        this.fleet = fleet;
        this.clusters = fleet.spec().clusters().stream()
                .map(c -> new FleetSimulator(fleet.spec().withClusters(List.of(c)))).toList();
        this.next = from;
        this.writeUrl = gateway.resolve("/api/v1/write");
        this.tokenByCluster = Map.copyOf(tokenByCluster);
        this.newestSentScrapeMillis.set(from.toEpochMilli());
        this.senders = Executors.newFixedThreadPool(fleet.clusterIds().size(), r -> {
            Thread t = new Thread(r, "bench-fleet-sender");
            t.setDaemon(true);
            return t;
        });
    }

    /** The newest scrape time sent: the probe stamps its markers with it, so they are never ahead of the fleet's event time. */
    Instant newestSentScrape() {
        return Instant.ofEpochMilli(newestSentScrapeMillis.get());
    }

    /**
     * Renders the next scrapes until they hold at least {@code samples}; one list per cluster, in time order.
     * Each cluster renders on its own thread (a cluster's scrapes depend only on the spec, its own timeline and the
     * time range), so rendering between steps takes a fraction of the time on more cores.
     */
    List<List<Body>> render(long samples) {
        List<List<Body>> byCluster = new ArrayList<>();
        for (int i = 0; i < clusters.size(); i++) {
            byCluster.add(new ArrayList<>());
        }
        Duration tick = fleet.spec().scrapeInterval();
        long rendered = 0;
        long ticks = 1;
        while (rendered < samples) {
            // one tick first, then as many as the rest needs at the first tick's size: few rounds, little rendered past the step
            Instant from = next;
            Instant to = next.plus(tick.multipliedBy(ticks));
            long round = java.util.stream.IntStream.range(0, clusters.size()).parallel().mapToLong(i -> {
                long[] count = {0};
                clusters.get(i).run(from, to, (ScrapeBatch b) -> {
                    byCluster.get(i).add(new Body(b.clusterId(), b.scrapeTime(), b.remoteWriteBody(), b.sampleCount()));
                    count[0] += b.sampleCount();
                });
                return count[0];
            }).sum();
            rendered += round;
            ticks = Math.max(1, (long) Math.ceil((samples - rendered) / Math.max(1.0, (double) round / ticks)));
            next = to;
        }
        return byCluster;
    }

    /**
     * Sends the bodies at {@code samplesPerSecond} over all clusters; returns when all are answered,
     * or at {@code giveUpAfter} with the rest unsent (a gateway far slower than the rate).
     */
    void send(List<List<Body>> bodies, double samplesPerSecond, Duration giveUpAfter, Progress progress) throws Exception {
        double perCluster = samplesPerSecond / bodies.size();
        long start = System.nanoTime();
        long giveUpAt = start + giveUpAfter.toNanos();
        List<Future<?>> running = new ArrayList<>();
        for (List<Body> mine : bodies) {
            running.add(senders.submit(() -> {
                long sent = 0;
                for (Body body : mine) {
                    if (System.nanoTime() > giveUpAt) {
                        break;
                    }
                    long due = start + (long) (sent / perCluster * 1e9);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    post(body, progress);
                    sent += body.samples();
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
    }

    private void post(Body body, Progress progress) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(writeUrl).timeout(Duration.ofSeconds(60))
                .header("Content-Type", ScrapeBatch.REMOTE_WRITE_CONTENT_TYPE)
                .header("Content-Encoding", ScrapeBatch.REMOTE_WRITE_CONTENT_ENCODING)
                .header(ScrapeBatch.REMOTE_WRITE_VERSION_HEADER, ScrapeBatch.REMOTE_WRITE_VERSION)
                .header("Authorization", "Bearer " + tokenByCluster.get(body.cluster()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.snappy())).build();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status / 100 == 2) {
                progress.samples.addAndGet(body.samples());
                progress.requests.incrementAndGet();
                newestSentScrapeMillis.accumulateAndGet(body.scrapeTime().toEpochMilli(), Math::max);
                return;
            }
            if ((status == 429 || status == 503) && attempt < MAX_ATTEMPTS) {
                progress.retries.incrementAndGet();
                Thread.sleep(1000 * Math.max(1, response.headers().firstValueAsLong("Retry-After").orElse(1)));
                continue;
            }
            progress.refused.incrementAndGet();
            if (progress.firstRefusal == null) {
                progress.firstRefusal = status + " " + response.body().strip();
            }
            return;
        }
    }

    @Override
    public void close() {
        senders.shutdownNow();
    }
}
