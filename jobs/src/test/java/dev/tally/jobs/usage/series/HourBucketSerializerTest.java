package dev.tally.jobs.usage.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The usage job's checkpointed state, an hour's samples per series, restores exactly as it was
 * written; the copy the heap state backend takes during a snapshot is independent of the
 * original. Buckets come from a seeded generator, so every case reproduces.
 */
class HourBucketSerializerTest {
    private static final long SEED = 20261126L;
    private static final String[] PODS = {"api-7d9f8b6c5-x2x4z", "worker-0", "ü-ñ-日本", "", "x".repeat(5_000)};

    @Test
    void flinkCheckpointsHourBucketsWithTheirOwnSerializerNotKryo() {
        assertThat(TypeInformation.of(HourBucket.class)).isInstanceOf(HourBucketTypeInfo.class);
        assertThat(TypeInformation.of(HourBucket.class).createSerializer(new SerializerConfigImpl()))
                .isSameAs(HourBucketSerializer.INSTANCE);
    }

    @Test
    void randomBucketsRestoreExactly() throws IOException {
        Random random = new Random(SEED);
        for (int c = 0; c < 200; c++) {
            HourBucket original = randomBucket(random);
            assertSameContent(roundTrip(original), original);
        }
    }

    @Test
    void aSnapshotCopyIsIndependentOfTheBucketThatGoesOnFilling() {
        HourBucket original = randomBucket(new Random(SEED + 1));
        HourBucket copy = HourBucketSerializer.INSTANCE.copy(original);
        assertSameContent(copy, original);
        Labels someSeries = original.series().iterator().next().labels();
        long before = copy.get(someSeries).size();
        original.add(someSeries, Long.MAX_VALUE - 1, 42.0);
        assertThat(copy.get(someSeries).size()).as("the copy does not see later samples").isEqualTo(before);
        assertThat(copy.samples()).isEqualTo(original.samples() - 1);
        copy.add(someSeries, Long.MAX_VALUE - 2, 1.0);
        assertThat(original.get(someSeries).size()).isEqualTo(before + 1);
    }

    @Test
    void aRestoredBucketKeepsDeduplicatingByTimestamp() throws IOException {
        Labels cpu = Labels.of(Labels.NAME, "container_cpu_usage_seconds_total", "pod", "api-1");
        HourBucket bucket = new HourBucket(3_600_000);
        bucket.add(cpu, 3_630_000, 1.5);
        HourBucket restored = roundTrip(bucket);
        assertThat(restored.add(cpu, 3_630_000, 1.5)).isEqualTo(HourBucket.Added.DUPLICATE);
        assertThat(restored.add(cpu, 3_600_000, 1.0)).isEqualTo(HourBucket.Added.EARLIEST_OF_SERIES);
        assertThat(restored.samples()).isEqualTo(2);
    }

    @Test
    void aCorruptStringReferenceIsAnIoError() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeLong(0);
        out.writeLong(1);
        out.writeInt(1); // one series
        out.writeInt(1); // one label
        out.writeInt(3); // a string never written
        assertThatThrownBy(() -> HourBucketSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class).hasMessageContaining("string reference 3 of 0");
    }

    private static HourBucket roundTrip(HourBucket bucket) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        HourBucketSerializer.INSTANCE.serialize(bucket, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        HourBucket back = HourBucketSerializer.INSTANCE.deserialize(in);
        assertThat(in.available()).as("every byte read").isZero();
        return back;
    }

    private static void assertSameContent(HourBucket actual, HourBucket expected) {
        assertThat(actual.hourStartMillis()).isEqualTo(expected.hourStartMillis());
        assertThat(actual.samples()).isEqualTo(expected.samples());
        assertThat(actual.series()).hasSameSizeAs(expected.series());
        for (SeriesSamples e : expected.series()) {
            SeriesSamples a = actual.get(e.labels());
            assertThat(a).as("series %s", e.labels()).isNotNull();
            assertThat(a.size()).isEqualTo(e.size());
            for (int i = 0; i < e.size(); i++) {
                assertThat(a.timestamp(i)).isEqualTo(e.timestamp(i));
                assertThat(Double.doubleToRawLongBits(a.value(i))).isEqualTo(Double.doubleToRawLongBits(e.value(i)));
            }
        }
    }

    private static HourBucket randomBucket(Random random) {
        long hour = random.nextInt(500_000) * 3_600_000L;
        HourBucket bucket = new HourBucket(hour);
        int series = 1 + random.nextInt(30);
        for (int s = 0; s < series; s++) {
            Labels labels = Labels.of(Labels.NAME, random.nextBoolean() ? "container_cpu_usage_seconds_total" : "kube_pod_info",
                    "namespace", "ns-" + random.nextInt(3), "pod", PODS[random.nextInt(PODS.length)], "container", "c" + s);
            int n = 1 + random.nextInt(150);
            for (int i = 0; i < n; i++) {
                double value = switch (random.nextInt(6)) {
                    case 0 -> Double.NaN;
                    case 1 -> -0.0;
                    case 2 -> Double.POSITIVE_INFINITY;
                    default -> random.nextDouble() * 1e12;
                };
                bucket.add(labels, hour + random.nextInt(3_600_000), value);
            }
        }
        return bucket;
    }
}
