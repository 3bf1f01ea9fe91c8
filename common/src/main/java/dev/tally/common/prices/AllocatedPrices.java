package dev.tally.common.prices;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What the allocation job charged per requested core-hour and GiB-hour on one day of one
 * cluster, in the export's currency, in both views (billed: actual cost; effective: amortized):
 * the record of {@code tally.allocated-prices.v1} (docs/allocation.md, "Allocated prices"), which
 * the rightsizing job prices its recommendations with. One record for the whole cluster
 * ({@link #clusterWide()}: namespace, kind and name empty) and one per workload it charged.
 *
 * @param cluster           the cluster
 * @param day               the UTC day the prices were charged on
 * @param namespace         the workload's namespace; empty for the cluster-wide record
 * @param workloadKind      the workload's controller kind; empty for the cluster-wide record
 * @param workloadName      the workload's name; empty for the cluster-wide record
 * @param currency          ISO 4217 code of the four prices
 * @param billedCpuCoreHour     billed cost of one core for one hour
 * @param billedMemoryGibHour   billed cost of one GiB (2^30 bytes) for one hour
 * @param effectiveCpuCoreHour  effective (amortized) cost of one core for one hour
 * @param effectiveMemoryGibHour effective (amortized) cost of one GiB for one hour
 * @param version           the cluster-day's computation (as {@code cost_allocation_daily.version}): newer wins
 */
public record AllocatedPrices(String cluster, LocalDate day, String namespace, String workloadKind, String workloadName,
                              String currency,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal billedCpuCoreHour,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal billedMemoryGibHour,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal effectiveCpuCoreHour,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal effectiveMemoryGibHour,
                              long version) implements Serializable {

    public AllocatedPrices {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(billedCpuCoreHour, "billedCpuCoreHour");
        Objects.requireNonNull(billedMemoryGibHour, "billedMemoryGibHour");
        Objects.requireNonNull(effectiveCpuCoreHour, "effectiveCpuCoreHour");
        Objects.requireNonNull(effectiveMemoryGibHour, "effectiveMemoryGibHour");
        namespace = namespace == null ? "" : namespace;
        workloadKind = workloadKind == null ? "" : workloadKind;
        workloadName = workloadName == null ? "" : workloadName;
    }

    /** The cluster's prices, for workloads without their own. */
    public boolean clusterWide() {
        return namespace.isEmpty() && workloadKind.isEmpty() && workloadName.isEmpty();
    }

    /** Later day, then higher version: this one replaces {@code other} for the same workload. */
    public boolean newerThan(AllocatedPrices other) {
        int byDay = day.compareTo(other.day);
        if (byDay != 0) {
            return byDay > 0;
        }
        // two currencies on one day (rare): one stable choice
        return version != other.version ? version > other.version : currency.compareTo(other.currency) < 0;
    }
}
