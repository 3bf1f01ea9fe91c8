package dev.tally.bench.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.bench.BenchFleet;
import dev.tally.bench.endtoend.EndToEndBenchmark;
import dev.tally.bench.endtoend.EndToEndOptions;
import dev.tally.bench.endtoend.ResultJson;
import dev.tally.bench.endtoend.ResultJson.Metric;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.kafka.LocalKafka;
import dev.tally.local.kafka.LocalKafkaConfig;
import dev.tally.local.stack.DataFolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Remote_write samples per second accepted (2xx) by the ingest gateway into Kafka ({@code acks=all}:
 * the 2xx comes after the broker's ack), against the baseline of a real Prometheus 2.42 as a
 * remote-write receiver storing the same samples in its TSDB. Target: ratio ≥ 1.0.
 *
 * <p>Same payloads, same clients, both measured in the same run: each iteration renders the next
 * {@code ticks} scrapes of {@code clients} simulated production clusters (one cluster per client,
 * ~1,700 samples per request, snappy as Prometheus sends), then sends exactly those bodies to
 * the gateway and to Prometheus, one after the other (the order alternates between iterations so
 * neither always runs on a warmer or busier machine). Each target's score for the iteration is
 * the samples it accepted divided by the time its clients took. Fixed work per iteration rather
 * than a fixed time: both servers get the very same requests, and Prometheus never gets a
 * series' samples out of order or older than its head allows (it would refuse them, which is
 * not what we measure). The time series advance across iterations, as a live fleet's do.
 *
 * <p>The gateway runs in its own JVM with {@code -Xmx<gatewayHeap>} (default 256m); its GC log
 * gives the heap under load, reported as secondary metrics: the highest heap occupancy before a
 * collection and the highest after one, per iteration. Kafka is the embedded single broker.
 *
 * <p>Parameters: {@code -t} clients (default 4), {@code -p ticks=120} scrapes (an hour) per client per
 * iteration, {@code -p gatewayHeap=256m}, {@code -wi} (default 2) and {@code -i} (default 5).
 */
public final class GatewayThroughputBenchmark implements EndToEndBenchmark {

    @Override
    public String name() {
        return GatewayThroughputBenchmark.class.getName();
    }

