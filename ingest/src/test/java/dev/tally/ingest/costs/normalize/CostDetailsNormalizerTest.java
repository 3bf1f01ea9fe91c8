package dev.tally.ingest.costs.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.ingest.costs.CostExportReader;
import dev.tally.ingest.costs.ReadOptions;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cost-details rules on small hand-made EA rows (the header is the real EA 55-column one, shortened to what the rules read). */
class CostDetailsNormalizerTest {

    static final String HEADER = "BillingPeriodStartDate,BillingPeriodEndDate,AccountOwnerId,SubscriptionId,Date,Cost,"
            + "BillingCurrency,ResourceLocation,ResourceId,ResourceName,ResourceGroup,ChargeType,PricingModel,"
            + "ReservationId,benefitId,benefitName,PayGPrice,Tags,AdditionalInfo,MeterCategory,Quantity";

    static String row(String date, String cost, String chargeType, String pricingModel, String benefitId,
            String resourceId, String tags, String additionalInfo) {
        return String.join(",", "09/01/2023", "09/30/2023", "owner@example.com", "9EC51CFD-5CA7-4D76-8101-DD0A4ABC5674",
                date, cost, "usd", "US East", q(resourceId), "", "", chargeType, pricingModel, "", q(benefitId), "", "0",
                q(tags), q(additionalInfo), "Virtual Machines", "1");
    }

    static String q(String v) {
        return v == null || v.isEmpty() ? "" : "\"" + v.replace("\"", "\"\"") + "\"";
    }

    static List<CostReadResult> read(CostView view, String... rows) throws Exception {
        String csv = HEADER + "\n" + String.join("\n", rows) + "\n";
        List<CostReadResult> out = new ArrayList<>();
        try (var reader = CostExportReader.open(new StringReader(csv), "test.csv", ReadOptions.of(view))) {
            reader.forEachRemaining(out::add);
        }
        return out;
    }

    static CostLineItem one(CostView view, String row) throws Exception {
        List<CostReadResult> r = read(view, row);
        assertThat(r).hasSize(1);
        assertThat(r.get(0)).as("%s", r.get(0)).isInstanceOf(CostLineItem.class);
        return (CostLineItem) r.get(0);
    }

    static CostRejection rejected(String row) throws Exception {
        List<CostReadResult> r = read(CostView.ACTUAL, row);
        assertThat(r).hasSize(1);
        assertThat(r.get(0)).as("%s", r.get(0)).isInstanceOf(CostRejection.class);
        return (CostRejection) r.get(0);
    }

    static final String VMSS = "/subscriptions/9ec51cfd-5ca7-4d76-8101-dd0a4abc5674/resourceGroups/MC_rg_Cluster-1_westeurope/"
            + "providers/Microsoft.Compute/virtualMachineScaleSets/aks-system-12345678-vmss";
    static final String RI_ORDER = "/providers/Microsoft.Capacity/reservationOrders/49ed0e4d-8e0c-4f1f-af2c-67c865056615/"
            + "reservations/0a6a5a4e-0000-0000-0000-000000000000";
    static final String SP_ORDER = "/providers/Microsoft.BillingBenefits/savingsPlanOrders/802a9e8b-e860-4d5f-b63b-c5bdf7ee244c/"
            + "savingsPlans/1b2c3d4e-0000-0000-0000-000000000000";

