package dev.tally.bench.e2e;

import dev.tally.common.clickhouse.ClickHouseUrl;
import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.local.fleet.ScrapeBatch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.xerial.snappy.Snappy;

/**
 * Freshness, measured from outside the pipeline: once a second a cluster of its own ({@value #CLUSTER})
 * sends one marker sample through the gateway, like any cluster, and a poller asks ClickHouse every
 * {@value #POLL_MILLIS} ms how many marker samples {@code ingest_samples_hourly} (the first table a sample
 * reaches) has counted. Marker k is visible once the count reaches k (one cluster is one partition, read in
 * order, and the totals only grow); its freshness is from just before its request was sent (so it includes the
 * gateway's own handling; the gateway stamps the Kafka record within milliseconds of receiving it) to the poll
 * that first saw it. Cost to the pipeline: one one-sample request a second and two small queries a second on a
 * table ordered by cluster. Each marker's timestamp is the fleet's newest sent scrape time, so the marker never
 * moves event time ahead of the fleet's.
 */
final class FreshnessProbe implements AutoCloseable {
    static final String CLUSTER = "bench-probe";
    static final int POLL_MILLIS = 500;

    /** A marker: sent at (System.nanoTime), seen at (nanoTime; 0 while not yet visible). */
    record Marker(long sentNanos, long seenNanos) {
        double freshnessSeconds() {
            return seenNanos == 0 ? Double.NaN : (seenNanos - sentNanos) / 1e9;
        }
    }

    private final URI writeUrl;
    private final String token;
    private final ClickHouseUrl clickHouse;
    private final Supplier<Instant> eventTime;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final List<long[]> markers = new ArrayList<>(); // {sentNanos, seenNanos}
    private final Thread sender;
    private final Thread poller;
    private volatile boolean running = true;
    private volatile String lastError;

    FreshnessProbe(URI gateway, String token, ClickHouseUrl clickHouse, Supplier<Instant> eventTime) {
        this.writeUrl = gateway.resolve("/api/v1/write");
        this.token = token;
        this.clickHouse = clickHouse;
        this.eventTime = eventTime;
        this.sender = new Thread(this::sendLoop, "bench-freshness-marker");
        this.poller = new Thread(this::pollLoop, "bench-freshness-poll");
        sender.setDaemon(true);
        poller.setDaemon(true);
    }

    void start() {
        sender.start();
        poller.start();
    }

    /** Markers sent between two System.nanoTime() moments. */
    synchronized List<Marker> markersSentBetween(long fromNanos, long toNanos) {
        return markers.stream().filter(m -> m[0] >= fromNanos && m[0] < toNanos).map(m -> new Marker(m[0], m[1])).toList();
    }

    String lastError() {
        return lastError;
    }

    private void sendLoop() {
        long k = 0;
        while (running) {
            long started = System.nanoTime();
            try {
                byte[] body = Snappy.compress(marker(k + 1, eventTime.get()).toByteArray());
                HttpRequest request = HttpRequest.newBuilder(writeUrl).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", ScrapeBatch.REMOTE_WRITE_CONTENT_TYPE)
                        .header("Content-Encoding", ScrapeBatch.REMOTE_WRITE_CONTENT_ENCODING)
                        .header(ScrapeBatch.REMOTE_WRITE_VERSION_HEADER, ScrapeBatch.REMOTE_WRITE_VERSION)
                        .header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    k++;
                    synchronized (this) {
                        markers.add(new long[] {started, 0});
                    }
                } else {
                    lastError = "marker refused: " + response.statusCode() + " " + response.body().strip();
                }
                Thread.sleep(Math.max(0, 1000 - (System.nanoTime() - started) / 1_000_000));
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                lastError = "marker not sent: " + e;
            }
        }
    }

    static RemoteWrite.WriteRequest marker(long k, Instant at) {
        return RemoteWrite.WriteRequest.newBuilder().addTimeseries(RemoteWrite.TimeSeries.newBuilder()
                .addLabels(RemoteWrite.Label.newBuilder().setName("__name__").setValue("tally_bench_freshness_marker"))
                .addLabels(RemoteWrite.Label.newBuilder().setName("cluster").setValue(CLUSTER))
                .addSamples(RemoteWrite.Sample.newBuilder().setValue(k).setTimestamp(at.toEpochMilli()))).build();
    }

    private void pollLoop() {
        String sql = "SELECT sum(total) FROM (SELECT max(samples) AS total FROM ingest_samples_hourly WHERE cluster = ? "
                + "GROUP BY hour, content_type)";
        while (running) {
            try (Connection connection = clickHouse.open(); PreparedStatement query = connection.prepareStatement(sql)) {
                query.setString(1, CLUSTER);
                while (running) {
                    long visible;
                    try (ResultSet rs = query.executeQuery()) {
                        visible = rs.next() ? rs.getLong(1) : 0;
                    }
                    long now = System.nanoTime();
                    synchronized (this) {
                        for (int i = 0; i < Math.min(visible, markers.size()); i++) {
                            if (markers.get(i)[1] == 0) {
                                markers.get(i)[1] = now;
                            }
                        }
                    }
                    Thread.sleep(POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                lastError = "ClickHouse poll failed: " + e.getMessage();
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        sender.interrupt();
        poller.interrupt();
    }
}
