package dev.tally.local.fleet.costs;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * FOCUS 1.0 in the column order of Microsoft's FOCUS 1.0 cost export ({@code focuscost_1.0}
 * schema: the 43 FOCUS columns then Microsoft's {@code x_} columns, 96 in all). Every row carries
 * both costs: reserved usage is BilledCost 0 and EffectiveCost at the reservation's rate, unused
 * hours likewise (status {@code Unused}), the monthly purchase BilledCost = the payment and
 * EffectiveCost 0. Dates ISO 8601 UTC, nulls empty, Tags and x_SkuDetails as JSON objects.
 */
public final class FocusCsvWriter {
    public static final List<String> HEADER = List.of("BilledCost", "BillingAccountId", "BillingAccountName",
            "BillingAccountType", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory",
            "ChargeClass", "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart",
            "CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountStatus",
            "CommitmentDiscountType", "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "ContractedUnitPrice",
            "EffectiveCost", "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory", "PricingQuantity",
            "PricingUnit", "ProviderName", "PublisherName", "RegionId", "RegionName", "ResourceId", "ResourceName",
            "ResourceType", "ServiceCategory", "ServiceName", "SkuId", "SkuPriceId", "SubAccountId", "SubAccountName",
            "SubAccountType", "Tags", "x_AccountId", "x_AccountName", "x_AccountOwnerId", "x_BilledCostInUsd",
            "x_BilledUnitPrice", "x_BillingAccountId", "x_BillingAccountName", "x_BillingExchangeRate",
            "x_BillingExchangeRateDate", "x_BillingProfileId", "x_BillingProfileName", "x_ContractedCostInUsd",
            "x_CostAllocationRuleName", "x_CostCenter", "x_CustomerId", "x_CustomerName", "x_EffectiveCostInUsd",
            "x_EffectiveUnitPrice", "x_InvoiceId", "x_InvoiceIssuerId", "x_InvoiceSectionId", "x_InvoiceSectionName",
            "x_ListCostInUsd", "x_PartnerCreditApplied", "x_PartnerCreditRate", "x_PricingBlockSize",
            "x_PricingCurrency", "x_PricingSubcategory", "x_PricingUnitDescription", "x_PublisherCategory",
            "x_PublisherId", "x_ResellerId", "x_ResellerName", "x_ResourceGroupName", "x_ResourceType",
            "x_ServicePeriodEnd", "x_ServicePeriodStart", "x_SkuDescription", "x_SkuDetails", "x_SkuIsCreditEligible",
            "x_SkuMeterCategory", "x_SkuMeterId", "x_SkuMeterName", "x_SkuMeterSubcategory", "x_SkuOfferId",
            "x_SkuOrderId", "x_SkuOrderName", "x_SkuPartNumber", "x_SkuRegion", "x_SkuServiceFamily", "x_SkuTerm",
            "x_SkuTier");
    static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private final FleetCostSpec.BillingAccount account;

    public FocusCsvWriter(FleetCostSpec.BillingAccount account) {
        this.account = account;
    }

    /** Writes the header and every row; returns the rows written. */
    public long write(Writer w, List<CostRow> rows) throws IOException {
        CsvText.record(w, HEADER);
        for (CostRow row : rows) {
            CsvText.record(w, fields(row));
        }
        return rows.size();
    }

    private static String instant(LocalDate day) {
        return day.atStartOfDay().format(ISO);
    }

