package dev.tally.local.fleet.truth;

import java.util.Arrays;

/**
 * What one container of a workload really used, over all its pods, at scrape resolution: the
 * CPU of every interval it ran (cores: core-nanoseconds over the seconds it ran), the working set
 * at every tick it ran, its OOM kills, and the first tick it existed at. The answer key for
 * rightsizing: real percentiles, real peaks.
 */
public final class WorkloadUsage {
    private final double[] cpuCoresSorted;
    private final long[] workingSetBytesSorted;
    private final long oomKills;
    private final long firstSeenEpochSecond;
    private final int cpuRequestMillis;
    private final long memoryRequestBytes;

    WorkloadUsage(double[] cpuCores, long[] workingSetBytes, long oomKills, long firstSeenEpochSecond,
                  int cpuRequestMillis, long memoryRequestBytes) {
        this.cpuCoresSorted = cpuCores.clone();
        Arrays.sort(this.cpuCoresSorted);
        this.workingSetBytesSorted = workingSetBytes.clone();
        Arrays.sort(this.workingSetBytesSorted);
        this.oomKills = oomKills;
        this.firstSeenEpochSecond = firstSeenEpochSecond;
        this.cpuRequestMillis = cpuRequestMillis;
        this.memoryRequestBytes = memoryRequestBytes;
    }

    /** The nearest-rank {@code p}-th percentile (0 < p ≤ 1) of the intervals' CPU, in cores; NaN without any. */
    public double cpuPercentileCores(double p) {
        return percentile(cpuCoresSorted.length, i -> cpuCoresSorted[i], p);
    }

    /** The nearest-rank percentile of the working-set samples, in bytes; NaN without any. */
    public double workingSetPercentileBytes(double p) {
        return percentile(workingSetBytesSorted.length, i -> workingSetBytesSorted[i], p);
    }

    public long workingSetMaxBytes() {
        return workingSetBytesSorted.length == 0 ? 0 : workingSetBytesSorted[workingSetBytesSorted.length - 1];
    }

    public int cpuIntervals() {
        return cpuCoresSorted.length;
    }

    public int workingSetSamples() {
        return workingSetBytesSorted.length;
    }

    public long oomKills() {
        return oomKills;
    }

    /** The first tick (epoch second) a pod of the workload had this container. */
    public long firstSeenEpochSecond() {
        return firstSeenEpochSecond;
    }

    /** The request as the API server stores it (a limit without a request defaults it). */
    public int cpuRequestMillis() {
        return cpuRequestMillis;
    }

    public long memoryRequestBytes() {
        return memoryRequestBytes;
    }

    private static double percentile(int n, java.util.function.IntToDoubleFunction at, double p) {
        if (n == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * n);
        return at.applyAsDouble(Math.max(0, Math.min(n - 1, rank - 1)));
    }

    /** Mutable while the model is stepped. */
    static final class Builder {
        private double[] cpu = new double[64];
        private int cpuSize;
        private long[] memory = new long[64];
        private int memorySize;
        private long oomKills;
        private long firstSeen = Long.MAX_VALUE;
        private final int cpuRequestMillis;
        private final long memoryRequestBytes;

        Builder(int cpuRequestMillis, long memoryRequestBytes) {
            this.cpuRequestMillis = cpuRequestMillis;
            this.memoryRequestBytes = memoryRequestBytes;
        }

        void seen(long t) {
            firstSeen = Math.min(firstSeen, t);
        }

        void cpu(double cores) {
            if (cpuSize == cpu.length) {
                cpu = Arrays.copyOf(cpu, cpuSize * 2);
            }
            cpu[cpuSize++] = cores;
        }

        void workingSet(long bytes) {
            if (memorySize == memory.length) {
                memory = Arrays.copyOf(memory, memorySize * 2);
            }
            memory[memorySize++] = bytes;
        }

        void oomKills(long n) {
            oomKills += n;
        }

        WorkloadUsage freeze() {
            return new WorkloadUsage(Arrays.copyOf(cpu, cpuSize), Arrays.copyOf(memory, memorySize), oomKills, firstSeen,
                    cpuRequestMillis, memoryRequestBytes);
        }
    }
}
