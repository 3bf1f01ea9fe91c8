package dev.tally.bench.endtoend;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.util.ListStatistics;

/**
 * One result in JMH's JSON shape: score is the mean of the measured iterations, scoreError the
 * half-width of its 99.9% confidence interval (as JMH computes it), rawData every iteration.
 */
public final class ResultJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultJson() {
    }

    /**
     * @param benchmark   class name + "." + variant (the baseline's variant starts with {@code baseline})
     * @param iterations  the measured iterations' scores, in {@code unit}
     * @param warmup      warm-up iterations that ran before (not in the score)
     * @param secondary   further metrics (e.g. heap), each with its per-iteration values
     */
    public static ObjectNode of(String benchmark, String unit, int threads, int warmup, List<Double> iterations,
                                Map<String, String> params, Map<String, Metric> secondary) {
        ObjectNode result = JSON.createObjectNode();
        result.put("jmhVersion", "1.37");
        result.put("benchmark", benchmark);
        result.put("mode", "thrpt");
        result.put("threads", threads);
        result.put("forks", 1);
        result.put("jvm", ProcessHandle.current().info().command().orElse("java"));
        ArrayNode args = result.putArray("jvmArgs");
        ManagementFactory.getRuntimeMXBean().getInputArguments().forEach(args::add);
        result.put("jdkVersion", System.getProperty("java.version"));
        result.put("vmName", System.getProperty("java.vm.name"));
        result.put("vmVersion", System.getProperty("java.vm.version"));
        result.put("warmupIterations", warmup);
        result.put("measurementIterations", iterations.size());
        result.put("harness", "end-to-end (dev.tally.bench.endtoend)");
        ObjectNode p = result.putObject("params");
        params.forEach(p::put);
        result.set("primaryMetric", metric(new Metric(unit, iterations)));
        ObjectNode secondaryNode = result.putObject("secondaryMetrics");
        secondary.forEach((name, m) -> secondaryNode.set(name, metric(m)));
        return result;
    }

    /** A metric's unit and values, one per measured iteration. */
    public record Metric(String unit, List<Double> values) {
    }

    private static ObjectNode metric(Metric m) {
        ListStatistics stats = new ListStatistics();
        m.values().forEach(stats::addValue);
        ObjectNode node = JSON.createObjectNode();
        node.put("score", stats.getMean());
        double error = m.values().size() > 1 ? stats.getMeanErrorAt(0.999) : Double.NaN;
        node.put("scoreError", error);
        ArrayNode confidence = node.putArray("scoreConfidence");
        confidence.add(stats.getMean() - (Double.isNaN(error) ? 0 : error));
        confidence.add(stats.getMean() + (Double.isNaN(error) ? 0 : error));
        ObjectNode percentiles = node.putObject("scorePercentiles");
        percentiles.put("0.0", stats.getMin());
        percentiles.put("50.0", stats.getPercentile(50));
        percentiles.put("100.0", stats.getMax());
        node.put("scoreUnit", m.unit());
        ArrayNode raw = node.putArray("rawData").addArray();
        m.values().forEach(raw::add);
        return node;
    }
}
