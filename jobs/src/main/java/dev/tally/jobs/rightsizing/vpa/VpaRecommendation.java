package dev.tally.jobs.rightsizing.vpa;

/** Requests for one container: the target and the range VPA would accept without acting. */
public record VpaRecommendation(double targetCpuCores, double lowerCpuCores, double upperCpuCores,
                                double targetMemoryBytes, double lowerMemoryBytes, double upperMemoryBytes,
                                double confidenceDays) {
}
