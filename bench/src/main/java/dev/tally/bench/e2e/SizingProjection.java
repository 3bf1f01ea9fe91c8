package dev.tally.bench.e2e;

import java.util.ArrayList;
import java.util.List;

/**
 * Scales the measured figures to a fleet (docs/operations.md, "Sizing"): the fleet's samples/s from
 * its containers, the series each container brings and the scrape interval; each component's
 * cores and memory linearly from what it used per sample at the measured rate. Linear memory is
 * pessimistic for fixed overheads (a JVM's base, Kafka's page cache is not in RSS) and is what the
 * brief asks; {@link #lines()} prints every step of the arithmetic.
 *
 * @param containers                  containers in the projected fleet (1,000,000)
 * @param clusters                    clusters in it (200)
 * @param samplesPerContainerPerScrape series per container in the measured fleet: samples per scrape / containers
 * @param scrapeIntervalSeconds       the fleet's scrape interval
 * @param measuredSamplesPerSecond    the rate the components were measured at
 * @param components                  what each used at that rate
 */
public record SizingProjection(long containers, int clusters, double samplesPerContainerPerScrape,
                               double scrapeIntervalSeconds, double measuredSamplesPerSecond, List<Measured> components) {

    /** One component at the measured rate: cores busy (CPU seconds per second) and resident memory. */
    public record Measured(String component, double cores, double rssMb) {
    }

    /** The projection for one component. */
    public record Projected(String component, double cpuMicrosecondsPerSample, double cores, double memoryMb) {
    }

    public double samplesPerContainerPerSecond() {
        return samplesPerContainerPerScrape / scrapeIntervalSeconds;
    }

    public double fleetSamplesPerSecond() {
        return containers * samplesPerContainerPerSecond();
    }

    public double scale() {
        return fleetSamplesPerSecond() / measuredSamplesPerSecond;
    }

    public List<Projected> projected() {
        return components.stream().map(c -> new Projected(c.component(), c.cores() / measuredSamplesPerSecond * 1e6,
                c.cores() * scale(), c.rssMb() * scale())).toList();
    }

    /** The arithmetic, one line each, for a person to check and paste. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add(String.format("samples/s per container = %.2f series / %.0f s scrape interval = %.4f", samplesPerContainerPerScrape,
                scrapeIntervalSeconds, samplesPerContainerPerSecond()));
        out.add(String.format("fleet = %,d containers × %.4f = %,.0f samples/s (%,.0f per cluster of %d)", containers,
                samplesPerContainerPerSecond(), fleetSamplesPerSecond(), fleetSamplesPerSecond() / clusters, clusters));
        out.add(String.format("scale = %,.0f / %,.0f measured samples/s = %.1f×", fleetSamplesPerSecond(), measuredSamplesPerSecond, scale()));
        List<Projected> projected = projected();
        double totalCores = 0;
        double totalMb = 0;
        for (int i = 0; i < components.size(); i++) {
            Measured m = components.get(i);
            Projected p = projected.get(i);
            totalCores += p.cores();
            totalMb += p.memoryMb();
            out.add(String.format("%-10s cores %.3f × %.1f = %.1f (%.2f µs CPU per sample); memory %,.0f MB × %.1f = %,.0f MB",
                    m.component(), m.cores(), scale(), p.cores(), p.cpuMicrosecondsPerSample(), m.rssMb(), scale(), p.memoryMb()));
        }
        out.add(String.format("total      %.1f cores, %,.0f MB", totalCores, totalMb));
        return out;
    }
}
