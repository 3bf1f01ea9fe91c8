package dev.tally.ingest.costs.normalize;

import dev.tally.ingest.costs.format.CostExportFormat;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * One cost row, the same shape whatever the export format, with FOCUS column names. Money is
 * {@link BigDecimal} exactly as written in the file (scale kept); times are UTC instants, period
 * ends exclusive. Nullable: everything but the source, format, costs, currency, charge period
 * and charge category (FOCUS allows nulls there too, or the file lacks the column).
 *
 * @param resourceId          lower-cased (Azure ids are case-insensitive and exports disagree on case)
 * @param resourceName        as written (names keep their case)
 * @param resourceGroupName   as written (case varies between rows of one file; compare ignoring case)
 * @param subAccountId        {@code /subscriptions/<guid>} for Azure, lower-cased
 * @param commitmentDiscountType   {@code Reservation} or {@code Savings Plan} (FOCUS: provider's text)
 * @param commitmentDiscountStatus {@code Used} or {@code Unused}
 * @param tags                the resource's tags (empty when none)
 * @param skuDetails          {@code AdditionalInfo} / {@code x_SkuDetails} as text values (empty when none)
 */
public record CostLineItem(
        String sourceFile,
        long sourceLine,
        CostExportFormat format,
        String providerName,
        BigDecimal billedCost,
        BigDecimal effectiveCost,
        BigDecimal listCost,
        String billingCurrency,
        Instant billingPeriodStart,
        Instant billingPeriodEnd,
        Instant chargePeriodStart,
        Instant chargePeriodEnd,
        ChargeCategory chargeCategory,
        String chargeClass,
        String chargeDescription,
        PricingCategory pricingCategory,
        String commitmentDiscountId,
        String commitmentDiscountName,
        String commitmentDiscountType,
        String commitmentDiscountStatus,
        String resourceId,
        String resourceName,
        String resourceGroupName,
        String serviceName,
        String subAccountId,
        String subAccountName,
        String regionId,
        BigDecimal consumedQuantity,
        String consumedUnit,
        Map<String, String> tags,
        Map<String, String> skuDetails,
        KubernetesHints kubernetes) implements CostReadResult {

    public CostLineItem {
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        skuDetails = skuDetails == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(skuDetails));
        kubernetes = kubernetes == null ? KubernetesHints.NONE : kubernetes;
    }
}