    @Test
    void onDemandUsageMapsToFocusNames() throws Exception {
        CostLineItem item = one(CostView.ACTUAL, row("09/22/2023", "0.0000000072922557592391990000", "Usage", "OnDemand", "",
                VMSS, "\"env\": \"prod\",\"org\": \"trey\"", "{\"ServiceType\":\"Standard_D4s_v5\",\"VCPUs\":4}"));
        assertThat(item.billedCost()).isEqualTo(new BigDecimal("0.0000000072922557592391990000")); // scale kept
        assertThat(item.billedCost().scale()).isEqualTo(28);
        assertThat(item.effectiveCost()).isEqualTo(item.billedCost());
        assertThat(item.billingCurrency()).isEqualTo("USD");
        assertThat(item.chargePeriodStart()).isEqualTo(Instant.parse("2023-09-22T00:00:00Z"));
        assertThat(item.chargePeriodEnd()).isEqualTo(Instant.parse("2023-09-23T00:00:00Z"));
        assertThat(item.billingPeriodStart()).isEqualTo(Instant.parse("2023-09-01T00:00:00Z"));
        assertThat(item.billingPeriodEnd()).as("inclusive end date becomes exclusive end").isEqualTo(Instant.parse("2023-10-01T00:00:00Z"));
        assertThat(item.chargeCategory()).isEqualTo(ChargeCategory.USAGE);
        assertThat(item.pricingCategory()).isEqualTo(PricingCategory.STANDARD);
        assertThat(item.commitmentDiscountId()).isNull();
        assertThat(item.resourceId()).isEqualTo(VMSS.toLowerCase());
        assertThat(item.resourceName()).as("from the id, case kept").isEqualTo("aks-system-12345678-vmss");
        assertThat(item.resourceGroupName()).isEqualTo("MC_rg_Cluster-1_westeurope");
        assertThat(item.subAccountId()).isEqualTo("/subscriptions/9ec51cfd-5ca7-4d76-8101-dd0a4abc5674");
        assertThat(item.regionId()).isEqualTo("eastus");
        assertThat(item.serviceName()).isEqualTo("Virtual Machines");
        assertThat(item.tags()).containsExactly(java.util.Map.entry("env", "prod"), java.util.Map.entry("org", "trey"));
        assertThat(item.skuDetails()).containsEntry("ServiceType", "Standard_D4s_v5").containsEntry("VCPUs", "4");
        assertThat(item.kubernetes().clusterName()).isEqualTo("Cluster-1");
        assertThat(item.kubernetes().nodePool()).isEqualTo("system");
        assertThat(item.kubernetes().vmSize()).isEqualTo("Standard_D4s_v5");
    }

    @Test
    void isoDatesReadLikeUsDates() throws Exception {
        CostLineItem us = one(CostView.ACTUAL, row("9/2/2023", "1", "Usage", "OnDemand", "", VMSS, "", ""));
        CostLineItem iso = one(CostView.ACTUAL, row("2023-09-02", "1", "Usage", "OnDemand", "", VMSS, "", ""));
        CostLineItem isoTime = one(CostView.ACTUAL, row("2023-09-02T00:00:00.0000000Z", "1", "Usage", "OnDemand", "", VMSS, "", ""));
        assertThat(us.chargePeriodStart()).isEqualTo(iso.chargePeriodStart()).isEqualTo(isoTime.chargePeriodStart())
                .isEqualTo(Instant.parse("2023-09-02T00:00:00Z"));
    }

    @Test
    void reservationPurchaseIsBilledButNotEffective() throws Exception {
        CostLineItem item = one(CostView.ACTUAL, row("09/21/2023", "3.25", "Purchase", "Reservation", RI_ORDER, RI_ORDER, "", ""));
        assertThat(item.chargeCategory()).isEqualTo(ChargeCategory.PURCHASE);
        assertThat(item.billedCost()).isEqualByComparingTo("3.25");
        assertThat(item.effectiveCost()).isEqualByComparingTo("0");
        assertThat(item.commitmentDiscountType()).isEqualTo("Reservation");
        assertThat(item.commitmentDiscountId()).isEqualTo(RI_ORDER.toLowerCase());
        assertThat(item.kubernetes().isAks()).isFalse();
    }

    @Test
    void purchaseWithoutPricingModelIsRecognizedByItsOrderId() throws Exception {
        CostLineItem item = one(CostView.ACTUAL, row("09/21/2023", "100", "Purchase", "", "", SP_ORDER, "", ""));
        assertThat(item.commitmentDiscountType()).isEqualTo("Savings Plan");
        assertThat(item.effectiveCost()).isEqualByComparingTo("0");
    }

