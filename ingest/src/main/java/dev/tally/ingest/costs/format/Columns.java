package dev.tally.ingest.costs.format;

/**
 * Every source column the normalizer reads, with the spellings seen in real exports
 * (finops-toolkit export schemas, OpenCost and koku fixtures, the FOCUS sample). The first
 * spelling present in a header wins.
 */
public final class Columns {
    private Columns() {}

    // cost details (EA, MCA) and legacy pay-as-you-go
    public static final ColumnName DATE = ColumnName.of("Date", "UsageDateTime", "UsageDate");
    public static final ColumnName COST = ColumnName.of("CostInBillingCurrency", "Cost", "PreTaxCost");
    public static final ColumnName PAYG_COST = ColumnName.of("PaygCostInBillingCurrency");
    public static final ColumnName CURRENCY = ColumnName.of("BillingCurrency", "BillingCurrencyCode", "Currency");
    public static final ColumnName BILLING_PERIOD_START_DATE = ColumnName.of("BillingPeriodStartDate");
    public static final ColumnName BILLING_PERIOD_END_DATE = ColumnName.of("BillingPeriodEndDate");
    public static final ColumnName SUBSCRIPTION_ID = ColumnName.of("SubscriptionId", "SubscriptionGuid");
    public static final ColumnName SUBSCRIPTION_NAME = ColumnName.of("SubscriptionName");
    public static final ColumnName RESOURCE_ID = ColumnName.of("ResourceId", "InstanceName", "InstanceId");
    public static final ColumnName RESOURCE_NAME_CD = ColumnName.of("ResourceName");
    public static final ColumnName RESOURCE_GROUP = ColumnName.of("ResourceGroup", "ResourceGroupName");
    public static final ColumnName RESOURCE_LOCATION = ColumnName.of("ResourceLocation");
    public static final ColumnName METER_CATEGORY = ColumnName.of("MeterCategory");
    public static final ColumnName PRODUCT = ColumnName.of("ProductName", "Product");
    public static final ColumnName CHARGE_TYPE = ColumnName.of("ChargeType");
    public static final ColumnName PRICING_MODEL = ColumnName.of("PricingModel");
    public static final ColumnName RESERVATION_ID = ColumnName.of("ReservationId");
    public static final ColumnName RESERVATION_NAME = ColumnName.of("ReservationName");
    public static final ColumnName BENEFIT_ID = ColumnName.of("BenefitId");
    public static final ColumnName BENEFIT_NAME = ColumnName.of("BenefitName");
    public static final ColumnName QUANTITY = ColumnName.of("Quantity", "UsageQuantity");
    public static final ColumnName UNIT_OF_MEASURE = ColumnName.of("UnitOfMeasure");
    public static final ColumnName ADDITIONAL_INFO = ColumnName.of("AdditionalInfo");

    // FOCUS (1.0-preview spellings second)
    public static final ColumnName BILLED_COST = ColumnName.of("BilledCost");
    public static final ColumnName EFFECTIVE_COST = ColumnName.of("EffectiveCost");
    public static final ColumnName LIST_COST = ColumnName.of("ListCost");
    public static final ColumnName BILLING_CURRENCY = ColumnName.of("BillingCurrency");
    public static final ColumnName BILLING_PERIOD_START = ColumnName.of("BillingPeriodStart");
    public static final ColumnName BILLING_PERIOD_END = ColumnName.of("BillingPeriodEnd");
    public static final ColumnName CHARGE_PERIOD_START = ColumnName.of("ChargePeriodStart");
    public static final ColumnName CHARGE_PERIOD_END = ColumnName.of("ChargePeriodEnd");
    public static final ColumnName CHARGE_CATEGORY = ColumnName.of("ChargeCategory");
    public static final ColumnName CHARGE_CLASS = ColumnName.of("ChargeClass");
    public static final ColumnName CHARGE_DESCRIPTION = ColumnName.of("ChargeDescription");
    public static final ColumnName PRICING_CATEGORY = ColumnName.of("PricingCategory");
    public static final ColumnName COMMITMENT_DISCOUNT_ID = ColumnName.of("CommitmentDiscountId");
    public static final ColumnName COMMITMENT_DISCOUNT_NAME = ColumnName.of("CommitmentDiscountName");
    public static final ColumnName COMMITMENT_DISCOUNT_TYPE = ColumnName.of("CommitmentDiscountType");
    public static final ColumnName COMMITMENT_DISCOUNT_STATUS = ColumnName.of("CommitmentDiscountStatus");
    public static final ColumnName FOCUS_RESOURCE_ID = ColumnName.of("ResourceId");
    public static final ColumnName RESOURCE_NAME = ColumnName.of("ResourceName");
    public static final ColumnName SERVICE_NAME = ColumnName.of("ServiceName");
    public static final ColumnName SUB_ACCOUNT_ID = ColumnName.of("SubAccountId");
    public static final ColumnName SUB_ACCOUNT_NAME = ColumnName.of("SubAccountName");
    public static final ColumnName REGION_ID = ColumnName.of("RegionId", "Region");
    public static final ColumnName PROVIDER_NAME = ColumnName.of("ProviderName", "Provider");
    public static final ColumnName CONSUMED_QUANTITY = ColumnName.of("ConsumedQuantity", "UsageQuantity");
    public static final ColumnName CONSUMED_UNIT = ColumnName.of("ConsumedUnit", "UsageUnit");
    public static final ColumnName X_RESOURCE_GROUP = ColumnName.of("x_ResourceGroupName");
    public static final ColumnName X_SKU_DETAILS = ColumnName.of("x_SkuDetails");

    // both
    public static final ColumnName TAGS = ColumnName.of("Tags");
}
