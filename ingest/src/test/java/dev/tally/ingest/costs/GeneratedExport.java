package dev.tally.ingest.costs;

import java.io.Reader;
import java.math.BigDecimal;

/**
 * An EA amortized export of any size produced on the fly (nothing on disk, nothing held): row i
 * costs {@code (i mod 1000) / 100} USD, every fifth row has a quoted multi-line resource name and
 * braces-less tags, so the reader's slow paths are on the way.
 */
final class GeneratedExport extends Reader {
    static final String HEADER = "BillingPeriodStartDate,BillingPeriodEndDate,AccountOwnerId,SubscriptionId,Date,Cost,"
            + "BillingCurrency,ResourceId,ResourceName,ResourceGroup,ChargeType,PricingModel,Tags,AdditionalInfo\n";

    private final long rows;
    private long next;
    private final StringBuilder buffer = new StringBuilder(HEADER);
    private int position;
    private long charsServed;

    GeneratedExport(long rows) {
        this.rows = rows;
    }

    static BigDecimal expectedTotal(long rows) {
        long full = rows / 1000;
        long rest = rows % 1000;
        long cents = full * (999L * 1000 / 2) + rest * (rest - 1) / 2;
        return BigDecimal.valueOf(cents, 2);
    }

    private void fill() {
        buffer.setLength(0);
        position = 0;
        long i = next++;
        String name = i % 5 == 0 ? "\"aks-pool" + (i % 7) + "-12345678-vmss\n, \"\"quoted\"\"\"" : "aks-pool" + (i % 7) + "-12345678-vmss";
        buffer.append("09/01/2023,09/30/2023,owner@example.com,9ec51cfd-5ca7-4d76-8101-dd0a4abc5674,09/")
                .append(1 + i % 30 < 10 ? "0" : "").append(1 + i % 30).append("/2023,")
                .append(BigDecimal.valueOf(i % 1000, 2).toPlainString()).append(",USD,")
                .append("/subscriptions/9ec51cfd-5ca7-4d76-8101-dd0a4abc5674/resourceGroups/MC_rg_cluster-")
                .append(i % 3).append("_eastus/providers/Microsoft.Compute/virtualMachineScaleSets/aks-pool")
                .append(i % 7).append("-12345678-vmss,").append(name).append(",MC_rg_cluster-").append(i % 3)
                .append("_eastus,Usage,OnDemand,\"\"\"aks-managed-poolName\"\": \"\"pool").append(i % 7)
                .append("\"\",\"\"team\"\": \"\"t").append(i % 11).append("\"\"\",")
                .append("\"{\"\"ServiceType\"\":\"\"Standard_D4s_v5\"\",\"\"VMName\"\":\"\"aks-pool")
                .append(i % 7).append("-12345678-vmss_").append(i % 13).append("\"\"}\"\n");
    }

    @Override
    public int read(char[] cbuf, int off, int len) {
        if (position >= buffer.length()) {
            if (next >= rows) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, buffer.length() - position);
        buffer.getChars(position, position + n, cbuf, off);
        position += n;
        charsServed += n;
        return n;
    }

    long charsServed() {
        return charsServed;
    }

    @Override
    public void close() {}
}
