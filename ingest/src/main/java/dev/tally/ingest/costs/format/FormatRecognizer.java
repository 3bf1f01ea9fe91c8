package dev.tally.ingest.costs.format;

import static dev.tally.ingest.costs.format.Columns.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Tells the export format from its header row. Rules, in order:
 * <ol>
 *   <li>Any FOCUS cost column ({@code BilledCost}, {@code EffectiveCost}) or {@code ChargePeriodStart}:
 *       FOCUS. 1.2 when a column new in 1.2 is present ({@code InvoiceId}, {@code PricingCurrency},
 *       {@code ServiceSubcategory}, {@code SkuMeter}, {@code SkuPriceDetails},
 *       {@code CapacityReservationId}, {@code CommitmentDiscountQuantity}/{@code Unit}); 1.0-preview
 *       when it has {@code ChargeSubcategory} or lacks {@code ChargeClass}; otherwise 1.0 (or 1.0r2).</li>
 *   <li>{@code PreTaxCost}: legacy pay-as-you-go usage details.</li>
 *   <li>A cost-details cost column ({@code CostInBillingCurrency} or {@code Cost}): EA when an
 *       EA-only column is present ({@code AccountOwnerId}, {@code AccountName}, {@code DepartmentName}),
 *       MCA when an MCA-only one is ({@code InvoiceId}, {@code PartnerName}, {@code CustomerTenantId},
 *       {@code CostInPricingCurrency}, {@code ServicePeriodStartDate}, {@code ExchangeRatePricingToBilling}),
 *       else cost details of an unidentified agreement.</li>
 * </ol>
 * Then every column the format requires must be there; if not, or if no rule matched, one
 * {@link UnrecognizedExportException} names the missing columns of the closest format.
 */
public final class FormatRecognizer {
    private FormatRecognizer() {}

    public static final List<ColumnName> FOCUS_REQUIRED = List.of(BILLED_COST, EFFECTIVE_COST, BILLING_CURRENCY,
            CHARGE_PERIOD_START, CHARGE_PERIOD_END, BILLING_PERIOD_START, BILLING_PERIOD_END, CHARGE_CATEGORY);
    public static final List<ColumnName> COST_DETAILS_REQUIRED = List.of(DATE, COST);
    public static final List<ColumnName> PAYG_REQUIRED = List.of(ColumnName.of("UsageDateTime", "Date"),
            ColumnName.of("PreTaxCost"));

    public static List<ColumnName> required(CostExportFormat format) {
        return switch (format) {
            case FOCUS_1_0_PREVIEW, FOCUS_1_0, FOCUS_1_2 -> FOCUS_REQUIRED;
            case PAY_AS_YOU_GO -> PAYG_REQUIRED;
            case EA_COST_DETAILS, MCA_COST_DETAILS, COST_DETAILS -> COST_DETAILS_REQUIRED;
        };
    }

    public static CostExportFormat recognize(String source, HeaderIndex header) throws UnrecognizedExportException {
        CostExportFormat format = candidate(header);
        if (format != null) {
            List<String> missing = missing(header, required(format));
            if (missing.isEmpty()) {
                return format;
            }
            throw new UnrecognizedExportException(source, "looks like " + format.displayName()
                    + " but lacks column(s) " + String.join(", ", missing), missing);
        }
        // no rule matched: report the family that needs the fewest extra columns
        record Near(String name, List<String> missing) {}
        Near near = List.of(
                        new Near("cost details (EA/MCA)", missing(header, COST_DETAILS_REQUIRED)),
                        new Near("pay-as-you-go usage details", missing(header, PAYG_REQUIRED)),
                        new Near("FOCUS", missing(header, FOCUS_REQUIRED)))
                .stream().min(Comparator.comparingInt(n -> n.missing().size())).orElseThrow();
        throw new UnrecognizedExportException(source, "not a recognized cost export (" + header.size()
                + " header columns); closest is " + near.name() + ", which lacks column(s) "
                + String.join(", ", near.missing()), near.missing());
    }

    private static CostExportFormat candidate(HeaderIndex h) {
        if (h.has(BILLED_COST) || h.has(EFFECTIVE_COST) || h.has(CHARGE_PERIOD_START)) {
            if (h.hasAny("InvoiceId", "PricingCurrency", "ServiceSubcategory", "SkuMeter", "SkuPriceDetails",
                    "CapacityReservationId", "CommitmentDiscountQuantity", "CommitmentDiscountUnit")) {
                return CostExportFormat.FOCUS_1_2;
            }
            if (h.hasAny("ChargeSubcategory") || !h.hasAny("ChargeClass")) {
                return CostExportFormat.FOCUS_1_0_PREVIEW;
            }
            return CostExportFormat.FOCUS_1_0;
        }
        if (h.hasAny("PreTaxCost")) {
            return CostExportFormat.PAY_AS_YOU_GO;
        }
        if (h.hasAny("CostInBillingCurrency", "Cost")) {
            boolean ea = h.hasAny("AccountOwnerId", "AccountName", "DepartmentName");
            boolean mca = h.hasAny("InvoiceId", "PartnerName", "CustomerTenantId", "CostInPricingCurrency",
                    "ServicePeriodStartDate", "ExchangeRatePricingToBilling");
            if (ea && !mca) {
                return CostExportFormat.EA_COST_DETAILS;
            }
            if (mca && !ea) {
                return CostExportFormat.MCA_COST_DETAILS;
            }
            return CostExportFormat.COST_DETAILS;
        }
        return null;
    }

    private static List<String> missing(HeaderIndex header, List<ColumnName> required) {
        List<String> missing = new ArrayList<>();
        for (ColumnName c : required) {
            if (!header.has(c)) {
                missing.add(c.describe());
            }
        }
        return missing;
    }
}
