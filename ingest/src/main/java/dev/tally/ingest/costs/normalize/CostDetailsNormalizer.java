package dev.tally.ingest.costs.normalize;

import static dev.tally.ingest.costs.format.Columns.*;

import dev.tally.ingest.costs.format.CostExportFormat;
import dev.tally.ingest.costs.format.HeaderIndex;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * EA, MCA and pay-as-you-go cost details → {@link CostLineItem}. The column mapping follows
 * Microsoft's "update reports to use FOCUS columns" table; the rules are ours:
 * <ul>
 *   <li>the one cost column ({@code CostInBillingCurrency}/{@code Cost}/{@code PreTaxCost}) is the
 *       view's cost: {@link #billedCost} and {@link #effectiveCost} say how it splits;</li>
 *   <li>{@code Date} is a day: ChargePeriod = [Date, Date + 1 day);
 *       {@code BillingPeriodEndDate} is inclusive: BillingPeriodEnd = it + 1 day; empty → null;</li>
 *   <li>ChargeType → ChargeCategory (+ ChargeClass, CommitmentDiscountStatus), PricingModel →
 *       PricingCategory (+ CommitmentDiscountType); unknown values are rejected, not guessed;</li>
 *   <li>CommitmentDiscountId = {@code BenefitId}, else {@code ReservationId}, lower-cased.</li>
 * </ul>
 */
public final class CostDetailsNormalizer extends RowNormalizer {
    private final CostView view;
    private final String currencyWhenAbsent;

    CostDetailsNormalizer(String sourceFile, HeaderIndex header, CostExportFormat format, CostView view,
            String currencyWhenAbsent) {
        super(sourceFile, header, format);
        this.view = view;
        this.currencyWhenAbsent = currencyWhenAbsent;
    }

    /** How ChargeType and PricingModel read in FOCUS terms. */
    public record Charge(ChargeCategory category, String chargeClass, PricingCategory pricing,
            String commitmentType, String commitmentStatus) {

        /** A reservation or savings-plan purchase (or its refund): money amortized elsewhere. */
        public boolean isCommitmentPurchase() {
            return category == ChargeCategory.PURCHASE && commitmentType != null;
        }

        /** Usage paid by a commitment, or the commitment's unused part: billed at purchase. */
        public boolean isCommitmentCovered() {
            return category == ChargeCategory.USAGE && commitmentType != null;
        }
    }

    /**
     * ChargeType (empty: Usage) and PricingModel (empty: Standard), or null with the reason in
     * {@code problem[0]} when either is a value Azure does not document.
     */
    public static Charge charge(String chargeType, String pricingModel, String lowerResourceId, String[] problem) {
        String ct = chargeType == null ? "usage" : chargeType.toLowerCase(Locale.ROOT);
        String pm = pricingModel == null ? "" : pricingModel.toLowerCase(Locale.ROOT);
        String type = switch (pm) {
            case "reservation" -> "Reservation";
            case "savingsplan", "savings plan" -> "Savings Plan";
            default -> null;
        };
        PricingCategory pricing = switch (pm) {
            case "", "ondemand", "on demand" -> PricingCategory.STANDARD;
            case "reservation", "savingsplan", "savings plan" -> PricingCategory.COMMITTED;
            case "spot" -> PricingCategory.DYNAMIC;
            default -> null;
        };
        if (pricing == null) {
            problem[0] = "unknown PricingModel '" + pricingModel + "'";
            return null;
        }
        if (type == null && lowerResourceId != null) {
            // purchases sometimes lack PricingModel; the order id says what was bought
            if (lowerResourceId.startsWith("/providers/microsoft.capacity/reservationorders/")) {
                type = "Reservation";
            } else if (lowerResourceId.startsWith("/providers/microsoft.billingbenefits/savingsplanorders/")) {
                type = "Savings Plan";
            }
        }
        return switch (ct) {
            case "usage" -> new Charge(ChargeCategory.USAGE, null, pricing, type, type == null ? null : "Used");
            case "unusedreservation" -> new Charge(ChargeCategory.USAGE, null, PricingCategory.COMMITTED,
                    "Reservation", "Unused");
            case "unusedsavingsplan" -> new Charge(ChargeCategory.USAGE, null, PricingCategory.COMMITTED,
                    "Savings Plan", "Unused");
            case "purchase" -> new Charge(ChargeCategory.PURCHASE, null, pricing, type, null);
            case "refund" -> new Charge(ChargeCategory.PURCHASE, "Correction", pricing, type, null);
            case "tax" -> new Charge(ChargeCategory.TAX, null, pricing, null, null);
            case "roundingadjustment", "adjustment" -> new Charge(ChargeCategory.ADJUSTMENT, null, pricing, null, null);
            case "credit" -> new Charge(ChargeCategory.CREDIT, null, pricing, null, null);
            default -> {
                problem[0] = "unknown ChargeType '" + chargeType + "'";
                yield null;
            }
        };
    }

