package dev.tally.ingest.costs.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tally.ingest.costs.CostExportReader;
import dev.tally.ingest.costs.ReadOptions;
import dev.tally.ingest.costs.SharedCostData;
import dev.tally.ingest.costs.format.CostExportFormat;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class FocusNormalizerTest {

    static final String HEADER = "BilledCost,EffectiveCost,ListCost,BillingCurrency,BillingPeriodStart,BillingPeriodEnd,"
            + "ChargePeriodStart,ChargePeriodEnd,ChargeCategory,ChargeClass,PricingCategory,CommitmentDiscountId,"
            + "CommitmentDiscountStatus,CommitmentDiscountType,ProviderName,RegionId,ResourceId,ResourceName,ServiceName,"
            + "SubAccountId,Tags,x_ResourceGroupName,x_SkuDetails";

    static List<CostReadResult> read(String... rows) throws Exception {
        List<CostReadResult> out = new ArrayList<>();
        try (var reader = CostExportReader.open(new StringReader(HEADER + "\n" + String.join("\n", rows)), "focus.csv",
                ReadOptions.of(CostView.ACTUAL))) {
            assertThat(reader.format()).isEqualTo(CostExportFormat.FOCUS_1_0);
            reader.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void microsoftFocusRowWithCommitmentAndExtensions() throws Exception {
        CostLineItem item = (CostLineItem) read("0,0.37,0.52,USD,2024-09-01T00:00:00Z,2024-10-01T00:00:00Z,"
                + "2024-09-04T00:00:00Z,2024-09-05T00:00:00Z,Usage,NULL,Committed,"
                + "/providers/Microsoft.Capacity/reservationOrders/A/reservations/B,Used,Reservation,Microsoft,EastUS,"
                + "/subscriptions/S/resourceGroups/MC_rg_aks1_eastus/providers/Microsoft.Compute/virtualMachineScaleSets/aks-user-11112222-vmss,"
                + "aks-user-11112222-vmss,Virtual Machines,/subscriptions/s,\"{\"\"aks-managed-poolName\"\": \"\"user\"\"}\","
                + "MC_rg_aks1_eastus,\"{\"\"ServiceType\"\": \"\"Standard_D8s_v5\"\", \"\"VMName\"\": \"\"aks-user-11112222-vmss_3\"\"}\"").get(0);
        assertThat(item.billedCost()).isEqualByComparingTo("0");
        assertThat(item.effectiveCost()).isEqualByComparingTo("0.37");
        assertThat(item.listCost()).isEqualByComparingTo("0.52");
        assertThat(item.chargeClass()).as("NULL is null").isNull();
        assertThat(item.pricingCategory()).isEqualTo(PricingCategory.COMMITTED);
        assertThat(item.commitmentDiscountId()).isEqualTo("/providers/microsoft.capacity/reservationorders/a/reservations/b");
        assertThat(item.regionId()).isEqualTo("eastus");
        assertThat(item.chargePeriodStart()).isEqualTo(Instant.parse("2024-09-04T00:00:00Z"));
        assertThat(item.resourceGroupName()).isEqualTo("MC_rg_aks1_eastus");
        assertThat(item.kubernetes().clusterName()).isEqualTo("aks1");
        assertThat(item.kubernetes().nodePool()).isEqualTo("user");
        assertThat(item.kubernetes().vmSize()).isEqualTo("Standard_D8s_v5");
        assertThat(item.kubernetes().vmName()).isEqualTo("aks-user-11112222-vmss_3");
    }

    @Test
    void invalidFocusValuesAreRejectedByColumn() throws Exception {
        String ok = "1,1,,USD,2024-09-01,2024-10-01,2024-09-04,2024-09-05,Usage,,Standard,,,,Microsoft,,,,,,,,";
        List<CostReadResult> r = read(ok,
                ok.replace("Usage", "Refund"),
                ok.replace("Standard", "Cheap"),
                ok.replace(",USD,", ",NULL,"),
                ok.replace("2024-09-05", "NULL"),
                ok.replaceFirst("1,1,", "1,NULL,"));
        assertThat(r.get(0)).isInstanceOf(CostLineItem.class);
        assertThat(r.subList(1, 6)).allSatisfy(x -> assertThat(x).isInstanceOf(CostRejection.class));
        assertThat(r.subList(1, 6)).extracting(x -> ((CostRejection) x).column())
                .containsExactly("ChargeCategory", "PricingCategory", "BillingCurrency", "ChargePeriodEnd", "EffectiveCost");
    }

    @Test
    void theFocusSampleByProviderAndChargeCategory() throws Exception {
        assumeTrue(SharedCostData.present(), SharedCostData.ABSENT);
        Map<String, BigDecimal> billed = new TreeMap<>();
        Map<String, Integer> rows = new TreeMap<>();
        try (var reader = CostExportReader.open(SharedCostData.focus().resolve("focus_sample.csv"), ReadOptions.of(CostView.ACTUAL))) {
            reader.forEachRemaining(x -> {
                CostLineItem item = (CostLineItem) x;
                String key = item.providerName() + " " + item.chargeCategory();
                billed.merge(key, item.billedCost(), BigDecimal::add);
                rows.merge(key, 1, Integer::sum);
            });
        }
        // PROVENANCE.md: AWS 942, Microsoft 51, Oracle 7; Usage 997, Adjustment 2 (Oracle), Credit 1 (AWS, -2.6137)
        assertThat(rows).containsEntry("AWS CREDIT", 1).containsEntry("Oracle ADJUSTMENT", 2).containsEntry("Microsoft USAGE", 51);
        assertThat(rows.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
        assertThat(billed.get("AWS CREDIT")).isEqualByComparingTo("-2.6137");
        assertThat(billed.get("Microsoft USAGE")).isEqualByComparingTo("1.97651418586");
    }
}
