package dev.tally.common.prices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class AllocatedPricesJsonTest {
    private static final AllocatedPrices API = new AllocatedPrices("aks-eur", LocalDate.parse("2026-01-30"), "shop",
            "Deployment", "api", "EUR", new BigDecimal("0.1250000000"), new BigDecimal("0.0312500000"),
            new BigDecimal("0.0750000000"), new BigDecimal("0.0187500000"), 7);

    @Test
    void pricesSurviveTheWireExactlyAsDecimalStrings() {
        byte[] json = AllocatedPricesJson.write(API);

        assertThat(AllocatedPricesJson.read(json)).isEqualTo(API);
        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"effectiveCpuCoreHour\":\"0.0750000000\"",
                "\"day\":\"2026-01-30\"");
        assertThat(new String(AllocatedPricesJson.key(API), StandardCharsets.UTF_8))
                .isEqualTo("[\"aks-eur\",\"shop\",\"Deployment\",\"api\",\"EUR\"]");
    }

    @Test
    void aLaterDayOrComputationIsNewer() {
        AllocatedPrices nextDay = new AllocatedPrices("aks-eur", LocalDate.parse("2026-01-31"), "shop", "Deployment", "api",
                "EUR", BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, 1);
        AllocatedPrices recomputed = new AllocatedPrices("aks-eur", LocalDate.parse("2026-01-30"), "shop", "Deployment", "api",
                "EUR", BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ONE, 8);

        assertThat(nextDay.newerThan(API)).isTrue();
        assertThat(API.newerThan(nextDay)).isFalse();
        assertThat(recomputed.newerThan(API)).isTrue();
        assertThat(API.clusterWide()).isFalse();
    }

    @Test
    void bytesThatAreNotPricesAreAClearError() {
        assertThatThrownBy(() -> AllocatedPricesJson.read("{\"cluster\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not allocated prices");
        assertThatThrownBy(() -> AllocatedPricesJson.read("{\"cluster\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("day");
    }
}
