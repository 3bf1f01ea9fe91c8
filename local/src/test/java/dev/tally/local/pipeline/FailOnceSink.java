package dev.tally.local.pipeline;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Wraps a sink; once armed, its n-th write from then on throws, once, as a task that crashes
 * between checkpoints would. The job then restarts from its last checkpoint. State is static
 * because Flink creates the writers from a serialized copy of the sink.
 */
final class FailOnceSink<T> implements Sink<T> {
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger WRITERS_CREATED = new AtomicInteger();
    private static final AtomicInteger WRITES_SINCE_ARMED = new AtomicInteger();
    private static volatile int failAt; // 0: not armed

    private final Sink<T> delegate;

    FailOnceSink(Sink<T> delegate) {
        this.delegate = delegate;
    }

    static void reset() {
        failAt = 0;
        FAILED.set(false);
        WRITERS_CREATED.set(0);
    }

    /** The {@code nthWrite}-th write from now on fails. */
    static void arm(int nthWrite) {
        WRITES_SINCE_ARMED.set(0);
        failAt = nthWrite;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        WRITERS_CREATED.incrementAndGet();
        SinkWriter<T> writer = delegate.createWriter(context);
        return new SinkWriter<>() {
            @Override
            public void write(T row, Context ctx) throws IOException, InterruptedException {
                if (failAt > 0 && WRITES_SINCE_ARMED.incrementAndGet() == failAt && FAILED.compareAndSet(false, true)) {
                    throw new IOException("injected failure: the task dies between checkpoints");
                }
                writer.write(row, ctx);
            }

            @Override
            public void flush(boolean endOfInput) throws IOException, InterruptedException {
                writer.flush(endOfInput);
            }

            @Override
            public void close() throws Exception {
                writer.close();
            }
        };
    }
}
