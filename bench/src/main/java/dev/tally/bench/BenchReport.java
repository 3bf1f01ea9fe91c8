package dev.tally.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a JMH JSON result and prints each benchmark's score with its ratio to the baseline of
 * its class (the method whose name starts with {@code baseline}), measured in the same run.
 * A ratio is what we report and compare over time; absolute numbers depend on the machine.
 */
public final class BenchReport {

    public static void main(String[] args) throws IOException {
        JsonNode results = new ObjectMapper().readTree(new File(args[0]));
        if (results == null || results.isEmpty()) {
            System.err.println("no benchmark finished (see the failures above); " + args[0] + " holds no result");
            System.exit(1);
        }
        Map<String, Map<String, JsonNode>> byClass = new LinkedHashMap<>();
        for (JsonNode result : results) {
            String benchmark = result.get("benchmark").asText();
            int dot = benchmark.lastIndexOf('.');
            byClass.computeIfAbsent(benchmark.substring(0, dot), k -> new LinkedHashMap<>())
                    .put(benchmark.substring(dot + 1), result);
        }
        byClass.forEach((benchClass, methods) -> {
            System.out.println(benchClass.substring(benchClass.lastIndexOf('.') + 1));
            JsonNode baseline = methods.entrySet().stream().filter(e -> e.getKey().startsWith("baseline"))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            methods.forEach((method, result) -> {
                JsonNode metric = result.get("primaryMetric");
                double score = metric.get("score").asDouble();
                double error = metric.get("scoreError").asDouble();
                String ratio = baseline == null ? "" : String.format("  ratio to baseline %.3f",
                        score / baseline.get("primaryMetric").get("score").asDouble());
                JsonNode rows = result.path("params").path("rows");
                String perRow = rows.isMissingNode() || !metric.get("scoreUnit").asText().equals("ops/s") ? ""
                        : String.format(" (%,.0f rows/s)", score * rows.asDouble());
                System.out.printf("  %-30s %,14.3f ± %,.3f %s%s%s%n", method, score, Double.isNaN(error) ? 0 : error,
                        metric.get("scoreUnit").asText(), perRow, ratio);
                // end-to-end benchmarks report more than their score (per-iteration ratios, the gateway's heap)
                result.path("secondaryMetrics").fields().forEachRemaining(secondary -> {
                    JsonNode m = secondary.getValue();
                    double e = m.path("scoreError").asDouble(Double.NaN);
                    System.out.printf("      %-26s %,14.3f ± %,.3f %s  (min %,.3f, max %,.3f)%n", secondary.getKey(),
                            m.get("score").asDouble(), Double.isNaN(e) ? 0 : e, m.get("scoreUnit").asText(),
                            m.path("scorePercentiles").path("0.0").asDouble(), m.path("scorePercentiles").path("100.0").asDouble());
                });
            });
        });
    }
}
