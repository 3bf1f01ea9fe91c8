package dev.tally.local.fleet.model;

/**
 * How a container uses CPU and memory over time. CPU is a demand in millicores, constant
 * over one scrape interval {@code [t, t+step)} (the container gets at most its CPU limit;
 * the rest is throttled). Memory is the working set at the instant {@code t}.
 *
 * <p>A container whose working set would reach its memory limit is OOM-killed right after the
 * scrape at {@code t} (the model's time resolution is one scrape interval), and restarted by
 * the kubelet after its crash-loop back-off.
 */
public sealed interface UsageShape {

    long PAGE = 4096;
    long SALT_CPU = 0x43505521L;
    long SALT_MEMORY = 0x4D454D21L;
    long SALT_SPIKE = 0x5350494BL;
    long SALT_OOM = 0x4F4F4D21L;

    /** CPU the container would use over {@code [t, t+step)}, in millicores (at least 1). */
    int cpuDemandMillis(ShapeContext c, long t);

    /** Working set at instant {@code t} of a container (re)started at {@code runStart}. */
    long workingSetBytes(ShapeContext c, long t, long runStart);

    /** Whether the container is OOM-killed in {@code (t, t+step)}: by default, when its working set would reach the limit. */
    default boolean oomKilledAfter(ShapeContext c, long t, long runStart, long memoryLimitBytes) {
        return memoryLimitBytes > 0 && workingSetBytes(c, t + c.stepSeconds(), runStart) >= memoryLimitBytes;
    }

    private static int millis(double m) {
        return Math.max(1, (int) Math.round(m));
    }

    private static long pages(double bytes) {
        return Math.max(PAGE, (long) (bytes / PAGE) * PAGE);
    }

    private static double cpuNoise(ShapeContext c, long t, double amplitude) {
        return 1.0 + amplitude * Noise.signed(Noise.hash(c.key(), SALT_CPU, t));
    }

    private static double memoryNoise(ShapeContext c, long t, double amplitude) {
        return 1.0 + amplitude * Noise.signed(Noise.hash(c.key(), SALT_MEMORY, t));
    }

    /** A service with flat load: ±15% CPU jitter, ±2% memory. */
    record Steady(int cpuMillis, long memoryBytes) implements UsageShape {
        @Override
        public int cpuDemandMillis(ShapeContext c, long t) {
            return millis(cpuMillis * cpuNoise(c, t, 0.15));
        }

        @Override
        public long workingSetBytes(ShapeContext c, long t, long runStart) {
            return pages(memoryBytes * memoryNoise(c, t, 0.02));
        }
    }

    /** User-facing load following {@link Traffic}: quiet at night, busy in the afternoon, calmer at weekends. */
    record Diurnal(int cpuNightMillis, int cpuPeakMillis, long memoryNightBytes, long memoryPeakBytes)
            implements UsageShape {
        @Override
        public int cpuDemandMillis(ShapeContext c, long t) {
            double load = Traffic.load(t);
            return millis((cpuNightMillis + (cpuPeakMillis - cpuNightMillis) * load) * cpuNoise(c, t, 0.12));
        }

        @Override
        public long workingSetBytes(ShapeContext c, long t, long runStart) {
            double load = Traffic.load(t);
            return pages((memoryNightBytes + (memoryPeakBytes - memoryNightBytes) * load) * memoryNoise(c, t, 0.02));
        }
    }

    /**
     * Mostly idle, with bursts that each last two minutes (four 30-second scrapes):
     * {@code spikesPerHour} on average, CPU jumps by about {@code cpuSpikeMillis}, memory by 15%.
     */
    record Spiky(int cpuBaseMillis, int cpuSpikeMillis, double spikesPerHour, long memoryBytes)
            implements UsageShape {
        private static final long SPIKE_SECONDS = 120;

        boolean spiking(ShapeContext c, long t) {
            long window = Math.floorDiv(t, SPIKE_SECONDS);
            return Noise.unit(Noise.hash(c.key(), SALT_SPIKE, window)) < spikesPerHour * SPIKE_SECONDS / 3600.0;
        }

        @Override
        public int cpuDemandMillis(ShapeContext c, long t) {
            double base = cpuBaseMillis * cpuNoise(c, t, 0.2);
            if (spiking(c, t)) {
                base += cpuSpikeMillis * (0.7 + 0.3 * Noise.unit(Noise.hash(c.key(), SALT_SPIKE, t)));
            }
            return millis(base);
        }

        @Override
        public long workingSetBytes(ShapeContext c, long t, long runStart) {
            double m = memoryBytes * memoryNoise(c, t, 0.02);
            return pages(spiking(c, t) ? m * 1.15 : m);
        }
    }

    /** Leaks memory linearly from each (re)start until the limit kills it; then starts over. */
    record Leaking(int cpuMillis, long memoryStartBytes, long leakBytesPerHour) implements UsageShape {
        @Override
        public int cpuDemandMillis(ShapeContext c, long t) {
            return millis(cpuMillis * cpuNoise(c, t, 0.1));
        }

        @Override
        public long workingSetBytes(ShapeContext c, long t, long runStart) {
            double grown = memoryStartBytes + (double) leakBytesPerHour * (t - runStart) / 3600.0;
            return pages(grown * memoryNoise(c, t, 0.005));
        }
    }

    /**
     * Under-provisioned: CPU demand follows {@link Traffic} up to {@code cpuPeakMillis}, above
     * its limit at peak (throttled), and the working set sits near the memory limit, so
     * request spikes (about {@code oomKillsPerDay}, unseen between two scrapes) OOM-kill it.
     */
    record Starved(int cpuNightMillis, int cpuPeakMillis, long memoryBytes, double oomKillsPerDay)
            implements UsageShape {
        @Override
        public int cpuDemandMillis(ShapeContext c, long t) {
            double load = Traffic.load(t);
            return millis((cpuNightMillis + (cpuPeakMillis - cpuNightMillis) * load) * cpuNoise(c, t, 0.1));
        }

        @Override
        public long workingSetBytes(ShapeContext c, long t, long runStart) {
            return pages(memoryBytes * memoryNoise(c, t, 0.03));
        }

        @Override
        public boolean oomKilledAfter(ShapeContext c, long t, long runStart, long memoryLimitBytes) {
            double perInterval = oomKillsPerDay * c.stepSeconds() / 86_400.0;
            return UsageShape.super.oomKilledAfter(c, t, runStart, memoryLimitBytes)
                    || Noise.unit(Noise.hash(c.key(), SALT_OOM, t)) < perInterval;
        }
    }

    /** A batch job: busy from start to finish; memory ramps up over its first two minutes. */
    record Batch(int cpuMillis, long memoryBytes) implements UsageShape {
        @Override
        public int cpuDemandMillis(ShapeContext c, long t) {
            return millis(cpuMillis * cpuNoise(c, t, 0.15));
        }

        @Override
        public long workingSetBytes(ShapeContext c, long t, long runStart) {
            double ramp = Math.min(1.0, 0.3 + (t - runStart) / 120.0);
            return pages(memoryBytes * ramp * memoryNoise(c, t, 0.02));
        }
    }
}
