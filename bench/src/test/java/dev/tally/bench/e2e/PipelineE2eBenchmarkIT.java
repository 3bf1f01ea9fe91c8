package dev.tally.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.bench.endtoend.EndToEndOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end benchmark's harness runs end to end, cheaply: one low step and a half-minute soak
 * on the real components, each in its process. No speed is asserted (the machine may be busy):
 * only that every figure the report needs was measured.
 */
class PipelineE2eBenchmarkIT {

    @Test
    void oneLowStepAndAShortSoakMeasureEveryComponentAndTheFreshness() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        List<ObjectNode> results;
        try {
            results = new PipelineE2eBenchmark(out).run(new EndToEndOptions(-1, -1, -1, Map.of(
                    "startRate", "2000", "maxRate", "2000", "stepSeconds", "25", "warmupSeconds", "5", "soakMinutes", "0.5",
                    "clusters", "2", "jobsHeap", "768m")));
        } finally {
            System.out.println(printed.toString(StandardCharsets.UTF_8));
        }
        JsonNode step = results.stream().filter(r -> r.get("benchmark").asText().endsWith(".step1")).findFirst().orElseThrow();
        assertThat(step.at("/primaryMetric/score").asDouble()).as("samples/s delivered").isGreaterThan(0);
        assertThat(step.at("/secondaryMetrics/freshnessMarkers/score").asDouble()).isGreaterThan(0);
        assertThat(step.at("/secondaryMetrics/freshnessP50/score").asDouble()).as("a marker became visible").isPositive();
        for (String component : List.of("gateway", "kafka", "jobs", "clickhouse")) {
            assertThat(step.at("/secondaryMetrics/" + component + "RssMb/score").asDouble()).as(component + " RSS").isGreaterThan(10);
            assertThat(step.at("/secondaryMetrics/" + component + "Cores/score").asDouble()).as(component + " CPU").isGreaterThan(0);
        }
        for (String jvm : List.of("gateway", "kafka", "jobs")) {
            assertThat(step.at("/secondaryMetrics/" + jvm + "HeapAfterGcMb/score").asDouble()).as(jvm + " heap").isGreaterThan(0);
        }
        assertThat(step.at("/params/verdict").asText()).contains("tally-usage lag", "tally-rightsizing lag", "tally-ingest-samples lag");
        if (step.at("/params/sustained").asBoolean()) {
            // a sustained step leads to the soak and the projection, with the arithmetic printed
            assertThat(results).extracting(r -> r.get("benchmark").asText().replaceAll(".*\\.", ""))
                    .contains("highestSustainedRate", "soak", "projection1MContainers");
            JsonNode projection = results.stream().filter(r -> r.get("benchmark").asText().endsWith("projection1MContainers"))
                    .findFirst().orElseThrow();
            assertThat(projection.at("/params/arithmetic2").asText()).startsWith("fleet = 1,000,000 containers × ");
            assertThat(projection.at("/secondaryMetrics/jobsCores/score").asDouble()).isGreaterThan(0);
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("soak: ", "jobs heap after GC", "clickhouse RSS");
        }
    }
}
