package dev.tally.jobs.rightsizing.vpa;

import java.time.Instant;

/**
 * The simple strategy of robusta KRR: CPU request = the 95th percentile of CPU usage over the
 * history, no CPU limit; memory request and limit = the largest working set seen plus 15%. No
 * decay, no weights: every sample counts the same. Percentiles come from VPA's buckets (within 5%).
 */
public final class SimplePercentileStrategy implements java.io.Serializable {
    private final double cpuPercentile;
    private final double memoryBuffer;
    private final DecayingHistogram cpu = DecayingHistogram.withoutDecay(ExponentialBuckets.cpuCores());
    private double maxMemoryBytes;

    public SimplePercentileStrategy(double cpuPercentile, double memoryBuffer) {
        this.cpuPercentile = cpuPercentile;
        this.memoryBuffer = memoryBuffer;
    }

    public static SimplePercentileStrategy defaults() {
        return new SimplePercentileStrategy(0.95, 0.15);
    }

    public void addCpu(Instant time, double cores) {
        cpu.add(cores, 1.0, time);
    }

    public void addMemory(double bytes) {
        maxMemoryBytes = Math.max(maxMemoryBytes, bytes);
    }

    public double cpuRequestCores() {
        return cpu.percentile(cpuPercentile);
    }

    public double memoryRequestBytes() {
        return maxMemoryBytes * (1 + memoryBuffer);
    }
}
