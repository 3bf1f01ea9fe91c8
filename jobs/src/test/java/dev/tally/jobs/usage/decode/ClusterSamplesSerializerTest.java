package dev.tally.jobs.usage.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.jobs.usage.series.CanonicalStrings;
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
    private static final ClusterSamplesSerializer SERIALIZER = new ClusterSamplesSerializer();
    private static final String[] WORDS = {"", "a", "namespace", "pod", "container", "kube-system", "ü-ñ", "日本",
            "x".repeat(70_000), "__name__", "container_cpu_usage_seconds_total", "job", "instance"};

    @Test
    void flinkShipsClusterSamplesWithTheirOwnSerializerNotKryo() {
        assertThat(TypeInformation.of(ClusterSamples.class)).isInstanceOf(ClusterSamplesTypeInfo.class);
        assertThat(TypeInformation.of(ClusterSamples.class).createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl()))
                .isInstanceOf(ClusterSamplesSerializer.class);
    }

    @Test
    void everyTaskGetsItsOwnSerializerBecauseItKeepsTables() {
        ClusterSamplesSerializer serializer = new ClusterSamplesSerializer();
        assertThat(serializer.duplicate()).isNotSameAs(serializer).isEqualTo(serializer);
    }

    @Test
    void aLabelValueReadAgainInALaterElementIsTheInstanceAlreadyHeld() throws IOException {
        ClusterSamplesSerializer serializer = new ClusterSamplesSerializer();
        ClusterSamples first = roundTrip(serializer, element("payments-api-7d9f8b6c5-x2x4z"));
        ClusterSamples second = roundTrip(serializer, element(new String("payments-api-7d9f8b6c5-x2x4z".toCharArray())));
        assertThat(second.labels().get(0)).isEqualTo(first.labels().get(0));
        assertThat(second.labels().get(0).get("pod")).isSameAs(first.labels().get(0).get("pod"));
    }

    @Test
    void anElementWithThousandsOfDistinctStringsSurvivesTheRoundTrip() throws IOException {
        List<Labels> labels = new ArrayList<>();
        int n = 5_000;
        for (int i = 0; i < n; i++) {
            labels.add(Labels.of("__name__", "container_memory_working_set_bytes", "pod", "pod-" + i, "id", "/kubepods/" + i));
        }
        ClusterSamples element = ClusterSamples.of("aks-prod-weu", 0, labels, new long[n], new double[n], 0, null);
        ClusterSamplesSerializer serializer = new ClusterSamplesSerializer();
        for (int round = 0; round < 3; round++) {
            assertSameContent(roundTrip(serializer, element), element);
        }
    }

    @Test
    void canonicalStringsStartOverWhenFullAndStillAnswerEqualStrings() {
        CanonicalStrings strings = new CanonicalStrings(8);
        for (int i = 0; i < 100; i++) {
            String s = "value-" + i;
            assertThat(strings.canonical(s)).isEqualTo(s);
            assertThat(strings.size()).isBetween(1, 4);
        }
        String held = strings.canonical("kept");
        assertThat(strings.canonical(new String("kept".toCharArray()))).isSameAs(held);
    }

    private static ClusterSamples element(String pod) {
        return ClusterSamples.of("aks-prod-weu", 0, List.of(Labels.of("__name__", "container_cpu_usage_seconds_total", "pod", pod)),
                new long[]{1L}, new double[]{2.5}, 1L, null);
    }

    @Test
    void randomElementsSurviveTheRoundTripExactly() throws IOException {
        Random random = new Random(SEED);
        for (int c = 0; c < 500; c++) {
            ClusterSamples original = randomElement(random);
            ClusterSamples back = roundTrip(original);
            assertSameContent(back, original);
            assertSameContent(SERIALIZER.copy(original), original);
        }
    }

    @Test
    void copyingSerializedBytesGivesTheSameBytes() throws IOException {
        ClusterSamples original = randomElement(new Random(SEED + 1));
        DataOutputSerializer first = new DataOutputSerializer(1024);
        SERIALIZER.serialize(original, first);
        DataOutputSerializer copied = new DataOutputSerializer(1024);
        SERIALIZER.copy(new DataInputDeserializer(first.getCopyOfBuffer()), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());
    }

    @Test
    void aRepeatedStringIsWrittenOnce() throws IOException {
        String longValue = "payments-api-7d9f8b6c5-x2x4z".repeat(10);
        List<Labels> labels = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            labels.add(Labels.of("__name__", "container_cpu_usage_seconds_total", "pod", longValue, "container", "c" + i));
        }
        ClusterSamples element = ClusterSamples.of("aks-prod-weu", 0, labels, new long[100], new double[100], 0, null);
        DataOutputSerializer out = new DataOutputSerializer(1024);
        SERIALIZER.serialize(element, out);
        // the 280-character pod name 100 times would alone be 28,000 bytes
        assertThat(out.length()).isLessThan(longValue.length() + 100 * (6 * 4 + 8 + 8 + 4 + 8) + 500);
        assertSameContent(roundTrip(element), element);
    }

    @Test
    void aCorruptReferenceIsAnIoErrorNotAWrongLabel() {
        assertThatThrownBy(() -> SERIALIZER.deserialize(corrupt(new int[]{0, 2}, new int[]{0, 5}, new int[]{0})))
                .isInstanceOf(IOException.class).hasMessageContaining("string reference 5 of 1");
        assertThatThrownBy(() -> SERIALIZER.deserialize(corrupt(new int[]{0, 2}, new int[]{0, 0}, new int[]{3})))
                .isInstanceOf(IOException.class).hasMessageContaining("series reference 3 of 1");
        assertThatThrownBy(() -> SERIALIZER.deserialize(corrupt(new int[]{0, 1, 2}, new int[]{0, 0}, new int[]{0})))
                .isInstanceOf(IOException.class).hasMessageContaining("series 0 has 1 label references");
        assertThatThrownBy(() -> SERIALIZER.deserialize(corrupt(new int[]{0, 4}, new int[]{0, 0}, new int[]{0})))
                .isInstanceOf(IOException.class).hasMessageContaining("do not cover the 2 label references");
    }

    /** An element with one symbol "a" and the given arrays, as the serializer lays it out. */
    private static DataInputDeserializer corrupt(int[] seriesLabels, int[] labelRefs, int[] sampleSeries) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeBoolean(true);
        org.apache.flink.types.StringValue.writeString("c", out);
        out.writeLong(0);
        out.writeLong(0);
        out.writeBoolean(false);
        out.writeInt(1);
        org.apache.flink.types.StringValue.writeString("a", out);
        for (int[] array : new int[][]{seriesLabels, labelRefs, sampleSeries}) {
            out.writeInt(array.length);
            for (int v : array) {
                out.writeInt(v);
            }
        }
        for (int i = 0; i < sampleSeries.length; i++) {
            out.writeLong(1_000L);
        }
        for (int i = 0; i < sampleSeries.length; i++) {
            out.writeDouble(2.5);
        }
        return new DataInputDeserializer(out.getCopyOfBuffer());
    }

    @Test
    void aCountBeyondAnyElementIsAnIoErrorNotAnAllocation() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeBoolean(false);
        out.writeLong(0);
        out.writeLong(0);
        out.writeBoolean(false);
        out.writeInt(Integer.MAX_VALUE);
        assertThatThrownBy(() -> SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IOException.class).hasMessageContaining("2147483647 symbols");
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
        return roundTrip(SERIALIZER, element);
    }

    /** Writes with one serializer and reads with another, as two tasks do. */
    private static ClusterSamples roundTrip(ClusterSamplesSerializer reader, ClusterSamples element) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(1024);
        new ClusterSamplesSerializer().serialize(element, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        ClusterSamples back = reader.deserialize(in);
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
        return ClusterSamples.of(random.nextInt(10) == 0 ? null : word(random), random.nextLong(), labels, ts, vs,
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
