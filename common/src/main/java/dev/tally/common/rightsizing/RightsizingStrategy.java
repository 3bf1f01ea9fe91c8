package dev.tally.common.rightsizing;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which method produced a recommendation (docs/rightsizing.md). */
public enum RightsizingStrategy {
    /** The Kubernetes VPA recommender's decaying histograms. */
    @JsonProperty("vpa") VPA,
    /** robusta KRR's {@code simple}: a CPU percentile, memory peak plus a buffer. */
    @JsonProperty("simple") SIMPLE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
