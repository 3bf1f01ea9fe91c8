package dev.tally.common.rightsizing;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The latest recommendation for one container of a workload: the record of
 * {@code tally.rightsizing.v1} (compacted, keyed by {@link ContainerRef}; see
 * {@link RightsizingJson}) and a row of {@code rightsizing_recommendations}.
 *
 * @param container              which container, across the workload's replicas
 * @param computedAt             the event time the recommendation was computed for
 * @param status                 over-provisioned, under-provisioned, ok or not-enough-data
 * @param riskReasons            why the current settings are a risk; empty when none
 * @param current                requests and limits as deployed (kube-state-metrics)
 * @param recommended            what to set; all null when the status is not-enough-data
 * @param cpuTargetPercentile    the percentile of CPU usage the recommendation aims at (0.9 = P90)
 * @param cpuTargetCores         that percentile of the observed usage, before any margin
 * @param memoryTargetPercentile the percentile of memory peaks aimed at
 * @param memoryTargetBytes      that percentile of the observed peaks, before any margin
 * @param memoryPeakBytes        the largest working set seen: memory is never recommended below it
 * @param oomKills               OOM kills seen during the history, all replicas
 * @param cpuThrottledRatio      share of CFS periods throttled over the history, null when unknown
 * @param confidence             0 to 1: how much of the history the strategy wants it has
 * @param historyHours           hours between the first and the last sample
 * @param samples                usage samples the recommendation rests on
 * @param replicas               pods of the workload running this container when computed; the
 *                               monthly amounts are for all of them
 * @param monthlyCostCurrent     the current requests' cost for a month (730 h) of all replicas
 * @param monthlyCostRecommended the recommended requests' cost for a month
 * @param monthlySavings         current − recommended: positive saves money, negative costs more
 * @param currency               ISO 4217 code of the three amounts
 * @param strategy               which method computed it
 * @param priceSource            which prices the amounts are at: the workload's allocated price, its
 *                               cluster's, or the configured fallback (absent on the wire: configured)
 */
public record RightsizingRecommendation(
        ContainerRef container,
        Instant computedAt,
        RightsizingStatus status,
        List<RiskReason> riskReasons,
        ResourceSettings current,
        ResourceSettings recommended,
        double cpuTargetPercentile,
        Double cpuTargetCores,
        double memoryTargetPercentile,
        Long memoryTargetBytes,
        Long memoryPeakBytes,
        long oomKills,
        Double cpuThrottledRatio,
        double confidence,
        double historyHours,
        long samples,
        int replicas,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal monthlyCostCurrent,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal monthlyCostRecommended,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal monthlySavings,
        String currency,
        RightsizingStrategy strategy,
        PriceSource priceSource) implements Serializable {

    public RightsizingRecommendation {
        Objects.requireNonNull(container, "container");
        Objects.requireNonNull(computedAt, "computedAt");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(monthlyCostCurrent, "monthlyCostCurrent");
        Objects.requireNonNull(monthlyCostRecommended, "monthlyCostRecommended");
        Objects.requireNonNull(monthlySavings, "monthlySavings");
        priceSource = priceSource == null ? PriceSource.CONFIGURED : priceSource;
        riskReasons = riskReasons == null ? List.of() : List.copyOf(riskReasons);
        current = current == null ? ResourceSettings.none() : current;
        recommended = recommended == null ? ResourceSettings.none() : recommended;
    }

    /** True when at least one risk reason is present. */
    public boolean risky() {
        return !riskReasons.isEmpty();
    }
}
