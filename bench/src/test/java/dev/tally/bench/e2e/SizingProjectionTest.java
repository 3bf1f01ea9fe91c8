package dev.tally.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SizingProjectionTest {

    /** 5.5 series per container every 30 s; measured at 40,000 samples/s. */
    private static final SizingProjection PROJECTION = new SizingProjection(1_000_000, 200, 5.5, 30, 40_000, List.of(
            new SizingProjection.Measured("gateway", 0.2, 300),
            new SizingProjection.Measured("jobs", 1.0, 1_200)));

    @Test
    void theFleetsRateIsContainersTimesSeriesOverTheScrapeInterval() {
        assertThat(PROJECTION.samplesPerContainerPerSecond()).isCloseTo(5.5 / 30, within(1e-12));
        assertThat(PROJECTION.fleetSamplesPerSecond()).isCloseTo(183_333.33, within(0.01));
        assertThat(PROJECTION.scale()).isCloseTo(4.5833, within(1e-4));
    }

    @Test
    void coresAndMemoryScaleWithTheRate() {
        List<SizingProjection.Projected> projected = PROJECTION.projected();
        // the jobs: 1 core for 40,000 samples/s is 25 µs a sample; × 183,333 samples/s = 4.58 cores
        assertThat(projected.get(1).cpuMicrosecondsPerSample()).isCloseTo(25, within(1e-9));
        assertThat(projected.get(1).cores()).isCloseTo(4.5833, within(1e-4));
        assertThat(projected.get(1).memoryMb()).isCloseTo(5_500, within(1e-6));
        assertThat(projected.get(0).cores()).isCloseTo(0.9167, within(1e-4));
        assertThat(projected.get(0).memoryMb()).isCloseTo(1_375, within(1e-6));
    }

    @Test
    void theArithmeticIsPrintedStepByStep() {
        assertThat(PROJECTION.lines()).containsExactly(
                "samples/s per container = 5.50 series / 30 s scrape interval = 0.1833",
                "fleet = 1,000,000 containers × 0.1833 = 183,333 samples/s (917 per cluster of 200)",
                "scale = 183,333 / 40,000 measured samples/s = 4.6×",
                "gateway    cores 0.200 × 4.6 = 0.9 (5.00 µs CPU per sample); memory 300 MB × 4.6 = 1,375 MB",
                "jobs       cores 1.000 × 4.6 = 4.6 (25.00 µs CPU per sample); memory 1,200 MB × 4.6 = 5,500 MB",
                "total      5.5 cores, 6,875 MB");
    }
}
