package dev.tally.jobs.allocation.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.jobs.allocation.day.ClusterCostKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CostItemJsonReaderTest {
    private final CostItemJsonReader reader = new CostItemJsonReader();

    @Test
    void aScaleSetInstancesRowBecomesItsClustersNodeRowWithExactMoney() {
        CostItem item = reader.read(bytes("""
                {"sourceFile":"EA_AmortizedCost_Small.csv","sourceLine":7,"billedCost":0.012345678901234567890123,
                 "effectiveCost":0.1,"listCost":0.020000000000000000000001,"billingCurrency":"USD","subAccountId":"/subscriptions/s","billingPeriodStart":"2023-09-01T00:00:00Z",
                 "chargePeriodStart":"2023-09-22T00:00:00Z","resourceId":"/subscriptions/s/resourcegroups/mc_rg_aks_eastus/x",
                 "kubernetes":{"kind":"NODE","clusterName":"AnalyticsEngine","vmName":"aks-agentpool-37660393-vmss_4"}}
                """));

        assertThat(item.cluster()).contains("analyticsengine");
        assertThat(item.day()).isEqualTo(LocalDate.of(2023, 9, 22));
        assertThat(item.billingPeriodStart()).isEqualTo(LocalDate.of(2023, 9, 1));
        assertThat(item.row().kind()).isEqualTo(ClusterCostKind.NODE);
        assertThat(item.row().vmName()).isEqualTo("aks-agentpool-37660393-vmss_4");
        assertThat(item.row().cost().billed()).isEqualTo(new BigDecimal("0.012345678901234567890123"));
        assertThat(item.row().cost().list()).isEqualTo(new BigDecimal("0.020000000000000000000001"));
        assertThat(item.row().origin().resourceId()).isEqualTo("/subscriptions/s/resourcegroups/mc_rg_aks_eastus/x");
        assertThat(item.row().origin().subAccountId()).isEqualTo("/subscriptions/s");
        assertThat(item.row().source()).isEqualTo("EA_AmortizedCost_Small.csv:7");
    }

    @Test
    void aListCostTheExportDoesNotHaveStaysUnknownNotZero() {
        CostItem absent = reader.read(bytes("""
                {"billedCost":1.5,"effectiveCost":1.5,"billingCurrency":"EUR","chargePeriodStart":"2024-10-01T00:00:00Z"}"""));
        CostItem jsonNull = reader.read(bytes("""
                {"billedCost":1.5,"effectiveCost":1.5,"listCost":null,"billingCurrency":"EUR","chargePeriodStart":"2024-10-01T00:00:00Z"}"""));

        assertThat(absent.row().cost().list()).isNull();
        assertThat(jsonNull.row().cost().list()).isNull();
        assertThatThrownBy(() -> reader.read(bytes("{\"billedCost\":1,\"effectiveCost\":1,\"listCost\":\"x\",\"billingCurrency\":\"USD\","
                + "\"chargePeriodStart\":\"2024-10-01T00:00:00Z\"}"))).hasMessage("listCost is not a JSON number: \"x\"");
    }

    @Test
    void aRowOfNoClusterIsOutsideKubernetes() {
        CostItem item = reader.read(bytes("""
                {"billedCost":-3.25,"effectiveCost":0,"billingCurrency":"EUR","chargePeriodStart":"2024-10-01T00:00:00Z"}"""));

        assertThat(item.cluster()).isEmpty();
        assertThat(item.row().cost().billed()).isEqualByComparingTo("-3.25");
        assertThat(item.billingPeriodStart()).isEqualTo(LocalDate.of(2024, 10, 1));
    }

    @Test
    void whatIsNotALineItemIsRefusedWithTheReason() {
        assertThatThrownBy(() -> reader.read(bytes("{\"billedCost\":"))).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> reader.read(bytes("[1]"))).hasMessageContaining("a JSON object is expected");
        assertThatThrownBy(() -> reader.read(bytes("{\"billedCost\":1,\"effectiveCost\":1,\"chargePeriodStart\":\"2024-10-01T00:00:00Z\"}")))
                .hasMessage("no billingCurrency");
        assertThatThrownBy(() -> reader.read(bytes("{\"billedCost\":\"1.0\",\"effectiveCost\":1,\"billingCurrency\":\"USD\","
                + "\"chargePeriodStart\":\"2024-10-01T00:00:00Z\"}"))).hasMessage("no billedCost (a JSON number is expected)");
        assertThatThrownBy(() -> reader.read(bytes("{\"billedCost\":1,\"effectiveCost\":1,\"billingCurrency\":\"USD\","
                + "\"chargePeriodStart\":\"10/01/2024\"}"))).hasMessage("chargePeriodStart is not an ISO-8601 instant: 10/01/2024");
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
