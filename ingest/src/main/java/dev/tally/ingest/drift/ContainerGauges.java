package dev.tally.ingest.drift;

import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.ResourceSettings;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.rightsizing.RightsizingStatus;
import dev.tally.common.rightsizing.RiskReason;
import java.math.BigDecimal;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The numbers one recommendation puts on {@code /metrics}; null where a gauge has no value (no
 * series then). Gauges are doubles: the exact decimals stay in the topic and ClickHouse.
 *
 * @param cpuDriftRatio     current CPU request / recommended; null without both, or with a recommendation of 0
 * @param memoryDriftRatio  current memory request / recommended, likewise
 * @param monthlySavings    current − recommended monthly cost; null while there is not enough data
 * @param riskReasons       one {@code tally_rightsizing_risk} series (value 1) per distinct reason
 * @param cpuThrottledRatio share of CFS periods throttled, when known
 */
public record ContainerGauges(ContainerRef container,
                              Double cpuDriftRatio, Double memoryDriftRatio,
                              Double cpuRequestCores, Double recommendedCpuRequestCores,
                              Long memoryRequestBytes, Long recommendedMemoryRequestBytes,
                              BigDecimal monthlySavings, String currency,
                              List<RiskReason> riskReasons, Double cpuThrottledRatio) {

    public static ContainerGauges of(RightsizingRecommendation r) {
        ResourceSettings now = r.current();
        ResourceSettings to = r.recommended();
        boolean enoughData = r.status() != RightsizingStatus.NOT_ENOUGH_DATA;
        return new ContainerGauges(r.container(),
                ratio(now.cpuRequestCores(), to.cpuRequestCores()),
                ratio(now.memoryRequestBytes() == null ? null : now.memoryRequestBytes().doubleValue(),
                        to.memoryRequestBytes() == null ? null : to.memoryRequestBytes().doubleValue()),
                now.cpuRequestCores(), to.cpuRequestCores(), now.memoryRequestBytes(), to.memoryRequestBytes(),
                enoughData ? r.monthlySavings() : null, r.currency(),
                // reasons a newer writer adds all read as OTHER: once each, or the series would repeat
                List.copyOf(new LinkedHashSet<>(r.riskReasons())), r.cpuThrottledRatio());
    }

    private static Double ratio(Double current, Double recommended) {
        if (current == null || recommended == null || recommended <= 0) {
            return null;
        }
        return current / recommended;
    }
}
