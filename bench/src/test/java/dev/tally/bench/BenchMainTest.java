package dev.tally.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./tally bench FILTER} picks end-to-end benchmarks as JMH picks its own: regular expressions found in the class name. */
class BenchMainTest {
    private static final String GATEWAY = "dev.tally.bench.gateway.GatewayThroughputBenchmark";
    private static final String USAGE = "dev.tally.bench.usage.UsageJobThroughputBenchmark";
    private static final String ALLOCATION = "dev.tally.bench.allocation.AllocationJobThroughputBenchmark";
    private static final String E2E = "dev.tally.bench.e2e.PipelineE2eBenchmark";

    @Test
    void aFilterSelectsTheBenchmarksWhoseNameContainsIt() {
        assertThat(BenchMain.endToEnd()).extracting(b -> b.name()).containsExactly(GATEWAY, USAGE, ALLOCATION, E2E);
        assertThat(BenchMain.matches(E2E, List.of("e2e"), List.of())).isTrue();
        assertThat(BenchMain.matches(GATEWAY, List.of("e2e"), List.of())).isFalse();
        assertThat(BenchMain.matches(GATEWAY, List.of("Gateway"), List.of())).isTrue();
        assertThat(BenchMain.matches(USAGE, List.of("Gateway"), List.of())).isFalse();
        assertThat(BenchMain.matches(USAGE, List.of("Gateway", "Usage.*Throughput"), List.of())).isTrue();
        assertThat(BenchMain.matches(ALLOCATION, List.of("AllocationJob"), List.of())).isTrue();
        assertThat(BenchMain.matches(USAGE, List.of("AllocationJob"), List.of())).isFalse();
    }

    @Test
    void noFilterSelectsAllAndAnExclusionWins() {
        assertThat(BenchMain.matches(GATEWAY, List.of(), List.of())).isTrue();
        assertThat(BenchMain.matches(GATEWAY, List.of(), List.of("Gateway"))).isFalse();
    }

    @Test
    void doubleDashOptionsAreTheEndToEndBenchmarksParametersAndTheRestGoesToJmh() {
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
        String[] jmh = BenchMain.longOptions(new String[] {"e2e", "--step-seconds", "30", "-wi", "1", "--max-rate=40000",
                "--soak-minutes", "0.5", "-p", "clusters=3"}, params);
        assertThat(jmh).containsExactly("e2e", "-wi", "1", "-p", "clusters=3");
        assertThat(params).containsExactly(java.util.Map.entry("stepSeconds", "30"), java.util.Map.entry("maxRate", "40000"),
                java.util.Map.entry("soakMinutes", "0.5"));
    }
}
