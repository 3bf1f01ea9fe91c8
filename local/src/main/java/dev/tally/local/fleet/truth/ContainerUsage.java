package dev.tally.local.fleet.truth;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What one container really did in one hour, from the model (never from the rendered metrics).
 *
 * <p>Interval quantities count the intervals {@code [t, t + step)} whose start {@code t} lies in
 * the hour: CPU used, CFS periods, OOM kills and restarts (counted when the new run starts).
 * The CPU counter samples at {@code H} and {@code H + 1h} bracket exactly the hour's CPU:
 * {@code counter(H+1h) - counter(H)} (plus the restarted runs' counts) equals {@link #cpuUsageNanos()}.
 *
 * <p>Instant quantities count the scrapes at ticks {@code t} in the hour: {@code runningSamples}
 * (a run was up and reported by cAdvisor), the working set sum and max over those samples, and
 * {@code podRunningSamples} (the pod was in phase Running, i.e. its requests were reserved).
 *
 * @param cpuUsageNanos CPU used, in core-nanoseconds (exact integer; 1e9 per core-second)
 */
public record ContainerUsage(String workloadKind, String workloadName, String node,
                             int cpuRequestMillis, int cpuLimitMillis, long memoryRequestBytes, long memoryLimitBytes,
                             long cpuUsageNanos, long runningSamples, long podRunningSamples,
                             long memoryWorkingSetSumBytes, long memoryWorkingSetMaxBytes,
                             long oomKills, long restarts, long cfsPeriods, long cfsThrottledPeriods) {

    /** CPU used in core-seconds, exact. */
    public BigDecimal cpuCoreSeconds() {
        return BigDecimal.valueOf(cpuUsageNanos, 9);
    }

    /** Mean working set over the hour's samples where the container ran (0 if it never ran). */
    public BigDecimal memoryWorkingSetAverageBytes() {
        if (runningSamples == 0) {
            return BigDecimal.ZERO;
        }
        return BigDecimal.valueOf(memoryWorkingSetSumBytes).divide(BigDecimal.valueOf(runningSamples), 3,
                RoundingMode.HALF_EVEN);
    }
}