    /** Actual view: the invoice. Amortized view: zero for commitment-covered rows (invoiced at purchase). */
    public static BigDecimal billedCost(CostView view, Charge charge, BigDecimal cost) {
        return view == CostView.AMORTIZED && charge.isCommitmentCovered() ? BigDecimal.ZERO : cost;
    }

    /** Both views: zero for commitment purchases and refunds, whose money the amortized usage rows carry. */
    public static BigDecimal effectiveCost(CostView view, Charge charge, BigDecimal cost) {
        return charge.isCommitmentPurchase() ? BigDecimal.ZERO : cost;
    }

    @Override
    protected CostLineItem read(Fields f) throws RowError {
        BigDecimal cost = f.decimal(COST, true);
        Instant day = f.instant(DATE, true);
        Instant periodStart = f.instant(BILLING_PERIOD_START_DATE, false);
        Instant periodEndInclusive = f.instant(BILLING_PERIOD_END_DATE, false);

        String currency = f.text(CURRENCY);
        if (currency == null) {
            currency = currencyWhenAbsent;
        }
        if (currency == null) {
            throw new RowError(f.cellName(CURRENCY), header.has(CURRENCY)
                    ? "empty, and no currency was given for this import"
                    : "the file has no currency column, and no currency was given for this import");
        }
        currency = currency.toUpperCase(Locale.ROOT);
        if (!ISO_CURRENCY.matcher(currency).matches()) {
            throw new RowError(f.cellName(CURRENCY), "not an ISO 4217 code: '" + clip(currency) + "'");
        }

        String rawResourceId = f.text(RESOURCE_ID);
        String resourceId = rawResourceId == null ? null : rawResourceId.toLowerCase(Locale.ROOT);
        String[] problem = new String[1];
        Charge charge = charge(f.text(CHARGE_TYPE), f.text(PRICING_MODEL), resourceId, problem);
        if (charge == null) {
            throw new RowError(problem[0].contains("PricingModel") ? f.cellName(PRICING_MODEL)
                    : f.cellName(CHARGE_TYPE), problem[0]);
        }

        String commitmentId = f.text(BENEFIT_ID);
        if (commitmentId == null) {
            commitmentId = f.text(RESERVATION_ID);
        }
        String commitmentName = f.text(BENEFIT_NAME);
        if (commitmentName == null) {
            commitmentName = f.text(RESERVATION_NAME);
        }

        Map<String, String> tags = f.json(TAGS);
        Map<String, String> skuDetails = f.json(ADDITIONAL_INFO);
        String resourceName = f.text(RESOURCE_NAME_CD);
        if (resourceName == null) {
            resourceName = lastSegment(rawResourceId);
        }
        String resourceGroup = f.text(RESOURCE_GROUP);
        if (resourceGroup == null) {
            resourceGroup = resourceGroupFromId(rawResourceId);
        }
        String subscription = f.text(SUBSCRIPTION_ID);
        String subAccountId = subscription == null ? null
                : (subscription.startsWith("/") ? subscription : "/subscriptions/" + subscription).toLowerCase(Locale.ROOT);

        return new CostLineItem(
                sourceFile, f.line(), format, "Microsoft",
                billedCost(view, charge, cost),
                effectiveCost(view, charge, cost),
                f.decimal(PAYG_COST, false),
                currency,
                periodStart,
                periodEndInclusive == null ? null : periodEndInclusive.plus(1, ChronoUnit.DAYS),
                day,
                day.plus(1, ChronoUnit.DAYS),
                charge.category(),
                charge.chargeClass(),
                f.text(PRODUCT),
                charge.pricing(),
                commitmentId == null ? null : commitmentId.toLowerCase(Locale.ROOT),
                commitmentName,
                charge.commitmentType(),
                charge.commitmentStatus(),
                resourceId,
                resourceName,
                resourceGroup,
                f.text(METER_CATEGORY),
                subAccountId,
                f.text(SUBSCRIPTION_NAME),
                Regions.regionId(f.text(RESOURCE_LOCATION)),
                f.decimal(QUANTITY, false),
                f.text(UNIT_OF_MEASURE),
                tags,
                skuDetails,
                KubernetesHintRules.derive(resourceId, resourceName, resourceGroup, tags, skuDetails));
    }
}
