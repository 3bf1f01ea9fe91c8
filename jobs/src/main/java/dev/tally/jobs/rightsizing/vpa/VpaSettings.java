package dev.tally.jobs.rightsizing.vpa;

import java.io.Serializable;
import java.time.Duration;

/**
 * The constants of the VPA recommender (kubernetes/autoscaler, vertical-pod-autoscaler,
 * {@code pkg/recommender/logic/recommender.go} and {@code model/aggregate_container_state.go},
 * 2026 defaults), each overridable.
 *
 * @param targetPercentile      90th percentile of CPU samples and of memory peaks
 * @param lowerBoundPercentile  50th
 * @param upperBoundPercentile  95th
 * @param safetyMargin          15% on top of every estimate
 * @param halfLife              samples lose half their weight in 24 h
 * @param memoryPeakWindow      memory counts one peak per 24 h window
 * @param minCpuSampleWeight    a CPU sample weighs max(request in cores, 0.1)
 * @param podMinCpuCores        0.025 cores per pod, divided among its containers
 * @param podMinMemoryBytes     250 MiB per pod, divided among its containers
 * @param oomMinBumpBytes       after an OOM kill memory needs at least used + 100 MiB …
 * @param oomBumpRatio          … and at least used × 1.2
 */
public record VpaSettings(double targetPercentile, double lowerBoundPercentile, double upperBoundPercentile,
                          double safetyMargin, Duration halfLife, Duration memoryPeakWindow, double minCpuSampleWeight,
                          double podMinCpuCores, double podMinMemoryBytes, double oomMinBumpBytes, double oomBumpRatio)
        implements Serializable {

    public static VpaSettings defaults() {
        return new VpaSettings(0.9, 0.5, 0.95, 0.15, Duration.ofHours(24), Duration.ofHours(24), 0.1,
                0.025, 250.0 * 1024 * 1024, 100.0 * 1024 * 1024, 1.2);
    }
}
