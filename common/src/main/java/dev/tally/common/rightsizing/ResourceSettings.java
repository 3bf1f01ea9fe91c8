package dev.tally.common.rightsizing;

import java.io.Serializable;

/**
 * Requests and limits of one container; null where none is set (or, for the current values,
 * where kube-state-metrics did not report one).
 */
public record ResourceSettings(Double cpuRequestCores, Double cpuLimitCores,
                               Long memoryRequestBytes, Long memoryLimitBytes) implements Serializable {

    public static ResourceSettings none() {
        return new ResourceSettings(null, null, null, null);
    }
}
