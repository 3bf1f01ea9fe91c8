package dev.tally.ingest.drift;

import static dev.tally.ingest.drift.Recommendations.MIB;
import static dev.tally.ingest.drift.Recommendations.CHECKOUT;
import static dev.tally.ingest.drift.Recommendations.CART;
import static dev.tally.ingest.drift.Recommendations.deployment;
import static dev.tally.ingest.drift.Recommendations.notEnoughData;
import static dev.tally.ingest.drift.Recommendations.over;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.common.rightsizing.ContainerRef;
import dev.tally.common.rightsizing.ResourceSettings;
import dev.tally.common.rightsizing.RightsizingJson;
import dev.tally.common.rightsizing.RightsizingRecommendation;
import dev.tally.common.rightsizing.RightsizingStatus;
import dev.tally.common.rightsizing.RiskReason;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DriftMetricsTest {

    private final DriftState state = new DriftState();

    @Test
    void anOverProvisionedContainerShowsItsDriftRequestsAndSaving() {
        put(over(CHECKOUT, "42.50"));   // 2 cores and 4096 MiB requested, 0.5 cores and 1024 MiB recommended

        Map<String, Double> samples = scrape(new DriftSelection(List.of(), List.of(), 10));

        assertThat(samples).containsEntry(series("tally_rightsizing_drift_ratio", CHECKOUT, "resource", "cpu"), 4.0)
                .containsEntry(series("tally_rightsizing_drift_ratio", CHECKOUT, "resource", "memory"), 4.0)
                .containsEntry(series("tally_rightsizing_cpu_request_cores", CHECKOUT, "setting", "current"), 2.0)
                .containsEntry(series("tally_rightsizing_cpu_request_cores", CHECKOUT, "setting", "recommended"), 0.5)
                .containsEntry(series("tally_rightsizing_memory_request_bytes", CHECKOUT, "setting", "current"),
                        4096.0 * MIB)
                .containsEntry(series("tally_rightsizing_memory_request_bytes", CHECKOUT, "setting", "recommended"),
                        1024.0 * MIB)
                .containsEntry(series("tally_rightsizing_savings_monthly", CHECKOUT, "currency", "EUR"), 42.5)
                .containsEntry("tally_rightsizing_recommendations_updated_timestamp_seconds{cluster=\"aks-weu-1\"}",
                        (double) Instant.parse("2026-11-25T06:00:00Z").getEpochSecond())
                .containsEntry("tally_rightsizing_exporter_containers{state=\"known\"}", 1.0)
                .containsEntry("tally_rightsizing_exporter_containers{state=\"exported\"}", 1.0);
        assertThat(samples.keySet()).noneMatch(k -> k.startsWith("tally_rightsizing_risk{"));
    }

    @Test
    void aRiskyContainerShowsOneRiskSeriesPerReasonAndItsThrottling() {
        put(Recommendations.of(CART, RightsizingStatus.UNDER_PROVISIONED,
                List.of(RiskReason.OOM_KILLS, RiskReason.CPU_THROTTLING),
                new ResourceSettings(0.25, 0.5, 256 * MIB, 256 * MIB), new ResourceSettings(0.6, null, 410 * MIB, 492 * MIB),
                0.4, "-7.15", Instant.parse("2026-11-25T06:00:00Z")));

        Map<String, Double> samples = scrape(new DriftSelection(List.of(), List.of(), 10));

        assertThat(samples).containsEntry(series("tally_rightsizing_risk", CART, "reason", "oom-kills"), 1.0)
                .containsEntry(series("tally_rightsizing_risk", CART, "reason", "cpu-throttling"), 1.0)
                .containsEntry(series("tally_rightsizing_cpu_throttled_ratio", CART), 0.4)
                .containsEntry(series("tally_rightsizing_savings_monthly", CART, "currency", "EUR"), -7.15)
                .containsEntry(series("tally_rightsizing_drift_ratio", CART, "resource", "cpu"), 0.25 / 0.6)
                .containsEntry(series("tally_rightsizing_drift_ratio", CART, "resource", "memory"), 256.0 / 410);
    }

    @Test
    void reasonsThisReaderDoesNotKnowGiveOneOtherSeries() {
        String json = new String(RightsizingJson.write(Recommendations.of(CART, RightsizingStatus.UNDER_PROVISIONED,
                List.of(RiskReason.OOM_KILLS), 0.5, 0.5, 256, 400, "-1.00")), StandardCharsets.UTF_8)
                .replace("[\"oom-kills\"]", "[\"disk-pressure\",\"oom-kills\",\"gpu-starved\"]");
        assertThat(state.apply(RightsizingJson.key(CART), json.getBytes(StandardCharsets.UTF_8))).isInstanceOf(DriftState.Updated.class);

        Map<String, Double> samples = scrape(new DriftSelection(List.of(), List.of(), 10));

        assertThat(samples.keySet()).filteredOn(k -> k.startsWith("tally_rightsizing_risk{"))
                .containsExactlyInAnyOrder(series("tally_rightsizing_risk", CART, "reason", "other"),
                        series("tally_rightsizing_risk", CART, "reason", "oom-kills"));
    }

    @Test
    void notEnoughDataShowsTheCurrentRequestsOnly() {
        put(notEnoughData(CHECKOUT));

        Map<String, Double> samples = scrape(new DriftSelection(List.of(), List.of(), 10));

        assertThat(samples).containsEntry(series("tally_rightsizing_cpu_request_cores", CHECKOUT, "setting", "current"), 1.0)
                .containsKey("tally_rightsizing_recommendations_updated_timestamp_seconds{cluster=\"aks-weu-1\"}");
        assertThat(samples.keySet()).noneMatch(k -> k.startsWith("tally_rightsizing_drift_ratio{")
                || k.startsWith("tally_rightsizing_savings_monthly{") || k.contains("setting=\"recommended\""));
    }

    @Test
    void aTombstoneRemovesTheContainersSeriesAndTheTopNBoundsThem() {
        put(over(CHECKOUT, "42.50"));
        put(over(deployment("aks-weu-1", "shop", "search"), "3.00"));
        put(over(deployment("aks-weu-1", "shop", "web"), "12.00"));
        DriftSelection top2 = new DriftSelection(List.of(), List.of(), 2);

        assertThat(workloads(scrape(top2))).containsExactlyInAnyOrder("checkout", "web");

        state.apply(RightsizingJson.key(CHECKOUT), null);
        Map<String, Double> after = scrape(top2);

        assertThat(workloads(after)).containsExactlyInAnyOrder("web", "search");
        assertThat(after).containsEntry("tally_rightsizing_exporter_containers{state=\"known\"}", 2.0);
    }

    private void put(RightsizingRecommendation r) {
        assertThat(state.apply(RightsizingJson.key(r), RightsizingJson.write(r))).isInstanceOf(DriftState.Updated.class);
    }

    private Map<String, Double> scrape(DriftSelection selection) {
        DriftMetrics metrics = new DriftMetrics(state, selection);
        return samples(new String(metrics.scrape(), StandardCharsets.UTF_8));
    }

    private static List<String> workloads(Map<String, Double> samples) {
        return samples.keySet().stream().filter(k -> k.startsWith("tally_rightsizing_savings_monthly{"))
                .map(k -> k.replaceAll(".*,workload=\"([^\"]*)\".*", "$1")).toList();
    }

    /** The series as the text format writes it: labels sorted by name. */
    private static String series(String name, ContainerRef c, String... extra) {
        Map<String, String> labels = new TreeMap<>(Map.of("cluster", c.cluster(), "namespace", c.namespace(),
                "workload_kind", c.workloadKind(), "workload", c.workloadName(), "container", c.container()));
        for (int i = 0; i < extra.length; i += 2) {
            labels.put(extra[i], extra[i + 1]);
        }
        StringBuilder text = new StringBuilder(name).append('{');
        labels.forEach((k, v) -> text.append(text.charAt(text.length() - 1) == '{' ? "" : ",").append(k).append("=\"").append(v).append('"'));
        return text.append('}').toString();
    }

    /** The text format's samples: series (name and labels as written) → value. */
    static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }
}