    @Test
    void refundIsANegativePurchaseCorrection() throws Exception {
        CostLineItem item = one(CostView.ACTUAL, row("09/25/2023", "-1.75", "Refund", "Reservation", RI_ORDER, RI_ORDER, "", ""));
        assertThat(item.chargeCategory()).isEqualTo(ChargeCategory.PURCHASE);
        assertThat(item.chargeClass()).isEqualTo("Correction");
        assertThat(item.billedCost()).isEqualByComparingTo("-1.75");
        assertThat(item.effectiveCost()).isEqualByComparingTo("0");
    }

    @Test
    void negativeUsageCostIsKept() throws Exception {
        CostLineItem item = one(CostView.ACTUAL, row("09/25/2023", "-0.01", "Usage", "OnDemand", "", VMSS, "", ""));
        assertThat(item.billedCost()).isEqualByComparingTo("-0.01");
        assertThat(item.effectiveCost()).isEqualByComparingTo("-0.01");
    }

    @Test
    void amortizedReservationUsageIsEffectiveNotBilled() throws Exception {
        CostLineItem item = one(CostView.AMORTIZED, row("09/22/2023", "0.493152", "Usage", "Reservation", RI_ORDER, VMSS, "", ""));
        assertThat(item.effectiveCost()).isEqualByComparingTo("0.493152");
        assertThat(item.billedCost()).isEqualByComparingTo("0");
        assertThat(item.commitmentDiscountStatus()).isEqualTo("Used");
    }

    @Test
    void unusedReservationAndSavingsPlanAreUnusedCommitmentUsage() throws Exception {
        CostLineItem ri = one(CostView.AMORTIZED, row("09/30/2023", "2.5", "UnusedReservation", "Reservation", RI_ORDER, RI_ORDER, "", ""));
        CostLineItem sp = one(CostView.AMORTIZED, row("09/30/2023", "0.4", "UnusedSavingsPlan", "SavingsPlan", SP_ORDER, SP_ORDER, "", ""));
        for (CostLineItem item : List.of(ri, sp)) {
            assertThat(item.chargeCategory()).isEqualTo(ChargeCategory.USAGE);
            assertThat(item.commitmentDiscountStatus()).isEqualTo("Unused");
            assertThat(item.pricingCategory()).isEqualTo(PricingCategory.COMMITTED);
            assertThat(item.billedCost()).isEqualByComparingTo("0");
        }
        assertThat(ri.commitmentDiscountType()).isEqualTo("Reservation");
        assertThat(sp.commitmentDiscountType()).isEqualTo("Savings Plan");
        assertThat(ri.effectiveCost()).isEqualByComparingTo("2.5");
    }

    @Test
    void spotUsageIsDynamicPricing() throws Exception {
        assertThat(one(CostView.ACTUAL, row("09/22/2023", "1", "Usage", "Spot", "", VMSS, "", "")).pricingCategory())
                .isEqualTo(PricingCategory.DYNAMIC);
    }

    @Test
    void rowsThatCannotBeReadAreRejectedWithColumnAndReason() throws Exception {
        CostRejection cost = rejected(row("09/22/2023", "1,5", "Usage", "OnDemand", "", VMSS, "", ""));
        assertThat(cost.column()).isNull(); // the unquoted comma makes one field too many
        assertThat(cost.reason()).contains("fields but the header has");
        CostRejection words = rejected(row("09/22/2023", "n/a", "Usage", "OnDemand", "", VMSS, "", ""));
        assertThat(words.column()).isEqualTo("Cost");
        assertThat(words.reason()).contains("not a decimal number: 'n/a'");
        CostRejection emptyCost = rejected(row("09/22/2023", "", "Usage", "OnDemand", "", VMSS, "", ""));
        assertThat(emptyCost.column()).isEqualTo("Cost");
        CostRejection dayFirst = rejected(row("22/09/2023", "1", "Usage", "OnDemand", "", VMSS, "", ""));
        assertThat(dayFirst.column()).isEqualTo("Date");
        CostRejection tags = rejected(row("09/22/2023", "1", "Usage", "OnDemand", "", VMSS, "\"env\": prod", ""));
        assertThat(tags.column()).isEqualTo("Tags");
        CostRejection info = rejected(row("09/22/2023", "1", "Usage", "OnDemand", "", VMSS, "", "[1,2]"));
        assertThat(info.column()).isEqualTo("AdditionalInfo");
        CostRejection type = rejected(row("09/22/2023", "1", "Bonus", "OnDemand", "", VMSS, "", ""));
        assertThat(type.column()).isEqualTo("ChargeType");
        assertThat(type.reason()).isEqualTo("unknown ChargeType 'Bonus'");
        CostRejection model = rejected(row("09/22/2023", "1", "Usage", "Lottery", "", VMSS, "", ""));
        assertThat(model.column()).isEqualTo("PricingModel");
        CostRejection huge = rejected(row("09/22/2023", "1E+400", "Usage", "OnDemand", "", VMSS, "", ""));
        assertThat(huge.reason()).contains("integer digits");
        CostRejection currency = rejected(row("09/22/2023", "1", "Usage", "OnDemand", "", VMSS, "", "").replace(",usd,", ",,"));
        assertThat(currency.column()).isEqualTo("BillingCurrency");
        assertThat(currency.reason()).contains("no currency was given");
    }