    @Override
    public List<ObjectNode> run(EndToEndOptions options) throws Exception {
        int clients = options.threads(options.param("clients", 4));
        int ticks = options.param("ticks", 120);
        String gatewayHeap = options.param("gatewayHeap", "256m");
        int warmup = options.warmupIterations(2);
        int measured = options.measureIterations(5);

        FleetSimulator fleet = BenchFleet.of(clients);
        Duration step = fleet.spec().scrapeInterval();
        List<String> clusters = fleet.clusterIds();
        Map<String, String> tokens = new LinkedHashMap<>();
        clusters.forEach(c -> tokens.put(c, "bench-token-" + c));
        List<String> tokenList = clusters.stream().map(tokens::get).toList();

        Path work = Files.createTempDirectory("tally-bench-gateway");
        LocalKafka kafka = null;
        GatewayProcess gateway = null;
        PrometheusReceiver prometheus = null;
        try (RemoteWriteLoad load = new RemoteWriteLoad(clients)) {
            kafka = LocalKafka.start(new LocalKafkaConfig(work.resolve("kafka"), 0, 0));
            gateway = GatewayProcess.start(kafka.bootstrapServers(), tokens, gatewayHeap, work.resolve("gateway"));
            prometheus = PrometheusReceiver.start(work.resolve("prometheus"));
            System.out.printf("gateway %s (pid %d, -Xmx%s) on Kafka %s; %s (pid %d); %d clients, %d scrapes each per iteration%n",
                    gateway.url(), gateway.pid(), gatewayHeap, kafka.bootstrapServers(), prometheus.version(),
                    prometheus.pid(), clients, ticks);

            List<Double> gatewayScores = new ArrayList<>();
            List<Double> prometheusScores = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> heapPeak = new ArrayList<>();
            List<Double> heapAfterGc = new ArrayList<>();
            List<Double> gcs = new ArrayList<>();
            List<Double> gatewayRefused = new ArrayList<>();
            List<Double> prometheusRefused = new ArrayList<>();
            long samplesPerIteration = 0;
            for (int i = 0; i < warmup + measured; i++) {
                Instant from = BenchFleet.FROM.plus(step.multipliedBy((long) i * ticks));
                List<List<RemoteWriteLoad.Body>> bodies = render(fleet, from, from.plus(step.multipliedBy(ticks)));
                samplesPerIteration = bodies.stream().flatMap(List::stream).mapToLong(RemoteWriteLoad.Body::samples).sum();
                RemoteWriteLoad.Round toGateway;
                RemoteWriteLoad.Round toPrometheus;
                int gcFrom;
                int gcTo;
                System.gc(); // the rendering's garbage, not the next measurement's
                if (i % 2 == 0) {
                    gcFrom = gateway.gcLogLines();
                    toGateway = load.send(gateway.url().resolve("/api/v1/write"), bodies, tokenList);
                    gcTo = gateway.gcLogLines();
                    toPrometheus = load.send(prometheus.writeUrl(), bodies, tokenList);
                } else {
                    toPrometheus = load.send(prometheus.writeUrl(), bodies, tokenList);
                    gcFrom = gateway.gcLogLines();
                    toGateway = load.send(gateway.url().resolve("/api/v1/write"), bodies, tokenList);
                    gcTo = gateway.gcLogLines();
                }
                GatewayProcess.Heap heap = gateway.heapBetween(gcFrom, gcTo);
                String label = i < warmup ? "warm-up " + (i + 1) : "iteration " + (i - warmup + 1);
                System.out.printf("%-12s %,d samples: gateway %,.0f samples/s in %.1f s (%d refused%s), prometheus %,.0f samples/s in %.1f s (%d refused%s), ratio %.2f; gateway heap peak %d MB, after GC ≤ %d MB, %d GCs%n",
                        label, samplesPerIteration, toGateway.samplesPerSecond(), toGateway.nanos() / 1e9, toGateway.refused(),
                        refusal(toGateway), toPrometheus.samplesPerSecond(), toPrometheus.nanos() / 1e9, toPrometheus.refused(),
                        refusal(toPrometheus), toGateway.samplesPerSecond() / toPrometheus.samplesPerSecond(),
                        heap.peakBeforeGcMb(), heap.maxAfterGcMb(), heap.collections());
                if (!gateway.isAlive()) {
                    throw new IllegalStateException("the gateway died under load: " + gateway.logTail());
                }
                if (i >= warmup) {
                    gatewayScores.add(toGateway.samplesPerSecond());
                    prometheusScores.add(toPrometheus.samplesPerSecond());
                    ratios.add(toGateway.samplesPerSecond() / toPrometheus.samplesPerSecond());
                    heapPeak.add((double) heap.peakBeforeGcMb());
                    heapAfterGc.add((double) heap.maxAfterGcMb());
                    gcs.add((double) heap.collections());
                    gatewayRefused.add((double) toGateway.refused());
                    prometheusRefused.add((double) toPrometheus.refused());
                }
            }
            Map<String, String> params = new LinkedHashMap<>();
            params.put("clients", Integer.toString(clients));
            params.put("ticks", Integer.toString(ticks));
            params.put("gatewayHeap", gatewayHeap);
            params.put("samplesPerIteration", Long.toString(samplesPerIteration));
            params.put("prometheus", prometheus.version());
            Map<String, Metric> gatewayMetrics = new LinkedHashMap<>();
            gatewayMetrics.put("ratioToBaselinePerIteration", new Metric("ratio", ratios));
            gatewayMetrics.put("gatewayHeapPeakBeforeGc", new Metric("MB", heapPeak));
            gatewayMetrics.put("gatewayHeapMaxAfterGc", new Metric("MB", heapAfterGc));
            gatewayMetrics.put("gatewayGcCount", new Metric("GCs", gcs));
            gatewayMetrics.put("refusedRequests", new Metric("requests", gatewayRefused));
            return List.of(
                    ResultJson.of(name() + ".gatewayIntoKafka", "samples/s", clients, warmup, gatewayScores, params, gatewayMetrics),
                    ResultJson.of(name() + ".baselinePrometheusRemoteWrite", "samples/s", clients, warmup, prometheusScores, params,
                            Map.of("refusedRequests", new Metric("requests", prometheusRefused))));
        } finally {
            if (prometheus != null) {
                prometheus.close();
            }
            if (gateway != null) {
                gateway.close();
            }
            if (kafka != null) {
                kafka.close();
            }
            DataFolder.deleteRecursively(work);
        }
    }

    private static String refusal(RemoteWriteLoad.Round round) {
        return round.firstRefusal() == null ? "" : ": " + round.refusedByStatus() + " first " + abbreviate(round.firstRefusal());
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "…" : s;
    }

    /** Each cluster's scrapes in [from, to) as remote_write bodies, one list per cluster in fleet order. */
    private static List<List<RemoteWriteLoad.Body>> render(FleetSimulator fleet, Instant from, Instant to) {
        Map<String, List<RemoteWriteLoad.Body>> byCluster = new LinkedHashMap<>();
        fleet.clusterIds().forEach(c -> byCluster.put(c, new ArrayList<>()));
        fleet.run(from, to, batch -> byCluster.get(batch.clusterId())
                .add(new RemoteWriteLoad.Body(batch.remoteWriteBody(), batch.sampleCount())));
        return new ArrayList<>(byCluster.values());
    }
}
