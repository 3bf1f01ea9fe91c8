package dev.tally.bench.usage;

import dev.tally.common.kafka.KafkaConnection;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.bench.BenchFleet;
import dev.tally.bench.endtoend.EndToEndBenchmark;
import dev.tally.bench.endtoend.EndToEndOptions;
import dev.tally.bench.endtoend.JobBenchStack;
import dev.tally.bench.endtoend.ResultJson;
import dev.tally.bench.endtoend.ResultJson.Metric;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.telemetry.RawTelemetryDeserializer;
import dev.tally.jobs.telemetry.RawTelemetrySource;
import dev.tally.jobs.telemetry.UnusableTelemetryException;
import dev.tally.jobs.usage.UsageJob;
import dev.tally.jobs.usage.UsageSettings;
import dev.tally.jobs.usage.decode.ClusterSamples;
import dev.tally.jobs.usage.decode.MetricsDecoder;
import dev.tally.local.fleet.FleetSimulator;
import dev.tally.local.flink.LocalFlink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Samples per second through the usage job (bounded, on the Flink MiniCluster, sinks that count
 * and drop), against the ceiling of plain Kafka consumers that only decode the same records with
 * the job's {@link MetricsDecoder}. Target: ratio ≥ 0.5.
 *
 * <p>The topic is filled once with {@code hours} of {@code clusters} simulated production
 * clusters' remote_write records, as the gateway writes them (uncompressed WriteRequest, the
 * {@code content-type} and {@code tally-cluster-id} headers, cluster {@code i} on partition
 * {@code i mod partitions}). Each iteration reads the whole topic both ways, in alternating
 * order: the ceiling with one consumer thread per partition, the job with parallelism equal to
 * the partitions and its own consumer group (so it starts from the beginning). A score is all
 * samples in the topic divided by the wall time: for the job from submission until it finished
 * (start-up included, as a catch-up after an outage would see it), for the ceiling from the
 * consumers' creation until every partition is read.
 *
 * <p>Parameters: {@code -p clusters=4}, {@code -p hours=3}, {@code -p partitions=2},
 * {@code -wi} (default 1) and {@code -i} (default 3).
 */
public final class UsageJobThroughputBenchmark implements EndToEndBenchmark {
    static final String TOPIC = "bench.metrics";

    @Override
    public String name() {
        return UsageJobThroughputBenchmark.class.getName();
    }

    @Override
    public List<ObjectNode> run(EndToEndOptions options) throws Exception {
        int clusters = options.param("clusters", 4);
        int hours = options.param("hours", 3);
        int partitions = options.param("partitions", 2);
        int warmup = options.warmupIterations(1);
        int measured = options.measureIterations(3);

        try (JobBenchStack stack = JobBenchStack.start("tally-bench-usage")) {
            String bootstrap = stack.bootstrapServers();
            long[] filled = fill(bootstrap, BenchFleet.of(clusters), hours, partitions);
            long records = filled[0];
            long samples = filled[1];
            System.out.printf("topic %s: %,d records, %,d samples (%d clusters × %d h), %d partitions%n",
                    TOPIC, records, samples, clusters, hours, partitions);
            LocalFlink flink = stack.startFlink(Math.max(4, partitions), Duration.ofSeconds(10));

            List<Double> jobScores = new ArrayList<>();
            List<Double> ceilingScores = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> cpuRatios = new ArrayList<>();
            List<Double> rows = new ArrayList<>();
            for (int i = 0; i < warmup + measured; i++) {
                double job;
                double ceiling;
                int run = i;
                long[] jobCpu = new long[1];
                long[] ceilingCpu = new long[1];
                if (i % 2 == 0) {
                    ceiling = samples * 1e9 / processCpu(ceilingCpu, () -> decodeOnly(bootstrap, partitions, records));
                    job = samples * 1e9 / processCpu(jobCpu, () -> usageJob(flink, bootstrap, partitions, run));
                } else {
                    job = samples * 1e9 / processCpu(jobCpu, () -> usageJob(flink, bootstrap, partitions, run));
                    ceiling = samples * 1e9 / processCpu(ceilingCpu, () -> decodeOnly(bootstrap, partitions, records));
                }
                double cpuRatio = (double) ceilingCpu[0] / jobCpu[0];
                long usageRows = CountingSink.rows("usage_hourly-" + i);
                String label = i < warmup ? "warm-up " + (i + 1) : "iteration " + (i - warmup + 1);
                System.out.printf("%-12s usage job %,.0f samples/s (%,d usage rows), decode-only consumers %,.0f samples/s, ratio %.2f"
                                + " (CPU: job %.1f s, consumers %.1f s, ratio %.2f)%n",
                        label, job, usageRows, ceiling, job / ceiling, jobCpu[0] / 1e9, ceilingCpu[0] / 1e9, cpuRatio);
                if (usageRows == 0) {
                    throw new IllegalStateException("the usage job wrote no usage rows: it did not compute anything");
                }
                if (i >= warmup) {
                    jobScores.add(job);
                    ceilingScores.add(ceiling);
                    ratios.add(job / ceiling);
                    cpuRatios.add(cpuRatio);
                    rows.add((double) usageRows);
                }
            }
            Map<String, String> params = new LinkedHashMap<>();
            params.put("clusters", Integer.toString(clusters));
            params.put("hours", Integer.toString(hours));
            params.put("partitions", Integer.toString(partitions));
            params.put("records", Long.toString(records));
            params.put("samples", Long.toString(samples));
            Map<String, Metric> jobMetrics = new LinkedHashMap<>();
            jobMetrics.put("ratioToBaselinePerIteration", new Metric("ratio", ratios));
            jobMetrics.put("cpuRatioToBaselinePerIteration", new Metric("ratio", cpuRatios));
            jobMetrics.put("usageRows", new Metric("rows", rows));
            return List.of(
                    ResultJson.of(name() + ".usageJob", "samples/s", partitions, warmup, jobScores, params, jobMetrics),
                    ResultJson.of(name() + ".baselineDecodeOnlyConsumer", "samples/s", partitions, warmup, ceilingScores, params, Map.of()));
        }
    }

