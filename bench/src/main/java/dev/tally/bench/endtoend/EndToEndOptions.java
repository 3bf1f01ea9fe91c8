package dev.tally.bench.endtoend;

import java.util.Map;

/**
 * The JMH command-line options an end-to-end benchmark honours: {@code -wi} warm-up and
 * {@code -i} measured iterations, {@code -t} concurrent clients, and {@code -p name=value}
 * parameters of its own (each benchmark's javadoc lists them).
 *
 * @param warmupIterations   {@code -wi}, or the benchmark's default when absent (negative)
 * @param measureIterations  {@code -i}, or the benchmark's default when absent (negative)
 * @param threads            {@code -t}, or the benchmark's default when absent (negative)
 * @param params             {@code -p} values, first value of each
 */
public record EndToEndOptions(int warmupIterations, int measureIterations, int threads, Map<String, String> params) {

    public int warmupIterations(int fallback) {
        return warmupIterations < 0 ? fallback : warmupIterations;
    }

    public int measureIterations(int fallback) {
        return measureIterations < 1 ? fallback : measureIterations;
    }

    public int threads(int fallback) {
        return threads < 1 ? fallback : threads;
    }

    public int param(String name, int fallback) {
        String value = params.get(name);
        return value == null ? fallback : Integer.parseInt(value);
    }

    public String param(String name, String fallback) {
        return params.getOrDefault(name, fallback);
    }
}