    @Test
    void aBadRowDoesNotStopTheGoodRowsAroundIt() throws Exception {
        List<CostReadResult> results = read(CostView.ACTUAL,
                row("09/01/2023", "1.10", "Usage", "OnDemand", "", VMSS, "", ""),
                row("09/02/2023", "oops", "Usage", "OnDemand", "", VMSS, "", ""),
                row("09/03/2023", "2.20", "Usage", "OnDemand", "", VMSS, "\"a\": \"multi\nline, tag\"", ""),
                row("09/04/2023", "3.30", "Usage", "OnDemand", "", VMSS, "", ""));
        assertThat(results).extracting(CostReadResult::sourceLine).containsExactly(2L, 3L, 4L, 6L);
        assertThat(results.get(1)).isInstanceOf(CostRejection.class);
        BigDecimal sum = results.stream().filter(r -> r instanceof CostLineItem)
                .map(r -> ((CostLineItem) r).billedCost()).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(sum).isEqualByComparingTo("6.60");
        assertThat(((CostLineItem) results.get(2)).tags()).containsEntry("a", "multi\nline, tag");
    }

    @Test
    void aShortRowIsReadWhenOnlyOptionalTrailingColumnsAreMissing() throws Exception {
        String full = row("09/01/2023", "1", "Usage", "OnDemand", "", VMSS, "", "");
        String withoutLastTwo = full.substring(0, full.lastIndexOf(',', full.lastIndexOf(',') - 1));
        CostLineItem item = one(CostView.ACTUAL, withoutLastTwo);
        assertThat(item.consumedQuantity()).isNull();
        assertThat(item.serviceName()).isNull();
        CostRejection tooShort = rejected("09/01/2023,09/30/2023,owner,sub,09/01/2023");
        assertThat(tooShort.column()).isEqualTo("Cost");
        assertThat(tooShort.reason()).contains("row ends after 5 fields");
    }

    @Test
    void chargeRulesOnTheirOwn() {
        String[] problem = new String[1];
        var usage = CostDetailsNormalizer.charge(null, null, null, problem);
        assertThat(usage.category()).isEqualTo(ChargeCategory.USAGE);
        assertThat(usage.pricing()).isEqualTo(PricingCategory.STANDARD);
        assertThat(CostDetailsNormalizer.charge("RoundingAdjustment", "", null, problem).category()).isEqualTo(ChargeCategory.ADJUSTMENT);
        assertThat(CostDetailsNormalizer.charge("Tax", "", null, problem).category()).isEqualTo(ChargeCategory.TAX);
        assertThat(CostDetailsNormalizer.charge("Credit", "", null, problem).category()).isEqualTo(ChargeCategory.CREDIT);
        assertThat(CostDetailsNormalizer.charge("Usage", "Whatever", null, problem)).isNull();
        assertThat(problem[0]).isEqualTo("unknown PricingModel 'Whatever'");
    }
}
