package dev.tally.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tally.bench.e2e.PipelineE2eBenchmark;
import dev.tally.bench.endtoend.EndToEndBenchmark;
import dev.tally.bench.endtoend.EndToEndOptions;
import dev.tally.bench.gateway.GatewayThroughputBenchmark;
import dev.tally.bench.usage.UsageJobThroughputBenchmark;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * What {@code ./tally bench [filters] [JMH options]} runs: the JMH benchmarks and the end-to-end
 * benchmarks whose class names match the filters (regular expressions, as JMH reads them; none:
 * all), every result in one JMH-format JSON file. {@code BenchMain <result.json> [JMH args]}.
 */
public final class BenchMain {

    /** The end-to-end benchmarks (servers and jobs measured from outside; see {@link EndToEndBenchmark}). */
    static List<EndToEndBenchmark> endToEnd() {
        return List.of(new GatewayThroughputBenchmark(), new UsageJobThroughputBenchmark(),
                new dev.tally.bench.allocation.AllocationJobThroughputBenchmark(), new PipelineE2eBenchmark());
    }

    public static void main(String[] args) throws Exception {
        File out = new File(args[0]);
        Map<String, String> longOptions = new LinkedHashMap<>();
        String[] jmhArgs = longOptions(java.util.Arrays.copyOfRange(args, 1, args.length), longOptions);
        CommandLineOptions options = new CommandLineOptions(jmhArgs);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode results = json.createArrayNode();

        Path jmhOut = Files.createTempFile("tally-jmh", ".json");
        try {
            new Runner(new OptionsBuilder().parent(options).resultFormat(ResultFormatType.JSON)
                    .result(jmhOut.toString()).build()).run();
            JsonNode jmh = json.readTree(jmhOut.toFile());
            if (jmh != null) {
                jmh.forEach(results::add);
            }
        } catch (NoBenchmarksException e) {
            System.out.println("(no JMH benchmark matches " + options.getIncludes() + ")");
        } finally {
            Files.deleteIfExists(jmhOut);
        }

        EndToEndOptions endToEndOptions = new EndToEndOptions(options.getWarmupIterations().orElse(-1),
                options.getMeasurementIterations().orElse(-1), options.getThreads().orElse(-1), params(options, longOptions));
        for (EndToEndBenchmark benchmark : endToEnd()) {
            if (matches(benchmark.name(), options.getIncludes(), options.getExcludes())) {
                System.out.println("# end-to-end benchmark: " + benchmark.name());
                benchmark.run(endToEndOptions).forEach(results::add);
                json.writeValue(out, results); // after each, so a later failure keeps what was measured
            }
        }
        json.writeValue(out, results);
    }

    static boolean matches(String name, List<String> includes, List<String> excludes) {
        boolean included = includes.isEmpty() || includes.stream().anyMatch(p -> Pattern.compile(p).matcher(name).find());
        return included && excludes.stream().noneMatch(p -> Pattern.compile(p).matcher(name).find());
    }

    /**
     * Takes the end-to-end benchmarks' own options ({@code --step-seconds 60}: a double dash, which
     * JMH's options never have) out of {@code args} into {@code into} as parameters
     * ({@code stepSeconds=60}); returns the rest, for JMH.
     */
    static String[] longOptions(String[] args, Map<String, String> into) {
        List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || arg.length() == 2) {
                rest.add(arg);
                continue;
            }
            String option = arg.substring(2);
            String value;
            int equals = option.indexOf('=');
            if (equals >= 0) {
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
            into.put(camelCase(option), value);
        }
        return rest.toArray(String[]::new);
    }

    static String camelCase(String kebab) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    private static Map<String, String> params(CommandLineOptions options, Map<String, String> longOptions) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : List.of("clients", "ticks", "gatewayHeap", "clusters", "hours", "partitions", "nodes", "containers", "days",
                "startRate", "rateFactor", "maxRate", "stepSeconds", "warmupSeconds", "soakMinutes", "checkpointSeconds",
                "kafkaHeap", "jobsHeap", "stateBackend", "managedMemoryMb")) {
            Collection<String> values = options.getParameter(name).orElse(List.of());
            if (!values.isEmpty()) {
                params.put(name, values.iterator().next());
            }
        }
        params.putAll(longOptions);
        return params;
    }
}
