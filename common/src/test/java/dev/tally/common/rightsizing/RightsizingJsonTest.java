package dev.tally.common.rightsizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RightsizingJsonTest {

    private static final ContainerRef API = new ContainerRef("prod-eu", "shop", "Deployment", "api", "app");

    private static RightsizingRecommendation overProvisioned() {
        return new RightsizingRecommendation(API, Instant.parse("2026-11-20T12:00:00Z"),
                RightsizingStatus.OVER_PROVISIONED, List.of(),
                new ResourceSettings(2.0, null, 4L * 1024 * 1024 * 1024, 4L * 1024 * 1024 * 1024),
                new ResourceSettings(0.35, null, 600L * 1024 * 1024, 720L * 1024 * 1024),
                0.9, 0.3, 0.9, 520L * 1024 * 1024, 510L * 1024 * 1024, 0, 0.0, 1.0, 192.0, 11_520, 3,
                new BigDecimal("187.1234567890"), new BigDecimal("27.1"), new BigDecimal("160.0234567890"),
                "EUR", RightsizingStrategy.VPA, PriceSource.CONFIGURED);
    }

    @Test
    void aRecommendationSurvivesTheWireWithExactAmounts() {
        RightsizingRecommendation sent = overProvisioned();

        RightsizingRecommendation received = RightsizingJson.read(RightsizingJson.write(sent));

        assertThat(received).isEqualTo(sent);
        assertThat(received.monthlySavings()).isEqualByComparingTo("160.0234567890");
        assertThat(received.monthlySavings().scale()).isEqualTo(10);
    }

    @Test
    void theWireUsesTheUsersWordsAndDecimalStrings() {
        String json = new String(RightsizingJson.write(new RightsizingRecommendation(API,
                Instant.parse("2026-11-20T12:00:00Z"), RightsizingStatus.UNDER_PROVISIONED,
                List.of(RiskReason.OOM_KILLS, RiskReason.MEMORY_REQUEST_TOO_LOW),
                new ResourceSettings(0.5, 1.0, 256L << 20, 256L << 20),
                new ResourceSettings(0.5, null, 480L << 20, 576L << 20),
                0.9, 0.2, 0.9, null, 300L << 20, 3, null, 0.2, 4.0, 240, 1,
                new BigDecimal("1.00"), new BigDecimal("1.85"), new BigDecimal("-0.85"), "USD",
                RightsizingStrategy.VPA, PriceSource.CONFIGURED)), StandardCharsets.UTF_8);

        assertThat(json).contains("\"status\":\"under-provisioned\"",
                "\"riskReasons\":[\"oom-kills\",\"memory-request-too-low\"]",
                "\"monthlySavings\":\"-0.85\"", "\"strategy\":\"vpa\"",
                "\"computedAt\":\"2026-11-20T12:00:00Z\"", "\"memoryRequestBytes\":268435456", "\"replicas\":1");
    }

    @Test
    void notEnoughDataCarriesNoRecommendedValues() {
        RightsizingRecommendation young = new RightsizingRecommendation(API, Instant.parse("2026-11-20T12:00:00Z"),
                RightsizingStatus.NOT_ENOUGH_DATA, null, new ResourceSettings(0.1, null, 128L << 20, null), null,
                0.9, null, 0.9, null, 90L << 20, 0, null, 0.0, 0.5, 30, 2,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, "EUR", RightsizingStrategy.SIMPLE, PriceSource.CONFIGURED);

        RightsizingRecommendation received = RightsizingJson.read(RightsizingJson.write(young));

        assertThat(received.recommended()).isEqualTo(ResourceSettings.none());
        assertThat(received.riskReasons()).isEmpty();
        assertThat(received.current().memoryLimitBytes()).isNull();
        assertThat(received).isEqualTo(young);
    }

    @Test
    void aReaderToleratesFieldsAndReasonsItDoesNotKnow() {
        String json = new String(RightsizingJson.write(overProvisioned()), StandardCharsets.UTF_8)
                .replace("\"riskReasons\":[]", "\"riskReasons\":[\"gpu-starved\"],\"gpuRequest\":1");

        RightsizingRecommendation received = RightsizingJson.read(json.getBytes(StandardCharsets.UTF_8));

        assertThat(received.riskReasons()).containsExactly(RiskReason.OTHER);
        assertThat(received.monthlySavings()).isEqualByComparingTo("160.0234567890");
    }

    @Test
    void badInputFailsWithAReason() {
        assertThatThrownBy(() -> RightsizingJson.read("{\"status\":\"ok\"".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UncheckedIOException.class).hasMessageStartingWith("not a rightsizing recommendation");
        assertThatThrownBy(() -> RightsizingJson.read("{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("container");
        assertThatThrownBy(() -> RightsizingJson.readKey("[\"a\",\"b\"]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 parts");
    }

    @Test
    void theKeyIsTheContainerAndOnlyTheContainer() {
        RightsizingRecommendation later = RightsizingJson.read(RightsizingJson.write(overProvisioned()));
        RightsizingRecommendation otherStatus = new RightsizingRecommendation(API, Instant.parse("2026-11-21T00:00:00Z"),
                RightsizingStatus.OK, List.of(), later.current(), later.recommended(), 0.9, 1.9, 0.9, null, null, 0,
                null, 1, 200, 12_000, 3, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO, "EUR", RightsizingStrategy.VPA, PriceSource.CONFIGURED);

        assertThat(RightsizingJson.key(otherStatus)).isEqualTo(RightsizingJson.key(overProvisioned()));
        assertThat(RightsizingJson.readKey(RightsizingJson.key(API))).isEqualTo(API);
    }

    /** Seeded random names, separators included: distinct containers never share a key. */
    @Test
    void distinctContainersHaveDistinctKeys() {
        Random random = new Random(20261126L);
        String alphabet = "ab/-,\"[]\\ é";
        Set<ContainerRef> refs = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            List<String> parts = new ArrayList<>();
            for (int p = 0; p < 5; p++) {
                StringBuilder s = new StringBuilder();
                for (int c = random.nextInt(4); c > 0; c--) {
                    s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                parts.add(s.toString());
            }
            ContainerRef ref = new ContainerRef(parts.get(0), parts.get(1), parts.get(2), parts.get(3), parts.get(4));
            byte[] key = RightsizingJson.key(ref);
            assertThat(RightsizingJson.readKey(key)).isEqualTo(ref);
            if (refs.add(ref)) {
                keys.add(new String(key, StandardCharsets.UTF_8));
            }
        }
        assertThat(keys).hasSize(refs.size());
    }

    @Test
    void aRecordWithoutPriceSourceWasWrittenAtConfiguredPrices() {
        String json = new String(RightsizingJson.write(overProvisioned()), StandardCharsets.UTF_8)
                .replace(",\"priceSource\":\"configured\"", "");

        assertThat(json).doesNotContain("priceSource");
        assertThat(RightsizingJson.read(json.getBytes(StandardCharsets.UTF_8)).priceSource()).isEqualTo(PriceSource.CONFIGURED);
    }
}
