package dev.tally.bench.usage;

import dev.tally.bench.BenchFleet;
import dev.tally.common.topics.RecordHeaders;
import dev.tally.jobs.telemetry.RawTelemetry;
import dev.tally.jobs.telemetry.UnusableTelemetryException;
import dev.tally.jobs.usage.UsageSettings;
import dev.tally.jobs.usage.decode.ClusterSamples;
import dev.tally.jobs.usage.decode.ClusterSamplesSerializer;
import dev.tally.jobs.usage.decode.MetricsDecoder;
import dev.tally.jobs.usage.hour.HourUsage;
import dev.tally.jobs.usage.series.HourBucket;
import dev.tally.jobs.usage.series.Labels;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The usage job's work per sample, stage by stage, on one thread and without Flink: what its
 * own code costs next to decoding (the baseline, which the plain consumers of
 * {@link UsageJobThroughputBenchmark} also do). One operation is one cluster-hour of the
 * simulated production cluster's remote_write records; compare the stages by their ratio to
 * the baseline (a ratio of 4 means that stage takes a quarter of decoding's time).
 * <ul>
 *   <li>{@code baselineDecode}: records → {@link ClusterSamples} ({@link MetricsDecoder});</li>
 *   <li>{@code exchange}: what crosses the job's {@code keyBy}: written and read by
 *       {@link ClusterSamplesSerializer}, as two tasks do;</li>
 *   <li>{@code bucket}: the samples into the hour's {@link HourBucket} (de-duplicated by series and time);</li>
 *   <li>{@code hour}: the hour's rows from its bucket and its neighbours ({@link HourUsage}).</li>
 * </ul>
 * Less exposed to other processes on a shared machine than the end-to-end benchmark, since
 * each stage runs alone on one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(1)
public class UsageStagesBenchmark {
    private static final long HOUR = 3_600_000L;

    /** Hours rendered; operations cycle through the middle ones (each has both neighbours). */
    @Param("3")
    int hours;

    private final MetricsDecoder decoder = new MetricsDecoder(UsageSettings.defaults().replicaLabels());
    private final List<List<byte[]>> recordsByHour = new ArrayList<>();
    private final List<List<ClusterSamples>> decodedByHour = new ArrayList<>();
    private final List<List<byte[]>> wireByHour = new ArrayList<>();
    private final List<HourBucket> buckets = new ArrayList<>();
    private int next;

    @Setup(Level.Trial)
    public void render() throws Exception {
        Map<Long, List<byte[]>> byHour = new TreeMap<>();
        BenchFleet.of(1).run(BenchFleet.FROM, BenchFleet.FROM.plus(Duration.ofHours(hours)), batch -> byHour
                .computeIfAbsent(Math.floorDiv(batch.scrapeTime().toEpochMilli(), HOUR), h -> new ArrayList<>())
                .add(batch.remoteWrite().toByteArray()));
        ClusterSamplesSerializer writer = new ClusterSamplesSerializer();
        for (List<byte[]> records : byHour.values()) {
            recordsByHour.add(records);
            List<ClusterSamples> decoded = decode(records);
            decodedByHour.add(decoded);
            List<byte[]> wire = new ArrayList<>();
            DataOutputSerializer out = new DataOutputSerializer(1 << 20);
            for (ClusterSamples samples : decoded) {
                out.clear();
                writer.serialize(samples, out);
                wire.add(out.getCopyOfBuffer());
            }
            wireByHour.add(wire);
            buckets.add(bucket(decoded));
        }
    }

    private int nextHour() {
        int hour = 1 + next % Math.max(1, recordsByHour.size() - 2);
        next++;
        return Math.min(hour, recordsByHour.size() - 1);
    }

    @Benchmark
    public long baselineDecode() throws UnusableTelemetryException {
        long samples = 0;
        for (ClusterSamples s : decode(recordsByHour.get(nextHour()))) {
            samples += s.size();
        }
        return samples;
    }

    @Benchmark
    public long exchange() throws IOException {
        int hour = nextHour();
        ClusterSamplesSerializer writer = new ClusterSamplesSerializer();
        ClusterSamplesSerializer reader = new ClusterSamplesSerializer();
        DataOutputSerializer out = new DataOutputSerializer(1 << 20);
        long samples = 0;
        for (ClusterSamples s : decodedByHour.get(hour)) {
            out.clear();
            writer.serialize(s, out);
            samples += reader.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length())).size();
        }
        return samples;
    }

    @Benchmark
    public long bucket() {
        return bucket(decodedByHour.get(nextHour())).samples();
    }

    @Benchmark
    public int hour() {
        int hour = nextHour();
        HourBucket current = buckets.get(hour);
        return HourUsage.compute("bench", current.hourStartMillis(), buckets.get(hour - 1), current,
                hour + 1 < buckets.size() ? buckets.get(hour + 1) : null, UsageSettings.defaults().rules()).usage().size();
    }

    private List<ClusterSamples> decode(List<byte[]> records) throws UnusableTelemetryException {
        List<ClusterSamples> out = new ArrayList<>();
        for (byte[] payload : records) {
            out.addAll(decoder.decode(new RawTelemetry("bench", RecordHeaders.REMOTE_WRITE_PROTOBUF, payload, null)).byHour());
        }
        return out;
    }

    private static HourBucket bucket(List<ClusterSamples> decoded) {
        HourBucket bucket = null;
        for (ClusterSamples s : decoded) {
            if (bucket == null) {
                bucket = new HourBucket(s.hourStartMillis());
            }
            if (s.hourStartMillis() != bucket.hourStartMillis()) {
                continue;
            }
            Labels[] series = s.allSeriesLabels();
            for (int i = 0; i < s.size(); i++) {
                bucket.add(series[s.sampleSeries()[i]], s.timestamps()[i], s.values()[i]);
            }
        }
        return bucket == null ? new HourBucket(0) : bucket;
    }
}
