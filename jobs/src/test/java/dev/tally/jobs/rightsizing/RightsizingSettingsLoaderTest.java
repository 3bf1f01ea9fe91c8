package dev.tally.jobs.rightsizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.RightsizingStrategy;
import dev.tally.jobs.rightsizing.prices.ResourcePrices;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RightsizingSettingsLoaderTest {
    @TempDir
    Path dir;

    @Test
    void noFileAndNoEnvironmentAreTheDefaults() {
        assertThat(RightsizingSettingsLoader.load(null, Map.of())).isEqualTo(RightsizingSettings.defaults());
    }

    @Test
    void theFileSetsEveryKindOfValueAndTheEnvironmentWins() throws Exception {
        Path file = dir.resolve("rightsizing.yaml");
        Files.writeString(file, """
                topic-strategy: simple
                vpa:
                  target-percentile: 0.95
                  half-life: 12h
                  pod-min-memory-bytes: 128MiB
                limits:
                  memory-limit-to-request: none
                  cpu-limit-to-request: 2
                min-history: 6h
                over-provisioned-ratio: 1.5
                prices:
                  cpu-core-hour: 0.04
                  currency: EUR
                  clusters:
                    aks-us:
                      cpu-core-hour: 0.05
                      currency: USD
                replica-labels: [replica]
                """);

        RightsizingSettings s = RightsizingSettingsLoader.load(file, Map.of("TALLY_RIGHTSIZING_MIN_HISTORY", "2h",
                "TALLY_RIGHTSIZING_VPA_SAFETY_MARGIN", "0.2"));

        assertThat(s.topicStrategy()).isEqualTo(RightsizingStrategy.SIMPLE);
        assertThat(s.vpa().targetPercentile()).isEqualTo(0.95);
        assertThat(s.vpa().halfLife()).isEqualTo(Duration.ofHours(12));
        assertThat(s.vpa().podMinMemoryBytes()).isEqualTo(128.0 * 1024 * 1024);
        assertThat(s.vpa().safetyMargin()).isEqualTo(0.2);
        assertThat(s.limits()).isEqualTo(new LimitsPolicy(null, 2.0));
        assertThat(s.minHistory()).isEqualTo(Duration.ofHours(2));
        assertThat(s.overProvisionedRatio()).isEqualTo(1.5);
        assertThat(s.replicaLabels()).isEqualTo(List.of("replica"));
        assertThat(s.prices().pricesFor(new ContainerRef("aks-eu", "ns", "Deployment", "w", "c")))
                .isEqualTo(new ResourcePrices(new BigDecimal("0.04"), new BigDecimal("0.004237"), "EUR"));
        assertThat(s.prices().pricesFor(new ContainerRef("aks-us", "ns", "Deployment", "w", "c")))
                .isEqualTo(new ResourcePrices(new BigDecimal("0.05"), new BigDecimal("0.004237"), "USD"));
        // what was not set keeps its default
        assertThat(s.forgetAfter()).isEqualTo(Duration.ofDays(8));
    }

    @Test
    void aTypoOrABadValueIsAnErrorNamingTheKey() throws Exception {
        Path typo = dir.resolve("typo.properties");
        Files.writeString(typo, "min-histroy=6h\n");
        assertThatThrownBy(() -> RightsizingSettingsLoader.load(typo, Map.of()))
                .hasMessageContaining("unknown rightsizing config key \"min-histroy\"");
        assertThatThrownBy(() -> RightsizingSettingsLoader.load(null, Map.of("TALLY_RIGHTSIZING_VPA_TARGET_PERCENTILE", "90")))
                .hasMessageContaining("vpa.target-percentile must be above 0 and at most 1");
        assertThatThrownBy(() -> RightsizingSettingsLoader.load(null, Map.of("TALLY_RIGHTSIZING_EMIT_EVERY", "0s")))
                .hasMessageContaining("emit-every must be a positive duration");
        assertThatThrownBy(() -> RightsizingSettingsLoader.load(null, Map.of("TALLY_RIGHTSIZING_PRICES_CPU_CORE_HOUR", "cheap")))
                .hasMessageContaining("prices.cpu-core-hour must be a decimal number");
    }
}
