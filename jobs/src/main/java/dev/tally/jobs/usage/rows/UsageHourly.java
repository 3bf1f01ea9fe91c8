package dev.tally.jobs.usage.rows;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A row of {@code usage_hourly}: one container of one pod (uid) in one UTC hour. Quantities
 * over time are kept in exact seconds (core-seconds, byte-seconds); the views add hours.
 *
 * @param cpuUsageNanos            CPU used, core-nanoseconds (counter increases, resets and restarts handled)
 * @param cpuRequestCoreSeconds    request (cores) × seconds the pod was Running, exact
 * @param podRunningSeconds        seconds the pod was Running (its requests reserved)
 * @param memorySamples            working-set samples in the hour (instants the container ran)
 * @param samples                  samples of this container's series in the hour (kube-state-metrics and cAdvisor)
 * @param version                  deterministic: grows with the samples the hour was computed from
 */
public record UsageHourly(Instant hour, String cluster, String namespace, String pod, String podUid, String container,
                          String node, String workloadKind, String workloadName,
                          BigDecimal cpuRequestCoreSeconds, BigDecimal cpuLimitCoreSeconds,
                          BigDecimal memoryRequestByteSeconds, BigDecimal memoryLimitByteSeconds,
                          BigDecimal podRunningSeconds, long cpuUsageNanos,
                          long cpuCfsPeriods, long cpuCfsThrottledPeriods,
                          double memoryWorkingSetAvgBytes, double memoryWorkingSetMaxBytes, long memorySamples,
                          long oomKills, long restarts, long samples, long version) implements Serializable {

    public BigDecimal cpuUsageCoreSeconds() {
        return BigDecimal.valueOf(cpuUsageNanos, 9);
    }
}
