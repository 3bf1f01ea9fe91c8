package dev.tally.common.rightsizing;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a container is at risk with its current requests and limits. */
public enum RiskReason {
    /** A replica was OOM-killed during the history. */
    @JsonProperty("oom-kills") OOM_KILLS,
    /** The CPU limit throttled the container in a noticeable share of its periods. */
    @JsonProperty("cpu-throttling") CPU_THROTTLING,
    /** The recommended memory request is above the current one. */
    @JsonProperty("memory-request-too-low") MEMORY_REQUEST_TOO_LOW,
    /** The recommended CPU request is above the current one. */
    @JsonProperty("cpu-request-too-low") CPU_REQUEST_TOO_LOW,
    /** A reason a newer writer knows and this reader does not (the topic stays readable). */
    @JsonEnumDefaultValue @JsonProperty("other") OTHER;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
