package dev.tally.common.rightsizing;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a recommendation says about a container's current requests, in the users' words. */
public enum RightsizingStatus {
    /** Requests well above what the container uses: money to save. */
    @JsonProperty("over-provisioned") OVER_PROVISIONED,
    /** Requests below what the container needs, or it was OOM-killed or throttled: a risk. */
    @JsonProperty("under-provisioned") UNDER_PROVISIONED,
    /** Requests close to the recommendation. */
    @JsonProperty("ok") OK,
    /** Too little history to recommend anything yet. */
    @JsonProperty("not-enough-data") NOT_ENOUGH_DATA;

    /** The word on the wire and in ClickHouse, e.g. {@code over-provisioned}. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
