package dev.tally.local.fleet;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.tally.local.fleet.FleetTestSupport.DEMO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rendering is fast enough for days of the demo fleet in a test: one simulated day of both
 * clusters, remote_write built, serialized and snappy-compressed as a sender would.
 * Prints the measured rate; the bound is loose on purpose (shared 2-core machines).
 */
class FleetRenderSpeedTest {

    @Test
    void oneSimulatedDayOfTheDemoFleetRendersInWellUnderAMinute() {
        FleetSimulator sim = new FleetSimulator(DEMO);
        Instant from = Instant.parse("2026-01-06T00:00:00Z");
        long[] counts = new long[3];

        long start = System.nanoTime();
        sim.run(from, from.plus(Duration.ofDays(1)), b -> {
            counts[0] += b.sampleCount();
            counts[1] += b.remoteWriteBody().length;
            counts[2]++;
        });
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("fleet: 1 simulated day, %d batches, %d samples, %.1f MB snappy remote_write in %.1f s = %.0f samples/s%n",
                counts[2], counts[0], counts[1] / 1e6, seconds, counts[0] / seconds);
        assertThat(counts[2]).isEqualTo(2 * 2880);
        assertThat(seconds).isLessThan(60);
    }

    @Test
    void otlpMetricsAndLogsRenderAtAUsefulRateToo() {
        FleetSimulator sim = new FleetSimulator(DEMO);
        Instant from = Instant.parse("2026-01-06T12:00:00Z");
        long[] counts = new long[3];

        long start = System.nanoTime();
        sim.run(from, from.plus(Duration.ofHours(1)), b -> {
            counts[0] += b.otlpMetrics().getSerializedSize() > 0 ? b.sampleCount() : 0;
            var logs = b.otlpLogs();
            counts[1] += logs.getResourceLogsList().stream().mapToLong(r -> r.getScopeLogs(0).getLogRecordsCount()).sum();
            counts[2] += logs.getSerializedSize();
        });
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("fleet: 1 simulated hour as OTLP: %d data points and %d log records (%.1f MB) in %.1f s%n",
                counts[0], counts[1], counts[2] / 1e6, seconds);
        assertThat(counts[1]).isPositive();
        assertThat(seconds).isLessThan(60);
    }
}
