package dev.tally.jobs.usage.decode;

import dev.tally.common.deadletter.SourcePosition;
import dev.tally.jobs.serialization.OwnSerializer;
import dev.tally.jobs.usage.series.CanonicalStrings;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * How {@link ClusterSamples} travel between the usage job's decoder and its per-cluster operator:
 * the symbol table's strings once, then plain arrays of numbers (no per-label lookups: the
 * decoder numbered the strings). The generic (Kryo) path wrote every sample's label names and
 * values as separate strings and was half of the job's CPU (bench: {@code UsageJobThroughputBenchmark}).
 *
 * <p>Stateful, so every task gets its own ({@link #duplicate()}): the reading side keeps one
 * instance per distinct string across elements ({@link CanonicalStrings}), so the next scrape's
 * labels are the instances the hour buckets already hold, compare by reference and have their
 * hashes cached.
 *
 * <p>Layout: cluster, hour start, max timestamp, position (each nullable string behind a flag),
 * then the symbols (count, strings), the series' label offsets, the label references, and per
 * sample its series, timestamp and value. Every reference is checked on reading: a corrupt
 * stream is an {@link IOException}, never a wrong label.
 */
public final class ClusterSamplesSerializer extends OwnSerializer<ClusterSamples> {
    private static final long serialVersionUID = 3L;
    /** Distinct strings a reader keeps; a large cluster's pods, containers and cgroups fit. */
    private static final int CANONICAL_STRINGS = 1 << 19;

    private transient CanonicalStrings canonical;

    @Override
    public TypeSerializer<ClusterSamples> duplicate() {
        return new ClusterSamplesSerializer();
    }

    private CanonicalStrings canonical() {
        if (canonical == null) {
            canonical = new CanonicalStrings(CANONICAL_STRINGS);
        }
        return canonical;
    }

    @Override
    public ClusterSamples createInstance() {
        return new ClusterSamples("", 0, new String[0], new int[]{0}, new int[0], new int[0], new long[0], new double[0],
                Long.MIN_VALUE, null);
    }

    /** Strings are immutable and shared; the arrays are copied. */
    @Override
    public ClusterSamples copy(ClusterSamples from) {
        return new ClusterSamples(from.cluster(), from.hourStartMillis(), from.symbols().clone(), from.seriesLabels().clone(),
                from.labelRefs().clone(), from.sampleSeries().clone(), from.timestamps().clone(), from.values().clone(),
                from.maxTimestamp(), from.position());
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
        String[] symbols = record.symbols();
        out.writeInt(symbols.length);
        for (String symbol : symbols) {
            StringValue.writeString(symbol, out);
        }
        writeInts(record.seriesLabels(), out);
        writeInts(record.labelRefs(), out);
        writeInts(record.sampleSeries(), out);
        for (long t : record.timestamps()) {
            out.writeLong(t);
        }
        for (double v : record.values()) {
            out.writeDouble(v);
        }
    }

    @Override
    public ClusterSamples deserialize(DataInputView in) throws IOException {
        String cluster = readNullable(in);
        long hourStart = in.readLong();
        long maxTimestamp = in.readLong();
        SourcePosition position = in.readBoolean() ? new SourcePosition(readNullable(in), in.readInt(), in.readLong()) : null;
        String[] symbols = new String[readCount(in, "ClusterSamples", "symbols")];
        CanonicalStrings canonical = canonical();
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = canonical.canonical(StringValue.readString(in));
        }
        int[] seriesLabels = readInts(in, "series offset");
        int[] labelRefs = readInts(in, "label reference");
        int[] sampleSeries = readInts(in, "sample series");
        long[] timestamps = new long[sampleSeries.length];
        for (int i = 0; i < timestamps.length; i++) {
            timestamps[i] = in.readLong();
        }
        double[] values = new double[sampleSeries.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        check(symbols.length, seriesLabels, labelRefs, sampleSeries);
        return new ClusterSamples(cluster, hourStart, symbols, seriesLabels, labelRefs, sampleSeries, timestamps, values,
                maxTimestamp, position);
    }

    /** Every reference in range, series offsets ascending by label pairs. */
    private static void check(int symbols, int[] seriesLabels, int[] labelRefs, int[] sampleSeries) throws IOException {
        if (seriesLabels.length == 0 || seriesLabels[0] != 0 || seriesLabels[seriesLabels.length - 1] != labelRefs.length) {
            throw new IOException("corrupt ClusterSamples: series offsets do not cover the " + labelRefs.length + " label references");
        }
        for (int s = 1; s < seriesLabels.length; s++) {
            int length = seriesLabels[s] - seriesLabels[s - 1];
            if (length < 0 || length % 2 != 0) {
                throw new IOException("corrupt ClusterSamples: series " + (s - 1) + " has " + length + " label references");
            }
        }
        for (int ref : labelRefs) {
            if (ref < 0 || ref >= symbols) {
                throw new IOException("corrupt ClusterSamples: string reference " + ref + " of " + symbols);
            }
        }
        for (int series : sampleSeries) {
            if (series < 0 || series >= seriesLabels.length - 1) {
                throw new IOException("corrupt ClusterSamples: series reference " + series + " of " + (seriesLabels.length - 1));
            }
        }
    }

    private static void writeInts(int[] values, DataOutputView out) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static int[] readInts(DataInputView in, String what) throws IOException {
        int[] values = new int[readCount(in, "ClusterSamples", what + "s")];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readInt();
        }
        return values;
    }

    @Override
    public TypeSerializerSnapshot<ClusterSamples> snapshotConfiguration() {
        return new Snapshot();
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
            super(ClusterSamplesSerializer::new);
        }
    }
}
