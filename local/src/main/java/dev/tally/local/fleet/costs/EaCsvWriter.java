package dev.tally.local.fleet.costs;

import dev.tally.ingest.costs.normalize.CostView;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * EA cost details (Microsoft's {@code actualcost}/{@code amortizedcost} exports) in the column
 * order of the real files ({@code EA_AmortizedCost_Small.csv}: the same 55 columns, BOM, US
 * dates {@code MM/dd/yyyy}, LF, quotes only where needed, Tags as JSON members without braces).
 * Amortized view: reserved usage at the reservation's rate and the unused hours, no purchases.
 * Actual view: reserved usage at 0 and the monthly purchases, no unused rows.
 */
public final class EaCsvWriter {
    public static final List<String> HEADER = List.of("BillingAccountId", "BillingAccountName",
            "BillingPeriodStartDate", "BillingPeriodEndDate", "BillingProfileId", "BillingProfileName",
            "AccountOwnerId", "AccountName", "SubscriptionId", "SubscriptionName", "Date", "Product", "PartNumber",
            "MeterId", "ServiceFamily", "MeterCategory", "MeterSubCategory", "MeterRegion", "MeterName", "Quantity",
            "EffectivePrice", "Cost", "UnitPrice", "BillingCurrency", "ResourceLocation", "AvailabilityZone",
            "ConsumedService", "ResourceId", "ResourceName", "ServiceInfo1", "ServiceInfo2", "AdditionalInfo", "Tags",
            "InvoiceSectionId", "InvoiceSection", "CostCenter", "UnitOfMeasure", "ResourceGroup", "ReservationId",
            "ReservationName", "ProductOrderId", "ProductOrderName", "OfferId", "IsAzureCreditEligible", "Term",
            "PublisherName", "PlanName", "ChargeType", "Frequency", "PublisherType", "PayGPrice", "PricingModel",
            "CostAllocationRuleName", "benefitId", "benefitName");
    static final DateTimeFormatter US_DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy");
    static final String REGION = "westeurope";

    private final FleetCostSpec.BillingAccount account;
    private final CostView view;

    public EaCsvWriter(FleetCostSpec.BillingAccount account, CostView view) {
        this.account = account;
        this.view = view;
    }

    /** Whether this view has the row: purchases only in actual, unused hours only in amortized. */
    public boolean includes(CostRow row) {
        return switch (row.chargeType()) {
            case USAGE -> true;
            case PURCHASE -> view == CostView.ACTUAL;
            case UNUSED_RESERVATION -> view == CostView.AMORTIZED;
        };
    }

    /** The view's cost of a row: billed for actual, effective for amortized. */
    public BigDecimal cost(CostRow row) {
        return view == CostView.ACTUAL ? row.billedCost() : row.effectiveCost();
    }

    /** Writes the BOM, the header and the view's rows; returns the rows written. */
    public long write(Writer w, List<CostRow> rows) throws IOException {
        w.write('\uFEFF');
        CsvText.record(w, HEADER);
        long n = 0;
        for (CostRow row : rows) {
            if (includes(row)) {
                CsvText.record(w, fields(row));
                n++;
            }
        }
        return n;
    }

    private List<String> fields(CostRow r) {
        LocalDate periodStart = r.day().withDayOfMonth(1);
        LocalDate periodEnd = r.day().with(TemporalAdjusters.lastDayOfMonth());
        Meter m = r.meter();
        Reservation res = r.reservation();
        boolean purchase = r.chargeType() == CostRow.ChargeType.PURCHASE;
        BigDecimal cost = cost(r);
        // The actual view shows reserved usage at price 0; amortized at the reservation's rate.
        BigDecimal effectivePrice = r.reservedUsage() && view == CostView.ACTUAL ? BigDecimal.ZERO : r.effectiveUnitPrice();
        List<String> f = new ArrayList<>(HEADER.size());
        f.add(account.id());
        f.add(account.name());
        f.add(periodStart.format(US_DATE));
        f.add(periodEnd.format(US_DATE));
        f.add(account.id());
        f.add(account.name());
        f.add(account.ownerId());
        f.add(account.accountName());
        f.add(r.subscriptionId());
        f.add(r.subscriptionName());
        f.add(r.day().format(US_DATE));
        f.add(m.product());
        f.add(m.partNumber());
        f.add(m.meterId());
        f.add(m.serviceFamily());
        f.add(m.meterCategory());
        f.add(m.meterSubCategory());
        f.add(m.meterRegion());
        f.add(m.meterName());
        f.add(CsvText.number(r.quantity()));
        f.add(CsvText.number(effectivePrice));
        f.add(CsvText.number(cost));
        f.add(CsvText.number(r.listUnitPrice()));
        f.add(account.currency());
        f.add(REGION);
        f.add("");
        f.add(purchase ? "Microsoft.Capacity" : m.consumedService());
        f.add(r.resourceId());
        f.add(r.resourceName());
        f.add("");
        f.add(r.kind() == CostRow.Kind.VM ? "Canonical" : "");
        f.add(CsvText.jsonObject(r.additionalInfo()));
        f.add(CsvText.eaTags(r.tags()));
        f.add("");
        f.add(account.invoiceSection());
        f.add(account.costCenter());
        f.add(m.unitOfMeasure());
        f.add(r.resourceGroup());
        f.add(res == null ? "" : res.reservationId());
        f.add(res == null ? "" : res.name());
        f.add(res == null ? "" : res.orderId());
        f.add(res == null ? "" : productOrderName(res, r));
        f.add(account.offerId());
        f.add("True");
        f.add(res == null ? "" : Integer.toString(res.termMonths()));
        f.add("Microsoft");
        f.add(m.planName());
        f.add(r.chargeType().text());
        f.add(purchase ? "Recurring" : "UsageBased");
        f.add("Azure");
        // Reservation rows carry PayGPrice 0 in real exports (the reader never derives list cost from it).
        f.add(CsvText.number(res != null ? BigDecimal.ZERO : r.listUnitPrice()));
        f.add(res != null ? "Reservation" : "OnDemand");
        f.add("");
        f.add(res == null ? "" : res.benefitId());
        f.add(res == null ? "" : res.name());
        return f;
    }

    static String productOrderName(Reservation res, CostRow r) {
        return "Reserved VM Instance, " + vmSku(r) + ", " + Meter.REGION_BILLING_NAME + ", " + res.termText();
    }

    private static String vmSku(CostRow r) {
        // The product name's short size (D8s v5) back to the ARM name (Standard_D8s_v5).
        return "Standard_" + r.meter().meterName().replace(' ', '_');
    }
}
