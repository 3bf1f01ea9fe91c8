package dev.tally.jobs.rightsizing.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.rightsizing.RightsizingStatus;
import dev.tally.common.rightsizing.RightsizingStrategy;
import dev.tally.common.rightsizing.RiskReason;
import dev.tally.jobs.rightsizing.LimitsPolicy;
import dev.tally.jobs.rightsizing.RightsizingSettings;
import dev.tally.jobs.rightsizing.prices.ConfiguredPrices;
import dev.tally.jobs.rightsizing.prices.ResourcePrices;
import dev.tally.jobs.rightsizing.signals.ContainerSignal;
import dev.tally.jobs.rightsizing.signals.SignalKind;
import dev.tally.jobs.rightsizing.vpa.ExponentialBuckets;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecommendationRulesTest {
    private static final long T0 = 1_767_657_600_000L;
    private static final long STEP = 30_000;
    private static final double MIB = 1024.0 * 1024;
    private static final ContainerRef AUTH = new ContainerRef("c1", "identity", "Deployment", "auth-service", "auth");
    private static final RightsizingSettings SETTINGS = RightsizingSettings.defaults()
            .withPrices(ConfiguredPrices.of(new ResourcePrices(new BigDecimal("0.04"), new BigDecimal("0.005"), "EUR")));

    private static double bucketEnd(double cores) {
        ExponentialBuckets b = ExponentialBuckets.cpuCores();
        return b.start(b.bucketOf(cores) + 1);
    }

    private static ContainerState state() {
        return new ContainerState(SETTINGS);
    }

    private static void feed(ContainerState st, String pod, long t, SignalKind kind, double value) {
        st.apply(new ContainerSignal(AUTH, pod, t, kind, value), SETTINGS);
    }

    /** Two replicas asking 2 cores / 4 GiB, using ~45m and ~310 MiB, for {@code hours}. */
    private static ContainerState overRequested(double hours, long seed) {
        ContainerState st = state();
        Random random = new Random(seed);
        for (String pod : new String[] {"auth-1", "auth-2"}) {
            feed(st, pod, T0, SignalKind.CPU_REQUEST_CORES, 2.0);
            feed(st, pod, T0, SignalKind.MEMORY_REQUEST_BYTES, 4096 * MIB);
            feed(st, pod, T0, SignalKind.MEMORY_LIMIT_BYTES, 4096 * MIB);
        }
        for (long t = T0; t < T0 + (long) (hours * 3_600_000); t += STEP) {
            for (String pod : new String[] {"auth-1", "auth-2"}) {
                feed(st, pod, t, SignalKind.CPU_CORES, 0.045 * (1 + 0.15 * (2 * random.nextDouble() - 1)));
                feed(st, pod, t, SignalKind.MEMORY_BYTES, 310 * MIB * (1 + 0.02 * (2 * random.nextDouble() - 1)));
            }
        }
        return st;
    }

    @Test
    void anOverRequestedContainerIsOverProvisionedWithItsSavingsExact() {
        ContainerState st = overRequested(48, 7);
        long at = T0 + 48 * 3_600_000L;

        RightsizingRecommendation r = RecommendationRules.recommend(AUTH, at, st, RightsizingStrategy.VPA, SETTINGS);

        assertThat(r.status()).isEqualTo(RightsizingStatus.OVER_PROVISIONED);
        assertThat(r.riskReasons()).isEmpty();
        // P90 of 45m ± 15% (uniform) is 50.4m: the end of its bucket × 1.15, rounded up to a millicore
        assertThat(r.recommended().cpuRequestCores()).isBetween(0.0504 * 1.15, bucketEnd(0.0504) * 1.15 + 0.001);
        assertThat(r.recommended().cpuLimitCores()).isNull();
        // memory: P90 of daily peaks (≤ 316.2 MiB) × 1.15, whole MiB, limit = request
        ExponentialBuckets memory = ExponentialBuckets.memoryBytes();
        double peakBucketEnd = memory.start(memory.bucketOf(316.2 * MIB) + 1);
        assertThat(r.recommended().memoryRequestBytes() / MIB).isBetween(310 * 1.15, peakBucketEnd * 1.15 / MIB + 1);
        assertThat(r.recommended().memoryLimitBytes()).isEqualTo(r.recommended().memoryRequestBytes());
        assertThat(r.replicas()).isEqualTo(2);
        // money: 2 replicas × 730 h × (cores × 0.04 + GiB × 0.005), exact
        BigDecimal now = new BigDecimal("2").multiply(new BigDecimal("730"))
                .multiply(new BigDecimal("2.0").multiply(new BigDecimal("0.04")).add(new BigDecimal("4").multiply(new BigDecimal("0.005"))));
        assertThat(r.monthlyCostCurrent()).isEqualByComparingTo(now);
        BigDecimal recommended = new BigDecimal("1460").multiply(BigDecimal.valueOf(r.recommended().cpuRequestCores())
                .multiply(new BigDecimal("0.04")).add(BigDecimal.valueOf(r.recommended().memoryRequestBytes())
                        .divide(BigDecimal.valueOf(1L << 30)).multiply(new BigDecimal("0.005"))));
        assertThat(r.monthlyCostRecommended()).isEqualByComparingTo(recommended.setScale(10, java.math.RoundingMode.HALF_EVEN));
        assertThat(r.monthlySavings()).isEqualByComparingTo(r.monthlyCostCurrent().subtract(r.monthlyCostRecommended()));
        assertThat(r.monthlySavings()).as("most of the 146 EUR a month").isGreaterThan(new BigDecimal("130"));
        assertThat(r.currency()).isEqualTo("EUR");
        assertThat(r.confidence()).isCloseTo(2.0 / 7, within(0.01));
    }

    @Test
    void theSimpleStrategyTakesP95AndThePeakPlusFifteenPercent() {
        ContainerState st = overRequested(30, 11);

        RightsizingRecommendation r = RecommendationRules.recommend(AUTH, T0 + 30 * 3_600_000L, st,
                RightsizingStrategy.SIMPLE, SETTINGS);

        assertThat(r.status()).isEqualTo(RightsizingStatus.OVER_PROVISIONED);
        assertThat(r.cpuTargetPercentile()).isEqualTo(0.95);
        // P95 of 45m ± 15% is 51.075m: the end of its bucket, no margin
        assertThat(r.recommended().cpuRequestCores()).isBetween(0.051075, bucketEnd(0.051075) + 0.001);
        assertThat((double) r.recommended().memoryRequestBytes()).isBetween(r.memoryPeakBytes() * 1.15,
                r.memoryPeakBytes() * 1.15 + MIB);
    }

    @Test
    void youngHistoryIsNotEnoughDataAndRecommendsNothing() {
        ContainerState st = overRequested(3, 3);

        RightsizingRecommendation r = RecommendationRules.recommend(AUTH, T0 + 3 * 3_600_000L, st, RightsizingStrategy.VPA, SETTINGS);

        assertThat(r.status()).isEqualTo(RightsizingStatus.NOT_ENOUGH_DATA);
        assertThat(r.recommended().cpuRequestCores()).isNull();
        assertThat(r.recommended().memoryRequestBytes()).isNull();
        assertThat(r.monthlySavings()).isEqualByComparingTo("0");
        assertThat(r.monthlyCostCurrent()).isPositive();
        assertThat(r.historyHours()).isCloseTo(3, within(0.01));
    }

    /** VPA #4981: a container OOM-looping at start-up reports no usage, yet must get more memory at once. */
    @Test
    void oomKillsAloneRaiseMemoryAndMakeItARiskEvenWithoutHistory() {
        ContainerState st = state();
        feed(st, "jvm-1", T0, SignalKind.CPU_REQUEST_CORES, 0.25);
        feed(st, "jvm-1", T0, SignalKind.MEMORY_REQUEST_BYTES, 256 * MIB);
        feed(st, "jvm-1", T0, SignalKind.MEMORY_LIMIT_BYTES, 256 * MIB);
        for (int kill = 1; kill <= 25; kill++) {
            feed(st, "jvm-1", T0 + kill * 60_000L, SignalKind.OOM_KILLS, 1);
        }

        RightsizingRecommendation r = RecommendationRules.recommend(AUTH, T0 + 3_600_000L, st, RightsizingStrategy.VPA, SETTINGS);

        assertThat(r.status()).isEqualTo(RightsizingStatus.UNDER_PROVISIONED);
        assertThat(r.riskReasons()).contains(RiskReason.OOM_KILLS, RiskReason.MEMORY_REQUEST_TOO_LOW);
        // every kill: max(256 + 100, 256 × 1.2) = 356 MiB needed, × 1.15; a kill does not raise the next one
        assertThat(r.recommended().memoryRequestBytes() / MIB).isBetween(356 * 1.15, 356 * 1.15 * 1.1);
        assertThat(r.recommended().cpuRequestCores()).as("no CPU seen: the request stays").isEqualTo(0.25);
        assertThat(r.oomKills()).isEqualTo(25);
        assertThat(r.monthlySavings()).isNegative();

        RightsizingRecommendation simple = RecommendationRules.recommend(AUTH, T0 + 3_600_000L, st, RightsizingStrategy.SIMPLE, SETTINGS);
        assertThat(simple.status()).isEqualTo(RightsizingStatus.UNDER_PROVISIONED);
        assertThat(simple.recommended().memoryRequestBytes() / MIB).isEqualTo(356);
    }

    /** KRR #110: one spike sets a floor; the recommendation never goes below the largest working set. */
    @Test
    void memoryIsNeverRecommendedBelowTheObservedPeak() {
        ContainerState st = overRequested(48, 5);
        feed(st, "auth-1", T0 + 3_600_000L, SignalKind.MEMORY_BYTES, 3000 * MIB);

        for (RightsizingStrategy strategy : RightsizingStrategy.values()) {
            RightsizingRecommendation r = RecommendationRules.recommend(AUTH, T0 + 48 * 3_600_000L, st, strategy, SETTINGS);
            assertThat(r.recommended().memoryRequestBytes()).as(strategy.label()).isGreaterThanOrEqualTo(3000L << 20);
            assertThat(r.memoryPeakBytes()).isEqualTo(3000L << 20);
        }
    }

    @Test
    void throttlingIsARiskAndRaisesCpuByTheThrottledShare() {
        ContainerState st = overRequested(30, 9);
        ContainerState throttled = overRequested(30, 9);
        feed(throttled, "auth-1", T0 + 60_000, SignalKind.CFS_PERIODS, 1000);
        feed(throttled, "auth-1", T0 + 60_000, SignalKind.CFS_THROTTLED_PERIODS, 400);
        long at = T0 + 30 * 3_600_000L;

        RightsizingRecommendation plain = RecommendationRules.recommend(AUTH, at, st, RightsizingStrategy.VPA, SETTINGS);
        RightsizingRecommendation r = RecommendationRules.recommend(AUTH, at, throttled, RightsizingStrategy.VPA, SETTINGS);

        assertThat(r.cpuThrottledRatio()).isEqualTo(0.4);
        assertThat(r.riskReasons()).contains(RiskReason.CPU_THROTTLING);
        assertThat(r.status()).isEqualTo(RightsizingStatus.UNDER_PROVISIONED);
        assertThat(r.recommended().cpuRequestCores()).isCloseTo(plain.recommended().cpuRequestCores() * 1.4, within(0.0011));
    }

    @Test
    void theLimitsPolicyIsConfigurable() {
        RightsizingSettings withCpuLimit = new RightsizingSettings(SETTINGS.topicStrategy(), SETTINGS.vpa(), 0.95, 0.15,
                new LimitsPolicy(1.5, 2.0), SETTINGS.minHistory(), SETTINGS.fullConfidenceHistory(), SETTINGS.emitEvery(),
                SETTINGS.forgetAfter(), SETTINGS.ownerWait(), SETTINGS.maxRateGap(), 1.3, 1.1, 0.25, Duration.ofDays(7),
                SETTINGS.prices(), SETTINGS.outOfOrderness(), SETTINGS.sourceIdleness(), SETTINGS.replicaLabels());

        RightsizingRecommendation r = RecommendationRules.recommend(AUTH, T0 + 30 * 3_600_000L, overRequested(30, 1),
                RightsizingStrategy.VPA, withCpuLimit);

        assertThat(r.recommended().cpuLimitCores()).isCloseTo(r.recommended().cpuRequestCores() * 2, within(0.001));
        assertThat((double) r.recommended().memoryLimitBytes()).isCloseTo(r.recommended().memoryRequestBytes() * 1.5, within(MIB));
    }

    @Test
    void aRequestCloseToTheRecommendationIsOk() {
        ContainerState st = overRequested(30, 2);
        for (String pod : new String[] {"auth-1", "auth-2"}) {
            feed(st, pod, T0 + 30 * 3_600_000L - 1, SignalKind.CPU_REQUEST_CORES, 0.06);
            feed(st, pod, T0 + 30 * 3_600_000L - 1, SignalKind.MEMORY_REQUEST_BYTES, 380 * MIB);
        }

        RightsizingRecommendation r = RecommendationRules.recommend(AUTH, T0 + 30 * 3_600_000L, st, RightsizingStrategy.VPA, SETTINGS);

        assertThat(r.status()).isEqualTo(RightsizingStatus.OK);
        assertThat(r.monthlySavings().abs()).isLessThan(new BigDecimal("1"));
    }
}
