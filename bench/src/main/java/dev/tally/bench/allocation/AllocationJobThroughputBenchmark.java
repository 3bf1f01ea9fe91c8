package dev.tally.bench.allocation;

import dev.tally.common.kafka.KafkaConnection;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.bench.endtoend.EndToEndBenchmark;
import dev.tally.bench.endtoend.EndToEndOptions;
import dev.tally.bench.endtoend.JobBenchStack;
import dev.tally.bench.endtoend.ResultJson;
import dev.tally.bench.endtoend.ResultJson.Metric;
import dev.tally.bench.usage.CountingSink;
import dev.tally.common.topics.Topic;
import dev.tally.jobs.allocation.stream.AllocationInput;
import dev.tally.jobs.allocation.stream.AllocationInputReader;
import dev.tally.jobs.allocation.stream.AllocationJob;
import dev.tally.jobs.allocation.stream.AllocationSettings;
import dev.tally.jobs.allocation.stream.ContainerHourInput;
import dev.tally.jobs.allocation.stream.CostLineInput;
import dev.tally.jobs.allocation.stream.DayRetention;
import dev.tally.jobs.allocation.stream.NodeHourInput;
import dev.tally.jobs.allocation.stream.TopicRecordSource;
import dev.tally.jobs.allocation.stream.WorkloadOwnerLookup;
import dev.tally.jobs.usage.rows.NodeHourly;
import dev.tally.jobs.usage.rows.UsageHourly;
import dev.tally.jobs.usage.rows.UsageTopicRecord;
import dev.tally.local.flink.LocalFlink;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
 * Input rows per second through the allocation job (bounded, Flink MiniCluster, a sink that counts
 * allocation rows and drops them), against the ceiling of one plain Kafka consumer per topic that
 * only reads and decodes the same records with the job's {@link AllocationInputReader}; and the
 * job's state size: the bytes its state serializers write for the rows it keeps (every usage, node
 * and cost row of every cluster-day: what a full checkpoint holds, before the state backend's own
 * overhead).
 *
 * <p>The fleet: {@code nodes} nodes (4 cores, 16 GiB) spread over {@code clusters} clusters,
 * {@code containers} containers spread evenly over the nodes, all present every hour of
 * {@code days} days; the topics get one node row per node-hour and one usage row per
 * container-hour (tally.usage.v1, the usage job's JSON) and one VM row per node-day plus a load
 * balancer row per cluster-day (tally.costs.v1, the importer's JSON). The month is
 * {@code -p nodes=2000 -p containers=50000 -p days=30}: 37.4 M usage-topic records; the default
 * is a tenth of the fleet for one day.
 *
 * <p>Parameters: {@code -p nodes=200}, {@code -p containers=5000}, {@code -p days=1},
 * {@code -p clusters=4}, {@code -p partitions=2}, {@code -p stateBackend=hashmap} ({@code rocksdb}: the
 * deployed job's backend, whose state lives on disk: needed for the month, which the heap cannot
 * hold), {@code -wi} (default 0) and {@code -i} (default 1). The job checkpoints every 30 s; the
 * largest completed checkpoint's full state size, as Flink reports it, is {@code checkpointedStateBytes}.
 */
public final class AllocationJobThroughputBenchmark implements EndToEndBenchmark {
    static final String PREFIX = "bench.";
    static final Instant FROM = Instant.parse("2026-01-05T00:00:00Z");   // the bench's clock: the rows' days (DayRetention)
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong LINES = new AtomicLong();

    @Override
    public String name() {
        return AllocationJobThroughputBenchmark.class.getName();
    }

    @Override
    public List<ObjectNode> run(EndToEndOptions options) throws Exception {
        int nodes = options.param("nodes", 200);
        int containers = options.param("containers", 5000);
        int days = options.param("days", 1);
        int clusters = options.param("clusters", 4);
        int partitions = options.param("partitions", 2);
        String stateBackend = options.param("stateBackend", "hashmap");
        // RocksDB keeps its write buffers and block cache in managed memory: the local default (128 MiB)
        // would make every MapState.get and put of a month go through small memtables and the disk
        int managedMemoryMb = options.param("managedMemoryMb", stateBackend.equals("rocksdb") ? 4096 : 128);
        int warmup = options.warmupIterations(0);
        int measured = options.measureIterations(1);

        try (JobBenchStack stack = JobBenchStack.start("tally-bench-allocation")) {
            String bootstrap = stack.bootstrapServers();
            long fillStart = System.nanoTime();
            long[] filled = fill(bootstrap, nodes, containers, days, clusters, partitions);
            long records = filled[0] + filled[1];
            System.out.printf("topics: %,d usage-topic records, %,d cost records (%d nodes, %d containers, %d days, %d clusters),"
                    + " %,.0f MB, written in %.0f s%n", filled[0], filled[1], nodes, containers, days, clusters, filled[2] / 1e6,
                    (System.nanoTime() - fillStart) / 1e9);
            LocalFlink flink = stack.startFlink(Math.max(4, partitions), Duration.ofSeconds(30), MemorySize.ofMebiBytes(managedMemoryMb));

            List<Double> jobScores = new ArrayList<>();
            List<Double> ceilingScores = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> stateBytes = new ArrayList<>();
            List<Double> peakStateBytes = new ArrayList<>();
            List<Double> outputRows = new ArrayList<>();
            List<Double> checkpointedBytes = new ArrayList<>();
            for (int i = 0; i < warmup + measured; i++) {
                long[] decoded = decodeOnly(bootstrap);
                double ceiling = records * 1e9 / decoded[0];
                CheckpointSizes checkpoints = new CheckpointSizes(flink.webUi());
                double job = records * 1e9 / allocationJob(flink, bootstrap, partitions, i, stateBackend, checkpoints);
                long rows = CountingSink.rows("allocation-" + i);
                String label = i < warmup ? "warm-up " + (i + 1) : "iteration " + (i - warmup + 1);
                System.out.printf("%-12s allocation job %,.0f input rows/s (%,d allocation rows), decode-only consumers"
                                + " %,.0f rows/s, ratio %.2f; state %,.1f MB for %,d kept rows (%.0f bytes a row),"
                                + " at most %,.1f MB with the default expiry; largest checkpoint (%s) %,.1f MB of state"
                                + " in %d completed checkpoints%n",
                        label, job, rows, ceiling, job / ceiling, decoded[1] / 1e6, records, decoded[1] / (double) records,
                        decoded[2] / 1e6, stateBackend, checkpoints.largestStateBytes() / 1e6, checkpoints.completed());
                if (rows == 0) {
                    throw new IllegalStateException("the allocation job wrote no rows: it did not compute anything");
                }
                if (i >= warmup) {
                    jobScores.add(job);
                    ceilingScores.add(ceiling);
                    ratios.add(job / ceiling);
                    stateBytes.add((double) decoded[1]);
                    peakStateBytes.add((double) decoded[2]);
                    outputRows.add((double) rows);
                    checkpointedBytes.add((double) checkpoints.largestStateBytes());
                }
            }
            Map<String, String> params = new LinkedHashMap<>();
            params.put("nodes", Integer.toString(nodes));
            params.put("containers", Integer.toString(containers));
            params.put("days", Integer.toString(days));
            params.put("clusters", Integer.toString(clusters));
            params.put("partitions", Integer.toString(partitions));
            params.put("records", Long.toString(records));
            params.put("stateBackend", stateBackend);
            params.put("managedMemoryMb", Integer.toString(managedMemoryMb));
            Map<String, Metric> jobMetrics = new LinkedHashMap<>();
            jobMetrics.put("ratioToBaselinePerIteration", new Metric("ratio", ratios));
            jobMetrics.put("stateBytes", new Metric("bytes", stateBytes));
            jobMetrics.put("peakStateBytesWithExpiry", new Metric("bytes", peakStateBytes));
            jobMetrics.put("allocationRows", new Metric("rows", outputRows));
            jobMetrics.put("checkpointedStateBytes", new Metric("bytes", checkpointedBytes));
            return List.of(
                    ResultJson.of(name() + ".allocationJob", "rows/s", partitions, warmup, jobScores, params, jobMetrics),
                    ResultJson.of(name() + ".baselineDecodeOnlyConsumer", "rows/s", 2, warmup, ceilingScores, params, Map.of()));
        }
    }

    /** Writes both topics; returns {usage records, cost records, bytes}. */
    private static long[] fill(String bootstrap, int nodes, int containers, int days, int clusters, int partitions)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(PREFIX + Topic.USAGE.topicName(), partitions, (short) 1),
                    new NewTopic(PREFIX + Topic.COSTS.topicName(), partitions, (short) 1))).all().get();
        }
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrap);
        config.put("acks", "1");
        config.put("enable.idempotence", "false");
        config.put("linger.ms", "50");
        config.put("batch.size", Integer.toString(256 * 1024));
        config.put("compression.type", "lz4");
        AtomicReference<Exception> failure = new AtomicReference<>();
        long usage = 0;
        long costs = 0;
        long bytes = 0;
        BigDecimal hour = BigDecimal.valueOf(3600);
        double memory = 16.0 * (1L << 30);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int d = 0; d < days; d++) {
                LocalDate day = LocalDate.ofInstant(FROM, ZoneOffset.UTC).plusDays(d);
                for (int h = 0; h < 24; h++) {
                    Instant at = FROM.plus(Duration.ofDays(d)).plus(Duration.ofHours(h));
                    for (int n = 0; n < nodes; n++) {
                        String cluster = "bench-" + (n % clusters);
                        String node = node(n);
                        UsageTopicRecord r = UsageTopicRecord.of(new NodeHourly(at, cluster, node, "user", "Standard_D4s_v5",
                                "/subscriptions/s/resourcegroups/mc/providers/microsoft.compute/virtualmachinescalesets/aks-user-12345678-vmss",
                                "azure:///" + node, 4, memory, 3.8, memory * 0.85, hour, 1));
                        bytes += send(producer, PREFIX + Topic.USAGE.topicName(), r, failure);
                        usage++;
                        for (int c = n; c < containers; c += nodes) {
                            long requestMillis = 100 + (c % 7) * 50;
                            UsageHourly u = new UsageHourly(at, cluster, "ns-" + (c % 40), "pod-" + c, "uid-" + c, "app", node,
                                    "Deployment", "w-" + (c % 400), BigDecimal.valueOf(requestMillis * 3600, 3), BigDecimal.ZERO,
                                    BigDecimal.valueOf(268_435_456L * 3600), BigDecimal.ZERO, hour,
                                    (long) (requestMillis * 0.8 * 3600) * 1_000_000L, 0, 0, 2.0e8, 2.5e8, 120, 0, 0, 480, 1);
                            bytes += send(producer, PREFIX + Topic.USAGE.topicName(), UsageTopicRecord.of(u), failure);
                            usage++;
                        }
                    }
                }
                for (int n = 0; n < nodes; n++) {
                    bytes += send(producer, PREFIX + Topic.COSTS.topicName(), cost(day, "bench-" + (n % clusters), "NODE",
                            "aks-user-12345678-vmss_" + n, "4.608"), failure);
                    costs++;
                }
                for (int c = 0; c < clusters; c++) {
                    bytes += send(producer, PREFIX + Topic.COSTS.topicName(), cost(day, "bench-" + c, "LOAD_BALANCER", null, "0.6"),
                            failure);
                    costs++;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("cannot fill the benchmark topics: " + failure.get(), failure.get());
        }
        return new long[]{usage, costs, bytes};
    }

    private static String node(int n) {
        String id = Integer.toString(n, 36);
        return "aks-user-12345678-vmss" + "0".repeat(6 - id.length()) + id;
    }

    private static UsageTopicRecord cost(LocalDate day, String cluster, String kind, String vmName, String amount) throws Exception {
        ObjectNode o = JSON.createObjectNode();
        o.put("scope", "/subscriptions/s").put("dataset", "AmortizedCost").put("runId", "bench-run").put("importId", "bench")
                .put("sourceFile", "bench.csv").put("sourceLine", LINES.incrementAndGet());
        o.put("billedCost", new BigDecimal(amount)).put("effectiveCost", new BigDecimal(amount)).put("billingCurrency", "USD");
        o.put("billingPeriodStart", day.withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString());
        o.put("chargePeriodStart", day.atStartOfDay().toInstant(ZoneOffset.UTC).toString());
        o.put("resourceId", "/subscriptions/s/resourcegroups/mc/providers/microsoft.compute/virtualmachinescalesets/aks-user-12345678-vmss");
        o.putObject("tags");
        ObjectNode k = o.putObject("kubernetes").put("kind", kind).put("clusterName", cluster);
        if (vmName != null) {
            k.put("vmName", vmName);
        }
        return new UsageTopicRecord("bench-run".getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(o));
    }

    private static long send(KafkaProducer<byte[], byte[]> producer, String topic, UsageTopicRecord r,
                             AtomicReference<Exception> failure) {
        producer.send(new ProducerRecord<>(topic, r.key(), r.value()), (m, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
        return r.value().length;
    }

    /**
     * The ceiling: one consumer per topic reads it to its end and decodes every record as the job
     * does; and the state the job keeps for those rows, in its state serializers' bytes.
     *
     * @return {nanoseconds, state bytes}
     */
    private static long[] decodeOnly(String bootstrap) throws Exception {
        AllocationInputReader reader = new AllocationInputReader(AllocationInputReader.TagKeys.defaults());
        TypeSerializer<ContainerHourInput> containers = serializer(ContainerHourInput.class);
        TypeSerializer<NodeHourInput> nodes = serializer(NodeHourInput.class);
        TypeSerializer<CostLineInput> costs = serializer(CostLineInput.class);
        DataOutputSerializer out = new DataOutputSerializer(4096);
        long start = System.nanoTime();
        long state = 0;
        java.util.TreeMap<LocalDate, Long> stateByDay = new java.util.TreeMap<>();
        for (String topic : List.of(PREFIX + Topic.USAGE.topicName(), PREFIX + Topic.COSTS.topicName())) {
            boolean usage = topic.endsWith(Topic.USAGE.topicName());
            Properties config = new Properties();
            config.put("bootstrap.servers", bootstrap);
            config.put("max.poll.records", "5000");
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(parts);
                consumer.seekToBeginning(parts);
                Map<TopicPartition, Long> end = consumer.endOffsets(parts);
                while (parts.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        AllocationInput in = usage ? reader.fromUsageTopic(record.value())
                                : reader.fromCostTopic(record.value(), record.timestamp());
                        out.clear();
                        // a MapState entry: the key (the row's id) and the row
                        if (in.container() != null) {
                            out.writeUTF(in.container().id());
                            containers.serialize(in.container(), out);
                        } else if (in.node() != null) {
                            out.writeUTF(in.node().id());
                            nodes.serialize(in.node(), out);
                        } else if (in.cost() != null) {
                            out.writeUTF(in.cost().runId() + "|" + in.cost().line());
                            costs.serialize(in.cost(), out);
                        }
                        state += out.length();
                        stateByDay.merge(LocalDate.parse(in.day()), (long) out.length(), Long::sum);
                    }
                }
            }
        }
        return new long[]{System.nanoTime() - start, state, peakWithExpiry(stateByDay)};
    }

    /**
     * The largest state the job holds with its default retention (DayRetention) if the days
     * arrive in order: at each day's start, the bytes of the days seen so far not yet expired.
     */
    static long peakWithExpiry(java.util.SortedMap<LocalDate, Long> stateByDay) {
        DayRetention retention = AllocationSettings.defaults().retention();
        long peak = 0;
        for (LocalDate clock : stateByDay.keySet()) {
            long clockMillis = clock.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
            long live = 0;
            for (Map.Entry<LocalDate, Long> e : stateByDay.headMap(clock.plusDays(1)).entrySet()) {
                if (retention.expiresAtMillis(e.getKey()) > clockMillis) {
                    live += e.getValue();
                }
            }
            peak = Math.max(peak, live);
        }
        return peak;
    }

    private static <T> TypeSerializer<T> serializer(Class<T> type) {
        return TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
    }

    /** The allocation job over both topics, bounded, its own consumer group. Nanoseconds from submission to finish. */
    private static long allocationJob(LocalFlink flink, String bootstrap, int partitions, int iteration, String stateBackend,
                                      CheckpointSizes checkpoints) throws Exception {
        String run = "bench-allocation-" + iteration;
        StreamExecutionEnvironment env = flink.environment(run, partitions);
        Configuration backend = new Configuration();
        backend.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        backend.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        // each usage row first looks up the version held for its container-hour, nearly always absent:
        // a bloom filter answers that without reading the disk
        backend.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        // with whole-file index and filter blocks, a month's state outgrows the cache's high-priority
        // pool: every lookup then reloads megabytes of them, and the job slowed from 22,000 to 3,000
        // rows/s as the state grew; partitioned, only the small top level stays in the cache
        backend.set(RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS, true);
        env.configure(backend);
        AllocationSettings settings = AllocationSettings.defaults().withQuietPeriod(Duration.ofHours(1));
        new AllocationJob(TopicRecordSource.kafka(KafkaConnection.plaintext(bootstrap), PREFIX + Topic.USAGE.topicName(), run, true),
                TopicRecordSource.kafka(KafkaConnection.plaintext(bootstrap), PREFIX + Topic.COSTS.topicName(), run, true),
                new CountingSink<>("allocation-" + iteration), new CountingSink<>("dead-letters-" + iteration), settings,
                WorkloadOwnerLookup.none()).addTo(env);
        long start = System.nanoTime();
        JobClient job = env.executeAsync(run);
        checkpoints.follow(job.getJobID());
        try {
            job.getJobExecutionResult().get();
        } finally {
            checkpoints.stop();
        }
        return System.nanoTime() - start;
    }
}
