package dev.tally.ingest.gateway;

import static dev.tally.ingest.gateway.support.Payloads.label;
import static dev.tally.ingest.gateway.support.Payloads.series;
import static dev.tally.ingest.gateway.support.Payloads.snappy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.prometheus.RemoteWrite;
import dev.tally.ingest.gateway.auth.ClusterCredentials;
import dev.tally.ingest.gateway.auth.TokenHash;
import dev.tally.ingest.gateway.kafka.TestBroker;
import dev.tally.ingest.gateway.support.GatewayClient;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rough throughput figure, not a benchmark: 4 client threads post remote_write requests of 2,000
 * samples (2,000 series, realistic cAdvisor-like labels) for 10 s after a 3 s warm-up, against the
 * in-JVM broker. The test JVM runs C1 only with the serial collector, and the broker, the clients and
 * the gateway share 2 cores and one heap, so the figures are a floor. Logged as {@code event=load_result}.
 */
class GatewayLoadIT {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayLoadIT.class);
    private static final int SAMPLES_PER_REQUEST = 2_000;

    @Test
    void remoteWriteRequestsPerSecond() throws Exception {
        TestBroker kafka = TestBroker.shared();
        GatewayConfig config = GatewayConfig.defaults()
                .withBind("127.0.0.1", 0)
                .withKafka(GatewayConfig.defaults().kafka().withBootstrapServers(kafka.bootstrapServers()))
                .withClusters(List.of(new ClusterCredentials("aks-load", true, List.of(TokenHash.sha256Hex("token-load")))));
        byte[] raw = payload();
        byte[] body = snappy(raw);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (IngestGateway gateway = IngestGateway.start(config)) {
            GatewayClient client = new GatewayClient(gateway.url());
            run(client, body, Duration.ofSeconds(3), new AtomicLong());
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            AtomicLong peak = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            long started = System.nanoTime();
            long requests = run(client, body, Duration.ofSeconds(10), new AtomicLong());
            double seconds = (System.nanoTime() - started) / 1e9;
            sampler.interrupt();
            sampler.join();
            System.gc();
            long heapAfter = memory.getHeapMemoryUsage().getUsed();
            LOG.info("event=load_result requests={} seconds={} requests_per_s={} samples_per_s={} request_bytes_compressed={} request_bytes_raw={} "
                            + "heap_after_gc_before_mb={} heap_after_gc_after_mb={} heap_peak_mb={} in_flight_bytes_after={}",
                    requests, String.format("%.1f", seconds), String.format("%.0f", requests / seconds),
                    String.format("%.0f", requests * SAMPLES_PER_REQUEST / seconds), body.length, raw.length,
                    heapBefore >> 20, heapAfter >> 20, peak.get() >> 20, gateway.inFlightBytes());
            assertThat(requests).isPositive();
            assertThat(gateway.inFlightBytes()).isZero();
        }
    }

    private static long run(GatewayClient client, byte[] body, Duration duration, AtomicLong count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        long end = System.nanoTime() + duration.toNanos();
        try {
            List<Future<?>> workers = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        int status = client.remoteWrite("token-load", body).statusCode();
                        if (status != 204) {
                            throw new AssertionError("status " + status);
                        }
                        count.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return count.get();
    }

    private static byte[] payload() {
        long now = System.currentTimeMillis();
        RemoteWrite.WriteRequest.Builder b = RemoteWrite.WriteRequest.newBuilder();
        for (int i = 0; i < SAMPLES_PER_REQUEST; i++) {
            b.addTimeseries(series(i * 0.5, now - 15_000, label("__name__", "container_memory_working_set_bytes"),
                    label("container", "app-" + (i % 7)), label("id", "/kubepods/burstable/pod" + i),
                    label("image", "registry.example.com/team/app:1." + (i % 13)), label("instance", "aks-nodepool1-" + (i % 20) + ":10250"),
                    label("job", "kubelet"), label("namespace", "team-" + (i % 17)), label("node", "aks-nodepool1-" + (i % 20)),
                    label("pod", "app-" + i + "-7d9f8c6b5-x2x4z")));
        }
        return b.build().toByteArray();
    }
}
