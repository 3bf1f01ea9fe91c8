package dev.tally.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./tally bench FILTER} picks end-to-end benchmarks as JMH picks its own: regular expressions found in the class name. */
class BenchMainTest {
    private static final String GATEWAY = "dev.tally.bench.gateway.GatewayThroughputBenchmark";
    private static final String USAGE = "dev.tally.bench.usage.UsageJobThroughputBenchmark";
    private static final String ALLOCATION = "dev.tally.bench.allocation.AllocationJobThroughputBenchmark";

    @Test
    void aFilterSelectsTheBenchmarksWhoseNameContainsIt() {
        assertThat(BenchMain.endToEnd()).extracting(b -> b.name()).containsExactly(GATEWAY, USAGE, ALLOCATION);
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
}
