package dev.tally.jobs.rightsizing.recommend;

import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.PriceSource;
import dev.tally.common.rightsizing.ResourceSettings;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.rightsizing.RightsizingStatus;
import dev.tally.common.rightsizing.RightsizingStrategy;
import dev.tally.common.rightsizing.RiskReason;
import dev.tally.jobs.rightsizing.LimitsPolicy;
import dev.tally.jobs.rightsizing.RightsizingSettings;
import dev.tally.jobs.rightsizing.prices.ContainerPrices;
import dev.tally.jobs.rightsizing.prices.ResourcePrices;
import dev.tally.jobs.rightsizing.vpa.DecayingHistogram;
import dev.tally.jobs.rightsizing.vpa.VpaRecommendation;
import dev.tally.jobs.rightsizing.vpa.VpaRecommender;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's recommendation from its {@link ContainerState} (docs/rightsizing.md, "Statuses",
 * "Money"):
 * <ul>
 *   <li>requests from the strategy; CPU × (1 + throttled share) when throttled beyond the risk
 *       ratio (usage under a limit hides demand); memory never below the largest working set,
 *       nor below what the OOM kills showed the container needs (max(used + 100 MiB, used × 1.2));
 *       a container without CPU samples keeps its CPU request; CPU rounded up to whole
 *       millicores, memory to whole MiB; limits from the {@link LimitsPolicy};</li>
 *   <li>risk reasons: an OOM kill within the risk window; throttling at or above the risk
 *       ratio; a request the recommendation exceeds by the under-provisioned ratio (or no request);
 *       a memory request below the largest working set;</li>
 *   <li>status: not-enough-data below the minimum history unless at risk (an OOM-looping container
 *       never reports much usage but must get more memory: VPA #4981); under-provisioned with any
 *       risk; over-provisioned when a request is at least the over-provisioned ratio × the
 *       recommendation; ok otherwise;</li>
 *   <li>money: requests × prices (the workload's allocated ones, else its cluster's, else configured) × 730 h × replicas (pods that ran in the last interval), exact
 *       decimals rounded to 10 places; savings = current − recommended (0 without a recommendation).</li>
 * </ul>
 */
public final class RecommendationRules {
    /** Hours in a month: 8760 / 12. */
    public static final BigDecimal HOURS_PER_MONTH = BigDecimal.valueOf(730);
    private static final BigDecimal GIB = BigDecimal.valueOf(1L << 30);
    private static final double MIB = 1024.0 * 1024;
    private static final int MONEY_SCALE = 10;

    private RecommendationRules() {
    }

    /** At the configured prices. */
    public static RightsizingRecommendation recommend(ContainerRef ref, long computedAtMillis, ContainerState st,
                                                      RightsizingStrategy strategy, RightsizingSettings settings) {
        return recommend(ref, computedAtMillis, st, strategy, settings,
                new ContainerPrices(settings.prices().pricesFor(ref), PriceSource.CONFIGURED));
    }

    public static RightsizingRecommendation recommend(ContainerRef ref, long computedAtMillis, ContainerState st,
                                                      RightsizingStrategy strategy, RightsizingSettings settings,
                                                      ContainerPrices containerPrices) {
        double historyHours = st.firstUsageMillis <= st.lastUsageMillis
                ? (st.lastUsageMillis - st.firstUsageMillis) / 3_600_000.0 : 0;
        int replicas = Math.max(1, st.replicasWithUsageSince(computedAtMillis - settings.emitEvery().toMillis()));
        ContainerState.Replica latest = st.latestReplica();
        ResourceSettings current = latest == null ? ResourceSettings.none() : new ResourceSettings(
                orNull(latest.cpuRequestCores), orNull(latest.cpuLimitCores),
                bytesOrNull(latest.memoryRequestBytes), bytesOrNull(latest.memoryLimitBytes));
        Double throttled = st.cfsPeriods > 0 ? (double) st.cfsThrottledPeriods / st.cfsPeriods : null;
        double observedPeak = st.vpa.observedMaxMemoryBytes();

        List<RiskReason> reasons = new ArrayList<>();
        if (st.oomKills > 0 && st.lastOomMillis >= computedAtMillis - settings.oomRiskWindow().toMillis()) {
            reasons.add(RiskReason.OOM_KILLS);
        }
        boolean throttling = throttled != null && throttled >= settings.throttlingRiskRatio();
        if (throttling) {
            reasons.add(RiskReason.CPU_THROTTLING);
        }

        double cpuTargetPercentile;
        Double cpuTarget;
        double memoryTargetPercentile;
        Long memoryTarget;
        double cpuCores;
        double memoryBytes;
        double confidence;
        double fullDays = settings.fullConfidenceHistory().toMillis() / 86_400_000.0;
        if (strategy == RightsizingStrategy.VPA) {
            VpaRecommendation vpa = new VpaRecommender(settings.vpa()).recommend(st.vpa, st.containersInPod);
            cpuTargetPercentile = settings.vpa().targetPercentile();
            memoryTargetPercentile = settings.vpa().targetPercentile();
            cpuTarget = percentileOrNull(st.vpa.cpu(), cpuTargetPercentile);
            Double peaks = percentileOrNull(st.vpa.memoryPeaks(), memoryTargetPercentile);
            memoryTarget = peaks == null ? null : (long) Math.ceil(peaks);
            cpuCores = vpa.targetCpuCores();
            memoryBytes = vpa.targetMemoryBytes();
            confidence = Math.min(1, vpa.confidenceDays() / fullDays);
        } else {
            cpuTargetPercentile = settings.simpleCpuPercentile();
            memoryTargetPercentile = 1.0;
            cpuCores = st.simple.cpuRequestCores();
            cpuTarget = st.vpa.cpuSamples() == 0 ? null : cpuCores;
            memoryTarget = observedPeak > 0 ? (long) observedPeak : null;
            memoryBytes = st.simple.memoryRequestBytes();
            confidence = Math.min(1, historyHours / 24 / fullDays);
        }
        if (st.vpa.cpuSamples() == 0) {
            cpuCores = current.cpuRequestCores() == null ? 0 : current.cpuRequestCores();
        } else if (throttling) {
            cpuCores *= 1 + throttled;
        }
        memoryBytes = Math.max(memoryBytes, Math.max(observedPeak, st.oomNeededBytes));
        double cpuRecommended = Math.ceil(cpuCores * 1000 - 1e-9) / 1000;
        long memoryRecommended = (long) (Math.ceil(memoryBytes / MIB - 1e-9) * MIB);
        LimitsPolicy limits = settings.limits();
        ResourceSettings recommended = new ResourceSettings(cpuRecommended,
                limits.cpuLimitToRequest() == null ? null : Math.ceil(cpuRecommended * limits.cpuLimitToRequest() * 1000) / 1000,
                memoryRecommended,
                limits.memoryLimitToRequest() == null ? null
                        : (long) (Math.ceil(memoryRecommended * limits.memoryLimitToRequest() / MIB) * MIB));

        Double cpuNow = current.cpuRequestCores();
        Long memoryNow = current.memoryRequestBytes();
        if (st.vpa.cpuSamples() > 0 && (cpuNow == null || cpuRecommended >= cpuNow * settings.underProvisionedRatio())) {
            reasons.add(RiskReason.CPU_REQUEST_TOO_LOW);
        }
        if (memoryNow == null || memoryRecommended >= memoryNow * settings.underProvisionedRatio() || memoryNow < observedPeak) {
            reasons.add(RiskReason.MEMORY_REQUEST_TOO_LOW);
        }
        boolean over = cpuNow != null && cpuNow >= cpuRecommended * settings.overProvisionedRatio()
                || memoryNow != null && memoryNow >= memoryRecommended * settings.overProvisionedRatio();
        boolean enough = historyHours * 3_600_000 >= settings.minHistory().toMillis();
        boolean atRisk = reasons.contains(RiskReason.OOM_KILLS) || reasons.contains(RiskReason.CPU_THROTTLING);

        ResourcePrices prices = containerPrices.prices();
        BigDecimal costNow = monthly(cpuNow, memoryNow, replicas, prices);
        RightsizingStatus status;
        if (!enough && !atRisk) {
            status = RightsizingStatus.NOT_ENOUGH_DATA;
            reasons.clear();
            recommended = ResourceSettings.none();
        } else if (!reasons.isEmpty()) {
            status = RightsizingStatus.UNDER_PROVISIONED;
        } else if (over) {
            status = RightsizingStatus.OVER_PROVISIONED;
        } else {
            status = RightsizingStatus.OK;
        }
        BigDecimal costRecommended = status == RightsizingStatus.NOT_ENOUGH_DATA ? costNow
                : monthly(recommended.cpuRequestCores(), recommended.memoryRequestBytes(), replicas, prices);
        return new RightsizingRecommendation(ref, Instant.ofEpochMilli(computedAtMillis), status, reasons, current,
                recommended, cpuTargetPercentile, cpuTarget, memoryTargetPercentile, memoryTarget,
                observedPeak > 0 ? (long) observedPeak : null, st.oomKills, throttled, confidence, historyHours,
                st.usageSamples, replicas, costNow, costRecommended, costNow.subtract(costRecommended), prices.currency(),
                strategy, containerPrices.source());
    }

    /** Requests' cost for a month: (cores × core-hour price + bytes / 2^30 × GiB-hour price) × 730 × replicas. */
    public static BigDecimal monthly(Double cpuCores, Long memoryBytes, int replicas, ResourcePrices prices) {
        BigDecimal perHour = BigDecimal.ZERO;
        if (cpuCores != null) {
            perHour = perHour.add(BigDecimal.valueOf(cpuCores).multiply(prices.cpuCoreHour()));
        }
        if (memoryBytes != null) {
            // a power of two: the quotient is a finite decimal, exact
            perHour = perHour.add(BigDecimal.valueOf(memoryBytes).multiply(prices.memoryGibHour()).divide(GIB));
        }
        return perHour.multiply(HOURS_PER_MONTH).multiply(BigDecimal.valueOf(replicas))
                .setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
    }

    private static Double percentileOrNull(DecayingHistogram h, double p) {
        return h.isEmpty() ? null : h.percentile(p);
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static Long bytesOrNull(double v) {
        return Double.isNaN(v) ? null : Math.round(v);
    }
}
