package dev.tally.jobs.usage.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.jobs.usage.series.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * What travels from the usage job's decoder to its per-cluster operator arrives as it left:
 * every sample's labels, timestamp and value, the cluster, hour, event time and source position.
 * Elements come from a seeded generator, so every case reproduces.
 */
class ClusterSamplesSerializerTest {
    private static final long SEED = 20261126L;
    private static final String[] WORDS = {"", "a", "namespace", "pod", "container", "kube-system", "ü-ñ", "日本",
            "x".repeat(70_000), "__name__", "container_cpu_usage_seconds_total", "job", "instance"};

    @Test
    void flinkShipsClusterSamplesWithTheirOwnSerializerNotKryo() {
        assertThat(TypeInformation.of(ClusterSamples.class)).isInstanceOf(ClusterSamplesTypeInfo.class);
        assertThat(TypeInformation.of(ClusterSamples.class).createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl()))
                .isSameAs(ClusterSamplesSerializer.INSTANCE);
    }

    @Test
    void randomElementsSurviveTheRoundTripExactly() throws IOException {
        Random random = new Random(SEED);
        for (int c = 0; c < 500; c++) {
            ClusterSamples original = randomElement(random);
            ClusterSamples back = roundTrip(original);
            assertSameContent(back, original);
            assertSameContent(ClusterSamplesSerializer.INSTANCE.copy(original), original);
        }
    }

    @Test
    void copyingSerializedBytesGivesTheSameBytes() throws IOException {
        ClusterSamples original = randomElement(new Random(SEED + 1));
        DataOutputSerializer first = new DataOutputSerializer(1024);
        ClusterSamplesSerializer.INSTANCE.serialize(original, first);
        DataOutputSerializer copied = new DataOutputSerializer(1024);
        ClusterSamplesSerializer.INSTANCE.copy(new DataInputDeserializer(first.getCopyOfBuffer()), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());
    }

    @Test
    void aRepeatedStringIsWrittenOnce() throws IOException {
        String longValue = "payments-api-7d9f8b6c5-x2x4z".repeat(10);
        List<Labels> labels = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            labels.add(Labels.of("__name__", "container_cpu_usage_seconds_total", "pod", longValue, "container", "c" + i));
        }
        ClusterSamples element = new ClusterSamples("aks-prod-weu", 0, labels, new long[100], new double[100], 0, null);
        DataOutputSerializer out = new DataOutputSerializer(1024);
        ClusterSamplesSerializer.INSTANCE.serialize(element, out);
        // the 280-character pod name 100 times would alone be 28,000 bytes
        assertThat(out.length()).isLessThan(longValue.length() + 100 * (6 * 4 + 8 + 8 + 4 + 8) + 500);
        assertSameContent(roundTrip(element), element);
    }

    @Test
    void aCorruptStringReferenceIsAnIoErrorNotAWrongLabel() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeBoolean(true);
        org.apache.flink.types.StringValue.writeString("c", out);
        out.writeLong(0);
        out.writeLong(0);
        out.writeBoolean(false);
        out.writeInt(1); // one sample
        out.writeInt(1); // one label
        out.writeInt(5); // reference to a string never written
        assertThatThrownBy(() -> ClusterSamplesSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class).hasMessageContaining("string reference 5");
    }

    @Test
    void labelsInNameOrderAndInAnyOrderAreTheSame() {
        Random random = new Random(SEED + 2);
        for (int c = 0; c < 500; c++) {
            Labels labels = randomLabels(random);
            String[] sorted = new String[2 * labels.size()];
            for (int i = 0; i < labels.size(); i++) {
                sorted[2 * i] = labels.name(i);
                sorted[2 * i + 1] = labels.value(i);
            }
            String[] reversed = new String[sorted.length];
            for (int i = 0; i < labels.size(); i++) {
                reversed[2 * i] = sorted[sorted.length - 2 - 2 * i];
                reversed[2 * i + 1] = sorted[sorted.length - 1 - 2 * i];
            }
            assertThat(Labels.of(sorted)).isEqualTo(labels).isEqualTo(Labels.of(reversed));
            assertThat(Labels.of(sorted).hashCode()).isEqualTo(labels.hashCode());
        }
        assertThat(Labels.of("a", "1", "a", "2").get("a")).as("a later duplicate name wins").isEqualTo("2");
    }

    private static ClusterSamples roundTrip(ClusterSamples element) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        ClusterSamplesSerializer.INSTANCE.serialize(element, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        ClusterSamples back = ClusterSamplesSerializer.INSTANCE.deserialize(in);
        assertThat(in.available()).as("every byte read").isZero();
        return back;
    }

    private static void assertSameContent(ClusterSamples actual, ClusterSamples expected) {
        assertThat(actual.cluster()).isEqualTo(expected.cluster());
        assertThat(actual.hourStartMillis()).isEqualTo(expected.hourStartMillis());
        assertThat(actual.maxTimestamp()).isEqualTo(expected.maxTimestamp());
        assertThat(actual.position()).isEqualTo(expected.position());
        assertThat(actual.labels()).isEqualTo(expected.labels());
        assertThat(actual.timestamps()).isEqualTo(expected.timestamps());
        assertThat(actual.values()).isEqualTo(expected.values());
    }

    private static ClusterSamples randomElement(Random random) {
        int n = random.nextInt(40);
        List<Labels> labels = new ArrayList<>();
        long[] ts = new long[n];
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
            labels.add(random.nextInt(4) == 0 && i > 0 ? labels.get(random.nextInt(i)) : randomLabels(random));
            ts[i] = random.nextLong();
            vs[i] = switch (random.nextInt(5)) {
                case 0 -> Double.NaN;
                case 1 -> Double.NEGATIVE_INFINITY;
                case 2 -> -0.0;
                default -> random.nextDouble() * 1e12;
            };
        }
        SourcePosition position = random.nextBoolean() ? SourcePosition.kafka(word(random), random.nextInt(64), random.nextLong())
                : random.nextBoolean() ? new SourcePosition(null, 0, 0) : null;
        return new ClusterSamples(random.nextInt(10) == 0 ? null : word(random), random.nextLong(), labels, ts, vs,
                random.nextLong(), position);
    }

    private static Labels randomLabels(Random random) {
        int pairs = random.nextInt(8);
        String[] namesAndValues = new String[2 * pairs];
        for (int i = 0; i < namesAndValues.length; i++) {
            namesAndValues[i] = word(random) + (i % 2 == 0 ? "" : random.nextInt(3));
        }
        return Labels.of(namesAndValues);
    }

    private static String word(Random random) {
        return WORDS[random.nextInt(WORDS.length)];
    }
}
