package dev.tally.jobs.serialization;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What Tally's own Flink serializers have in common: mutable types of variable length, no
 * object reuse, a copy of serialized bytes by reading and writing again, equality by class,
 * and counts read from the stream checked before anything is allocated for them.
 */
public abstract class OwnSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;
    /** The most elements any one array of a serialized value may announce. */
    private static final int MAX_COUNT = 64 * 1024 * 1024;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    /** A count read before an array; a corrupt one is an error, not gigabytes allocated. */
    protected static int readCount(DataInputView in, String type, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_COUNT) {
            throw new IOException("corrupt " + type + ": " + n + " " + what);
        }
        return n;
    }
}