    private List<String> fields(CostRow r) {
        Meter m = r.meter();
        Reservation res = r.reservation();
        boolean purchase = r.chargeType() == CostRow.ChargeType.PURCHASE;
        boolean unused = r.chargeType() == CostRow.ChargeType.UNUSED_RESERVATION;
        LocalDate periodStart = r.day().withDayOfMonth(1);
        String resourceId = r.resourceId().toLowerCase(java.util.Locale.ROOT);
        String pricingSubcategory = res == null ? "Standard" : "Committed Usage";
        List<String> f = new ArrayList<>(HEADER.size());
        f.add(CsvText.number(r.billedCost()));
        f.add(account.id());
        f.add(account.name());
        f.add("Enterprise Agreement");
        f.add(account.currency());
        f.add(instant(periodStart.plusMonths(1)));
        f.add(instant(periodStart));
        f.add(purchase ? "Purchase" : "Usage");
        f.add("");
        f.add(m.product());
        f.add(purchase ? "Recurring" : "Usage-Based");
        f.add(instant(r.day().plusDays(1)));
        f.add(instant(r.day()));
        f.add(res == null ? "" : "Usage");
        f.add(res == null ? "" : res.benefitId().toLowerCase(java.util.Locale.ROOT));
        f.add(res == null ? "" : res.name());
        f.add(res == null || purchase ? "" : unused ? "Unused" : "Used");
        f.add(res == null ? "" : "Reservation");
        f.add(purchase ? "" : CsvText.number(r.quantity()));
        f.add(purchase ? "" : m.focusUnit());
        f.add(CsvText.number(r.listCost()));
        f.add(CsvText.number(r.listUnitPrice()));
        f.add(CsvText.number(r.effectiveCost()));
        f.add("Microsoft");
        f.add(CsvText.number(r.listCost()));
        f.add(CsvText.number(r.listUnitPrice()));
        f.add(res == null ? "Standard" : "Committed");
        f.add(CsvText.number(r.quantity()));
        f.add(purchase ? "Units" : m.focusUnit());
        f.add("Microsoft");
        f.add("Microsoft");
        f.add(EaCsvWriter.REGION);
        f.add("West Europe");
        f.add(resourceId);
        f.add(r.resourceName());
        f.add(purchase || unused ? "Reservation" : m.focusResourceType());
        f.add(m.focusServiceCategory());
        f.add(m.focusServiceName());
        f.add(m.meterId());
        f.add(m.meterId() + "_" + m.partNumber());
        f.add("/subscriptions/" + r.subscriptionId());
        f.add(r.subscriptionName());
        f.add("Subscription");
        f.add(CsvText.jsonObject(r.tags()));
        f.add(account.id());
        f.add(account.accountName());
        f.add(account.ownerId());
        f.add(CsvText.number(r.billedCost()));
        f.add(CsvText.number(purchase ? r.listUnitPrice() : r.reservedUsage() || unused ? BigDecimal.ZERO : r.listUnitPrice()));
        f.add(account.id());
        f.add(account.name());
        f.add("1");
        f.add(instant(periodStart));
        f.add(account.id());
        f.add(account.name());
        f.add(CsvText.number(r.listCost()));
        f.add("");
        f.add(account.costCenter());
        f.add("");
        f.add("");
        f.add(CsvText.number(r.effectiveCost()));
        f.add(CsvText.number(purchase ? BigDecimal.ZERO : r.effectiveUnitPrice()));
        f.add("");
        f.add("");
        f.add("");
        f.add(account.invoiceSection());
        f.add(CsvText.number(r.listCost()));
        f.add("");
        f.add("");
        f.add("1");
        f.add(account.currency());
        f.add(pricingSubcategory);
        f.add(m.unitOfMeasure());
        f.add("Cloud Provider");
        f.add("");
        f.add("");
        f.add("");
        f.add(r.resourceGroup());
        f.add(purchase || unused ? "microsoft.capacity/reservationorders" : m.armResourceType());
        f.add(instant(r.day().plusDays(1)));
        f.add(instant(r.day()));
        f.add(m.product());
        f.add(CsvText.jsonObject(r.additionalInfo()));
        f.add("True");
        f.add(m.meterCategory());
        f.add(m.meterId());
        f.add(m.meterName());
        f.add(m.meterSubCategory());
        f.add(account.offerId());
        f.add(res == null ? "" : res.orderId());
        f.add(res == null ? "" : EaCsvWriter.productOrderName(res, r));
        f.add(m.partNumber());
        f.add(Meter.REGION_BILLING_NAME);
        f.add(m.serviceFamily());
        f.add(res == null ? "" : Integer.toString(res.termMonths()));
        f.add(m.planName());
        return f;
    }
}
