package dev.tally.bench.endtoend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A benchmark that measures a whole system rather than a method: servers in their own processes,
 * many concurrent clients, a job run to its end. It reports in JMH's JSON result format (one
 * result per measured variant, the baseline's method name starting with {@code baseline}) so
 * {@link dev.tally.bench.BenchReport} prints its ratio like any JMH benchmark's.
 */
public interface EndToEndBenchmark {

    /** Fully qualified, like a JMH benchmark class: {@code BenchMain}'s filters match it. */
    String name();

    List<ObjectNode> run(EndToEndOptions options) throws Exception;
}
