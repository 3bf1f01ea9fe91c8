package dev.tally.jobs.rightsizing;

import dev.tally.common.rightsizing.RightsizingStrategy;
import dev.tally.jobs.rightsizing.prices.ConfiguredPrices;
import dev.tally.jobs.rightsizing.prices.ResourcePrices;
import dev.tally.jobs.rightsizing.vpa.VpaSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * Everything the rightsizing job can be told (docs/rightsizing.md lists the defaults and why).
 *
 * @param topicStrategy          which strategy's recommendation goes to {@code tally.rightsizing.v1}
 *                               (ClickHouse gets both)
 * @param vpa                    the VPA recommender's constants
 * @param simpleCpuPercentile    the simple strategy's CPU percentile (KRR: 95)
 * @param simpleMemoryBuffer     the simple strategy's buffer on the memory peak (KRR: 15%)
 * @param limits                 how limits follow from requests
 * @param minHistory             less history than this is "not enough data" (unless the container is at risk)
 * @param fullConfidenceHistory  history at which confidence reaches 1
 * @param emitEvery              how often (event time) each container's recommendation is computed and written
 * @param forgetAfter            a container not seen for this long is forgotten (VPA: 8 days)
 * @param ownerWait              how long a sample waits for its pod's owner series before it counts under the pod
 * @param maxRateGap             two CPU counter samples further apart than this give no usage sample
 * @param overProvisionedRatio   over-provisioned when a current request ≥ recommended × this
 * @param underProvisionedRatio  under-provisioned when recommended ≥ a current request × this
 * @param throttlingRiskRatio    a risk when this share of CFS periods or more was throttled (kubernetes-mixin's
 *                               CPUThrottlingHigh: 25%)
 * @param oomRiskWindow          an OOM kill this recent or more is a risk
 * @param prices                 what requests cost until the allocation job's prices for the cluster arrive
 * @param outOfOrderness         how far behind the newest sample the watermark stays
 * @param sourceIdleness         after how long a silent input stops holding back event time
 * @param replicaLabels          labels telling HA Prometheus replicas apart; dropped
 */
public record RightsizingSettings(RightsizingStrategy topicStrategy, VpaSettings vpa, double simpleCpuPercentile,
                                  double simpleMemoryBuffer, LimitsPolicy limits, Duration minHistory,
                                  Duration fullConfidenceHistory, Duration emitEvery, Duration forgetAfter,
                                  Duration ownerWait, Duration maxRateGap, double overProvisionedRatio,
                                  double underProvisionedRatio, double throttlingRiskRatio, Duration oomRiskWindow,
                                  ConfiguredPrices prices, Duration outOfOrderness, Duration sourceIdleness,
                                  List<String> replicaLabels) implements Serializable {

    public RightsizingSettings {
        replicaLabels = List.copyOf(replicaLabels);
        if (overProvisionedRatio < 1 || underProvisionedRatio < 1) {
            throw new IllegalArgumentException("status ratios must be at least 1");
        }
        if (emitEvery.isZero() || emitEvery.isNegative()) {
            throw new IllegalArgumentException("emitEvery must be positive: " + emitEvery);
        }
    }

    public static RightsizingSettings defaults() {
        return new RightsizingSettings(RightsizingStrategy.VPA, VpaSettings.defaults(), 0.95, 0.15, LimitsPolicy.defaults(),
                Duration.ofHours(24), Duration.ofDays(7), Duration.ofHours(1), Duration.ofDays(8), Duration.ofMinutes(5),
                Duration.ofMinutes(5), 1.3, 1.1, 0.25, Duration.ofDays(7), ConfiguredPrices.of(ResourcePrices.defaults()),
                Duration.ofMinutes(1), Duration.ofMinutes(1), List.of("prometheus_replica", "replica"));
    }

    public RightsizingSettings withHistory(Duration min, Duration full) {
        return new RightsizingSettings(topicStrategy, vpa, simpleCpuPercentile, simpleMemoryBuffer, limits, min, full,
                emitEvery, forgetAfter, ownerWait, maxRateGap, overProvisionedRatio, underProvisionedRatio,
                throttlingRiskRatio, oomRiskWindow, prices, outOfOrderness, sourceIdleness, replicaLabels);
    }

    public RightsizingSettings withEmitEvery(Duration every) {
        return new RightsizingSettings(topicStrategy, vpa, simpleCpuPercentile, simpleMemoryBuffer, limits, minHistory,
                fullConfidenceHistory, every, forgetAfter, ownerWait, maxRateGap, overProvisionedRatio,
                underProvisionedRatio, throttlingRiskRatio, oomRiskWindow, prices, outOfOrderness, sourceIdleness,
                replicaLabels);
    }

    public RightsizingSettings withSourceIdleness(Duration idleness) {
        return new RightsizingSettings(topicStrategy, vpa, simpleCpuPercentile, simpleMemoryBuffer, limits, minHistory,
                fullConfidenceHistory, emitEvery, forgetAfter, ownerWait, maxRateGap, overProvisionedRatio,
                underProvisionedRatio, throttlingRiskRatio, oomRiskWindow, prices, outOfOrderness, idleness, replicaLabels);
    }

    public RightsizingSettings withPrices(ConfiguredPrices source) {
        return new RightsizingSettings(topicStrategy, vpa, simpleCpuPercentile, simpleMemoryBuffer, limits, minHistory,
                fullConfidenceHistory, emitEvery, forgetAfter, ownerWait, maxRateGap, overProvisionedRatio,
                underProvisionedRatio, throttlingRiskRatio, oomRiskWindow, source, outOfOrderness, sourceIdleness,
                replicaLabels);
    }
}
