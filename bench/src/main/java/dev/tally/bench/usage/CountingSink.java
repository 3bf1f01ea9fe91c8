package dev.tally.bench.usage;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Counts the rows a job writes and drops them (the MiniCluster runs in the benchmark's JVM, so a
 * static counter per name is visible here): the benchmark measures the job, not ClickHouse.
 */
public final class CountingSink<T> implements Sink<T> {
    static final ConcurrentHashMap<String, AtomicLong> ROWS = new ConcurrentHashMap<>();

    private final String name;

    public CountingSink(String name) {
        this.name = name;
    }

    public static long rows(String name) {
        AtomicLong rows = ROWS.get(name);
        return rows == null ? 0 : rows.get();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        AtomicLong rows = ROWS.computeIfAbsent(name, n -> new AtomicLong());
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                rows.incrementAndGet();
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
