package dev.tally.jobs.usage.decode;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.jobs.usage.series.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * How {@link ClusterSamples} travel between the usage job's decoder and its per-cluster operator.
 * The generic (Kryo) path wrote every sample's label names and values as separate strings and was
 * half of the job's CPU (bench: {@code UsageJobThroughputBenchmark}); here each distinct string
 * of an element is written once and then referred to by its number. Strings are decoded to
 * the same instances, which also shares them in the hour buckets.
 *
 * <p>Layout: cluster, hour start, max timestamp, position (each nullable string behind a flag),
 * sample count, then per sample: label count, per label name and value as string references
 * (a new string: -1 then the string; a seen one: its number), timestamp, value.
 */
public final class ClusterSamplesSerializer extends TypeSerializerSingleton<ClusterSamples> {
    public static final ClusterSamplesSerializer INSTANCE = new ClusterSamplesSerializer();
    private static final long serialVersionUID = 1L;
    private static final int NEW_STRING = -1;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public ClusterSamples createInstance() {
        return new ClusterSamples("", 0, List.of(), new long[0], new double[0], Long.MIN_VALUE, null);
    }

    /** Labels and strings are immutable and shared; the arrays are copied. */
    @Override
    public ClusterSamples copy(ClusterSamples from) {
        return new ClusterSamples(from.cluster(), from.hourStartMillis(), List.copyOf(from.labels()), from.timestamps().clone(),
                from.values().clone(), from.maxTimestamp(), from.position());
    }

    @Override
    public ClusterSamples copy(ClusterSamples from, ClusterSamples reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ClusterSamples record, DataOutputView out) throws IOException {
        writeNullable(record.cluster(), out);
        out.writeLong(record.hourStartMillis());
        out.writeLong(record.maxTimestamp());
        SourcePosition position = record.position();
        out.writeBoolean(position != null);
        if (position != null) {
            writeNullable(position.source(), out);
            out.writeInt(position.partition());
            out.writeLong(position.offset());
        }
        int n = record.timestamps().length;
        out.writeInt(n);
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Labels labels = record.labels().get(i);
            out.writeInt(labels.size());
            for (int l = 0; l < labels.size(); l++) {
                writeReference(labels.name(l), seen, out);
                writeReference(labels.value(l), seen, out);
            }
            out.writeLong(record.timestamps()[i]);
            out.writeDouble(record.values()[i]);
        }
    }

    @Override
    public ClusterSamples deserialize(DataInputView in) throws IOException {
        String cluster = readNullable(in);
        long hourStart = in.readLong();
        long maxTimestamp = in.readLong();
        SourcePosition position = in.readBoolean() ? new SourcePosition(readNullable(in), in.readInt(), in.readLong()) : null;
        int n = in.readInt();
        List<String> strings = new ArrayList<>();
        List<Labels> labels = new ArrayList<>(n);
        long[] timestamps = new long[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            String[] pairs = new String[2 * in.readInt()];
            for (int k = 0; k < pairs.length; k++) {
                pairs[k] = readReference(strings, in);
            }
            labels.add(Labels.of(pairs));
            timestamps[i] = in.readLong();
            values[i] = in.readDouble();
        }
        return new ClusterSamples(cluster, hourStart, labels, timestamps, values, maxTimestamp, position);
    }

    @Override
    public ClusterSamples deserialize(ClusterSamples reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<ClusterSamples> snapshotConfiguration() {
        return new Snapshot();
    }

    private static void writeReference(String s, Map<String, Integer> seen, DataOutputView out) throws IOException {
        Integer number = seen.get(s);
        if (number != null) {
            out.writeInt(number);
        } else {
            seen.put(s, seen.size());
            out.writeInt(NEW_STRING);
            StringValue.writeString(s, out);
        }
    }

    private static String readReference(List<String> strings, DataInputView in) throws IOException {
        int number = in.readInt();
        if (number == NEW_STRING) {
            String s = StringValue.readString(in);
            strings.add(s);
            return s;
        }
        if (number < 0 || number >= strings.size()) {
            throw new IOException("corrupt ClusterSamples: string reference " + number + " of " + strings.size());
        }
        return strings.get(number);
    }

    private static void writeNullable(String s, DataOutputView out) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            StringValue.writeString(s, out);
        }
    }

    private static String readNullable(DataInputView in) throws IOException {
        return in.readBoolean() ? StringValue.readString(in) : null;
    }

    /** Restores this serializer (it has no configuration). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ClusterSamples> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
