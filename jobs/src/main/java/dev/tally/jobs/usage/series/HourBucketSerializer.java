package dev.tally.jobs.usage.series;

import dev.tally.jobs.serialization.OwnSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * How the usage job checkpoints an {@link HourBucket} (its keyed state): each distinct label
 * string of the bucket once, then referred to by number; each series' samples as plain arrays.
 * Kryo wrote every label string of every series in full and reflected over every object. The
 * heap state backend also copies a bucket with {@link #copy(HourBucket)} while a snapshot of it
 * is being written, so the copy is deep (the labels, immutable, are shared).
 *
 * <p>Layout: hour start, sample count, series count; per series: label count, per label name and
 * value as string references (a new string: -1 then the string; a seen one: its number), sample
 * count, timestamps, values. A corrupt stream is an {@link IOException}, never a wrong label.
 */
public final class HourBucketSerializer extends OwnSerializer<HourBucket> {
    public static final HourBucketSerializer INSTANCE = new HourBucketSerializer();
    private static final long serialVersionUID = 1L;
    private static final int NEW_STRING = -1;

    /** Stateless: one instance serves every task. */
    @Override
    public TypeSerializer<HourBucket> duplicate() {
        return this;
    }

    @Override
    public HourBucket createInstance() {
        return new HourBucket(0);
    }

    @Override
    public HourBucket copy(HourBucket from) {
        HourBucket copy = new HourBucket(from.hourStartMillis());
        for (SeriesSamples s : from.series()) {
            copy.restore(s.copy());
        }
        copy.restoreSampleCount(from.samples());
        return copy;
    }

    @Override
    public void serialize(HourBucket bucket, DataOutputView out) throws IOException {
        out.writeLong(bucket.hourStartMillis());
        out.writeLong(bucket.samples());
        out.writeInt(bucket.series().size());
        StringNumbering seen = new StringNumbering();
        for (SeriesSamples s : bucket.series()) {
            Labels labels = s.labels();
            out.writeInt(labels.size());
            for (int l = 0; l < labels.size(); l++) {
                writeReference(labels.name(l), seen, out);
                writeReference(labels.value(l), seen, out);
            }
            out.writeInt(s.size());
            for (int i = 0; i < s.size(); i++) {
                out.writeLong(s.timestamp(i));
            }
            for (int i = 0; i < s.size(); i++) {
                out.writeDouble(s.value(i));
            }
        }
    }

    @Override
    public HourBucket deserialize(DataInputView in) throws IOException {
        HourBucket bucket = new HourBucket(in.readLong());
        long samples = in.readLong();
        int seriesCount = readCount(in, "HourBucket", "series");
        List<String> strings = new ArrayList<>();
        for (int s = 0; s < seriesCount; s++) {
            String[] pairs = new String[2 * readCount(in, "HourBucket", "labels")];
            for (int k = 0; k < pairs.length; k++) {
                pairs[k] = readReference(strings, in);
            }
            int size = readCount(in, "HourBucket", "samples");
            long[] timestamps = new long[Math.max(4, size)];
            double[] values = new double[Math.max(4, size)];
            for (int i = 0; i < size; i++) {
                timestamps[i] = in.readLong();
            }
            for (int i = 0; i < size; i++) {
                values[i] = in.readDouble();
            }
            bucket.restore(new SeriesSamples(Labels.of(pairs), timestamps, values, size));
        }
        bucket.restoreSampleCount(samples);
        return bucket;
    }

    @Override
    public TypeSerializerSnapshot<HourBucket> snapshotConfiguration() {
        return new Snapshot();
    }

    private static void writeReference(String s, StringNumbering seen, DataOutputView out) throws IOException {
        int number = seen.numberOrAdd(s);
        if (number != StringNumbering.ABSENT) {
            out.writeInt(number);
        } else {
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
            throw new IOException("corrupt HourBucket: string reference " + number + " of " + strings.size());
        }
        return strings.get(number);
    }

    /** Restores this serializer (it has no configuration). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<HourBucket> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
