package dev.tally.jobs.rightsizing.vpa;

import java.io.Serializable;
import java.time.Instant;

/**
 * One container's usage history as the VPA recommender keeps it: every CPU sample in a decaying
 * histogram, weighted by the container's request; for memory, the peak of each window (a later,
 * higher sample in the same window replaces the window's peak); an OOM kill adds what the
 * container would have needed. This is the rightsizing job's state per container.
 */
public final class ContainerHistory implements Serializable {
    private final VpaSettings settings;
    private final DecayingHistogram cpu;
    private final DecayingHistogram memoryPeaks;
    private long windowStartMillis = Long.MIN_VALUE;
    private double windowPeakBytes;
    private Instant windowPeakTime;
    private long usageWindow = Long.MIN_VALUE;
    private double windowUsagePeakBytes;
    private Instant firstSample;
    private Instant lastSample;
    private long cpuSamples;
    private double observedMaxMemoryBytes;
    private long oomKills;

    public ContainerHistory(VpaSettings settings) {
        this.settings = settings;
        this.cpu = new DecayingHistogram(ExponentialBuckets.cpuCores(), settings.halfLife());
        this.memoryPeaks = new DecayingHistogram(ExponentialBuckets.memoryBytes(), settings.halfLife());
    }

    /** A CPU usage rate (cores, over one scrape interval) at {@code time}. */
    public void addCpu(Instant time, double cores, double requestCores) {
        cpu.add(cores, Math.max(requestCores, settings.minCpuSampleWeight()), time);
        cpuSamples++;
        seen(time);
    }

    /** A working-set sample (bytes) at {@code time}. */
    public void addMemory(Instant time, double bytes) {
        observedMaxMemoryBytes = Math.max(observedMaxMemoryBytes, bytes);
        long window = Math.floorDiv(time.toEpochMilli(), settings.memoryPeakWindow().toMillis());
        if (window != usageWindow) {
            usageWindow = window;
            windowUsagePeakBytes = bytes;
        } else {
            windowUsagePeakBytes = Math.max(windowUsagePeakBytes, bytes);
        }
        addPeak(time, bytes);
        seen(time);
    }

    /**
     * An OOM kill at {@code time}: the container needed more than it had, so the window's peak
     * becomes max(used + 100 MiB, used × 1.2), used being the larger of the memory request and
     * the working-set peak of the current window. Only the kill is needed, no usage sample after it
     * (a container OOM-looping at start-up never reports much usage: VPA #4981). As VPA's
     * {@code ContainerState.RecordOOM}, an earlier kill's bump is not "used": otherwise every kill
     * of an OOM loop would raise the next one (25 kills of a 256 MiB container gave 36 GiB).
     */
    public void addOomKill(Instant time, double memoryRequestBytes) {
        boolean sameWindow = Math.floorDiv(time.toEpochMilli(), settings.memoryPeakWindow().toMillis()) == usageWindow;
        double used = Math.max(memoryRequestBytes, sameWindow ? windowUsagePeakBytes : 0);
        double needed = Math.max(used + settings.oomMinBumpBytes(), used * settings.oomBumpRatio());
        oomKills++;
        addPeak(time, needed);
        seen(time);
    }

    private void addPeak(Instant time, double bytes) {
        long window = Math.floorDiv(time.toEpochMilli(), settings.memoryPeakWindow().toMillis());
        if (window != windowStartMillis) {
            windowStartMillis = window;
            windowPeakBytes = bytes;
            windowPeakTime = time;
            memoryPeaks.add(bytes, 1.0, time);
        } else if (bytes > windowPeakBytes) {
            memoryPeaks.subtract(windowPeakBytes, 1.0, windowPeakTime);
            windowPeakBytes = bytes;
            windowPeakTime = time;
            memoryPeaks.add(bytes, 1.0, time);
        }
    }

    private void seen(Instant time) {
        if (firstSample == null || time.isBefore(firstSample)) {
            firstSample = time;
        }
        if (lastSample == null || time.isAfter(lastSample)) {
            lastSample = time;
        }
    }

    public DecayingHistogram cpu() {
        return cpu;
    }

    public DecayingHistogram memoryPeaks() {
        return memoryPeaks;
    }

    public long cpuSamples() {
        return cpuSamples;
    }

    public long oomKills() {
        return oomKills;
    }

    public double observedMaxMemoryBytes() {
        return observedMaxMemoryBytes;
    }

    /**
     * VPA's confidence: the history's length in days, but no more than its CPU samples / 1440
     * (one a minute is a full day's worth).
     */
    public double confidenceDays() {
        if (firstSample == null) {
            return 0;
        }
        double days = (lastSample.toEpochMilli() - firstSample.toEpochMilli()) / 86_400_000.0;
        return Math.min(days, cpuSamples / 1440.0);
    }

    public int stateBytes() {
        return cpu.stateBytes() + memoryPeaks.stateBytes() + 8 * Long.BYTES;
    }
}
