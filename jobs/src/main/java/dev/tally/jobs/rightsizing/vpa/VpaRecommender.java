package dev.tally.jobs.rightsizing.vpa;

/**
 * The VPA recommender's estimate for one container: percentiles of its histograms plus the
 * safety margin; the bounds widened by the confidence (upper × (1 + 1/days), lower ×
 * (1 + 0.001/days)^−2, so young histories get wide ranges); never below the pod minimum divided
 * among its containers; memory never below the largest working set seen (KRR #110).
 */
public final class VpaRecommender {
    private final VpaSettings settings;

    public VpaRecommender(VpaSettings settings) {
        this.settings = settings;
    }

    public VpaRecommendation recommend(ContainerHistory history, int containersInPod) {
        double margin = 1 + settings.safetyMargin();
        double days = history.confidenceDays();
        double upperConfidence = days > 0 ? 1 + 1.0 / days : Double.POSITIVE_INFINITY;
        double lowerConfidence = days > 0 ? Math.pow(1 + 0.001 / days, -2) : 0;
        double minCpu = settings.podMinCpuCores() / containersInPod;
        double minMemory = settings.podMinMemoryBytes() / containersInPod;
        DecayingHistogram cpu = history.cpu();
        DecayingHistogram memory = history.memoryPeaks();
        double floorMemory = Math.max(minMemory, history.observedMaxMemoryBytes());

        return new VpaRecommendation(
                Math.max(minCpu, cpu.percentile(settings.targetPercentile()) * margin),
                Math.max(minCpu, cpu.percentile(settings.lowerBoundPercentile()) * margin * lowerConfidence),
                Math.max(minCpu, cpu.percentile(settings.upperBoundPercentile()) * margin * upperConfidence),
                Math.max(floorMemory, memory.percentile(settings.targetPercentile()) * margin),
                Math.max(minMemory, memory.percentile(settings.lowerBoundPercentile()) * margin * lowerConfidence),
                Math.max(floorMemory, memory.percentile(settings.upperBoundPercentile()) * margin * upperConfidence),
                days);
    }
}
