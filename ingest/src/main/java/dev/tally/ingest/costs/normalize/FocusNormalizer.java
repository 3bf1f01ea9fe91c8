package dev.tally.ingest.costs.normalize;

import static dev.tally.ingest.costs.format.Columns.*;

import dev.tally.ingest.costs.format.CostExportFormat;
import dev.tally.ingest.costs.format.HeaderIndex;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * FOCUS → {@link CostLineItem}: the columns are already ours, so the rules are about values.
 * The literal text {@code NULL} is null (the FOCUS sample writes it); ChargeCategory and
 * PricingCategory must be FOCUS values; ResourceId and RegionId are lower-cased; the charge and
 * billing periods are required (nothing is assumed for a missing end). Other providers' rows
 * (AWS, Oracle in the sample) are read too, with their ProviderName; choosing them is not the
 * reader's business.
 */
public final class FocusNormalizer extends RowNormalizer {

    FocusNormalizer(String sourceFile, HeaderIndex header, CostExportFormat format) {
        super(sourceFile, header, format);
    }

    @Override
    protected CostLineItem read(Fields f) throws RowError {
        BigDecimal billed = f.decimal(BILLED_COST, true);
        BigDecimal effective = f.decimal(EFFECTIVE_COST, true);
        String currency = f.text(BILLING_CURRENCY);
        if (currency == null || !ISO_CURRENCY.matcher(currency).matches()) {
            throw new RowError(f.cellName(BILLING_CURRENCY), currency == null ? "empty; a currency is required"
                    : "not an ISO 4217 code: '" + clip(currency) + "'");
        }
        Instant chargeStart = f.instant(CHARGE_PERIOD_START, true);
        Instant chargeEnd = f.instant(CHARGE_PERIOD_END, true);
        Instant periodStart = f.instant(BILLING_PERIOD_START, true);
        Instant periodEnd = f.instant(BILLING_PERIOD_END, true);

        String categoryText = f.text(CHARGE_CATEGORY);
        if (categoryText == null) {
            throw new RowError(f.cellName(CHARGE_CATEGORY), "empty; a charge category is required");
        }
        ChargeCategory category = ChargeCategory.fromFocus(categoryText);
        if (category == null) {
            throw new RowError(f.cellName(CHARGE_CATEGORY), "not a FOCUS charge category: '" + clip(categoryText) + "'");
        }
        String pricingText = f.text(PRICING_CATEGORY);
        PricingCategory pricing = null;
        if (pricingText != null) {
            pricing = PricingCategory.fromFocus(pricingText);
            if (pricing == null) {
                throw new RowError(f.cellName(PRICING_CATEGORY), "not a FOCUS pricing category: '" + clip(pricingText) + "'");
            }
        }

        String rawResourceId = f.text(FOCUS_RESOURCE_ID);
        String resourceId = rawResourceId == null ? null : rawResourceId.toLowerCase(Locale.ROOT);
        String resourceName = f.text(RESOURCE_NAME);
        if (resourceName == null) {
            resourceName = lastSegment(rawResourceId);
        }
        String resourceGroup = f.text(X_RESOURCE_GROUP);
        if (resourceGroup == null) {
            resourceGroup = resourceGroupFromId(rawResourceId);
        }
        Map<String, String> tags = f.json(TAGS);
        Map<String, String> skuDetails = f.json(X_SKU_DETAILS);
        String commitmentId = f.text(COMMITMENT_DISCOUNT_ID);
        String region = f.text(REGION_ID);

        return new CostLineItem(
                sourceFile, f.line(), format,
                f.text(PROVIDER_NAME),
                billed,
                effective,
                f.decimal(LIST_COST, false),
                currency.toUpperCase(Locale.ROOT),
                periodStart,
                periodEnd,
                chargeStart,
                chargeEnd,
                category,
                f.text(CHARGE_CLASS),
                f.text(CHARGE_DESCRIPTION),
                pricing,
                commitmentId == null ? null : commitmentId.toLowerCase(Locale.ROOT),
                f.text(COMMITMENT_DISCOUNT_NAME),
                f.text(COMMITMENT_DISCOUNT_TYPE),
                f.text(COMMITMENT_DISCOUNT_STATUS),
                resourceId,
                resourceName,
                resourceGroup,
                f.text(SERVICE_NAME),
                f.text(SUB_ACCOUNT_ID),
                f.text(SUB_ACCOUNT_NAME),
                region == null ? null : region.toLowerCase(Locale.ROOT),
                f.decimal(CONSUMED_QUANTITY, false),
                f.text(CONSUMED_UNIT),
                tags,
                skuDetails,
                KubernetesHintRules.derive(resourceId, resourceName, resourceGroup, tags, skuDetails));
    }
}