    /** Something timed that returns its nanoseconds. */
    private interface Timed {
        long nanos() throws Exception;
    }

    /**
     * Runs {@code timed}, storing the process's CPU time it took in {@code cpu[0]}: the JVM's
     * CPU (job or consumers, the in-process broker serving them, GC, JIT), a figure another
     * process on a shared machine moves far less than wall time.
     */
    private static long processCpu(long[] cpu, Timed timed) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long before = os.getProcessCpuTime();
        long nanos = timed.nanos();
        cpu[0] = os.getProcessCpuTime() - before;
        return nanos;
    }

    /** Writes the fleet's records once; returns {records, samples}. */
    private static long[] fill(String bootstrap, FleetSimulator fleet, int hours, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get();
        }
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("acks", "all");
        config.put("enable.idempotence", "false"); // fresh topic: an idempotent producer may race its leaders
        config.put("retries", "10");
        config.put("linger.ms", "20");
        config.put("compression.type", "lz4"); // as the gateway's producer
        config.put("max.request.size", Integer.toString(16 * 1024 * 1024));
        List<String> clusters = fleet.clusterIds();
        AtomicLong records = new AtomicLong();
        AtomicLong samples = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            fleet.run(BenchFleet.FROM, BenchFleet.FROM.plus(Duration.ofHours(hours)), batch -> {
                byte[] cluster = batch.clusterId().getBytes(StandardCharsets.UTF_8);
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(TOPIC,
                        clusters.indexOf(batch.clusterId()) % partitions, cluster, batch.remoteWrite().toByteArray());
                record.headers().add(RecordHeaders.CONTENT_TYPE, RecordHeaders.REMOTE_WRITE_PROTOBUF.getBytes(StandardCharsets.UTF_8));
                record.headers().add(RecordHeaders.CLUSTER_ID, cluster);
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
                records.incrementAndGet();
                samples.addAndGet(batch.sampleCount());
            });
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("cannot fill the benchmark topic: " + failure.get(), failure.get());
        }
        return new long[]{records.get(), samples.get()};
    }

    /** The ceiling: one consumer per partition reads it to its end, decoding each record as the job does. Nanoseconds. */
    private static long decodeOnly(String bootstrap, int partitions, long expectedRecords) throws Exception {
        MetricsDecoder decoder = new MetricsDecoder(UsageSettings.defaults().replicaLabels());
        ExecutorService threads = Executors.newFixedThreadPool(partitions);
        try {
            long start = System.nanoTime();
            List<Future<long[]>> running = new ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                TopicPartition partition = new TopicPartition(TOPIC, p);
                running.add(threads.submit(() -> readPartition(bootstrap, partition, decoder)));
            }
            long read = 0;
            long decodedSamples = 0;
            for (Future<long[]> f : running) {
                long[] r = f.get();
                read += r[0];
                decodedSamples += r[1];
            }
            long nanos = System.nanoTime() - start;
            if (read != expectedRecords || decodedSamples == 0) {
                throw new IllegalStateException("the decode-only consumers read " + read + " of " + expectedRecords
                        + " records, " + decodedSamples + " usage samples");
            }
            return nanos;
        } finally {
            threads.shutdownNow();
        }
    }

    private static long[] readPartition(String bootstrap, TopicPartition partition, MetricsDecoder decoder) throws Exception {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("isolation.level", "read_committed"); // as the job's source
        config.put("enable.auto.commit", "false");
        RawTelemetryDeserializer deserializer = new RawTelemetryDeserializer();
        List<RawTelemetry> batch = new ArrayList<>();
        Collector<RawTelemetry> collect = new Collector<>() {
            @Override
            public void collect(RawTelemetry record) {
                batch.add(record);
            }

            @Override
            public void close() {
            }
        };
        long records = 0;
        long decoded = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    batch.clear();
                    deserializer.deserialize(record, collect);
                    for (RawTelemetry raw : batch) {
                        records++;
                        try {
                            for (ClusterSamples samples : decoder.decode(raw).byHour()) {
                                decoded += samples.size();
                            }
                        } catch (UnusableTelemetryException e) {
                            throw new IllegalStateException("a benchmark record did not decode: " + e.getMessage(), e);
                        }
                    }
                }
            }
        }
        return new long[]{records, decoded};
    }

    /** The usage job over the whole topic, bounded, in its own consumer group. Nanoseconds from submission to finish. */
    private static long usageJob(LocalFlink flink, String bootstrap, int partitions, int iteration) throws Exception {
        String run = "bench-usage-" + iteration;
        StreamExecutionEnvironment env = flink.environment(run, partitions);
        new UsageJob(RawTelemetrySource.kafka(KafkaConnection.plaintext(bootstrap), TOPIC, run, true),
                new CountingSink<>("usage_hourly-" + iteration), new CountingSink<>("node_hourly-" + iteration),
                new CountingSink<>("volume_hourly-" + iteration), new CountingSink<>("usage_topic-" + iteration),
                new CountingSink<>("dead_letters-" + iteration), UsageSettings.defaults()).addTo(env);
        long start = System.nanoTime();
        JobExecutionResult result = env.execute(run);
        long nanos = System.nanoTime() - start;
        System.out.printf("  usage job %s: %.1f s wall, %.1f s net runtime%n", run, nanos / 1e9, result.getNetRuntime() / 1e3);
        return nanos;
    }
}
