package dev.tally.jobs.rightsizing;

import java.io.Serializable;

/**
 * How recommended limits follow from recommended requests.
 *
 * @param memoryLimitToRequest memory limit = request × this (default 1: the limit is the request, so a
 *                             container cannot use memory it did not reserve); null: no memory limit
 * @param cpuLimitToRequest    CPU limit = request × this; null (default): no CPU limit, since a CPU
 *                             limit throttles a container even when the node has idle cores
 */
public record LimitsPolicy(Double memoryLimitToRequest, Double cpuLimitToRequest) implements Serializable {

    public LimitsPolicy {
        if (memoryLimitToRequest != null && memoryLimitToRequest < 1 || cpuLimitToRequest != null && cpuLimitToRequest < 1) {
            throw new IllegalArgumentException("a limit cannot be below its request: ratios must be at least 1");
        }
    }

    public static LimitsPolicy defaults() {
        return new LimitsPolicy(1.0, null);
    }
}
