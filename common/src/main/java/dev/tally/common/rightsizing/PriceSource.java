package dev.tally.common.rightsizing;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which prices a recommendation's money is at (docs/rightsizing.md, "Money"): the workload's own
 * allocated price, its cluster's, or the configured fallback while the allocation job has sent none.
 */
public enum PriceSource {
    /** What the allocation job charged this workload per requested core-hour and GiB-hour. */
    @JsonProperty("allocated-workload") ALLOCATED_WORKLOAD,
    /** What the allocation job charged per core-hour and GiB-hour of the workload's cluster (a workload it has not charged yet). */
    @JsonProperty("allocated-cluster") ALLOCATED_CLUSTER,
    /** The configured price list: no allocated price for the cluster has arrived yet. */
    @JsonEnumDefaultValue @JsonProperty("configured") CONFIGURED;

    /** The word on the wire and in ClickHouse, e.g. {@code allocated-workload}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
