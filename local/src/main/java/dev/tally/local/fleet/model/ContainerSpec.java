package dev.tally.local.fleet.model;

import java.util.Objects;

/** One container of a pod template: image, requests, limits, how it uses resources, how much it logs. */
public record ContainerSpec(String name, String image, Resources requests, Resources limits, UsageShape usage,
                            LogProfile logs) {

    public ContainerSpec {
        Objects.requireNonNull(name);
        Objects.requireNonNull(image);
        Objects.requireNonNull(requests);
        Objects.requireNonNull(limits);
        Objects.requireNonNull(usage);
        Objects.requireNonNull(logs);
        if (limits.hasCpu() && requests.hasCpu() && limits.cpuMillis() < requests.cpuMillis()) {
            throw new IllegalArgumentException(name + ": CPU limit below request");
        }
        if (limits.hasMemory() && requests.hasMemory() && limits.memoryBytes() < requests.memoryBytes()) {
            throw new IllegalArgumentException(name + ": memory limit below request");
        }
        if (usage instanceof UsageShape.Leaking && !limits.hasMemory()) {
            throw new IllegalArgumentException(name + ": a leaking container needs a memory limit to be OOM-killed");
        }
    }

    /**
     * Requests as the API server stores them: a limit without a request defaults the request
     * to the limit (this is what kube-state-metrics then reports).
     */
    public Resources effectiveRequests() {
        int cpu = requests.hasCpu() ? requests.cpuMillis() : limits.cpuMillis();
        long memory = requests.hasMemory() ? requests.memoryBytes() : limits.memoryBytes();
        return new Resources(cpu, memory);
    }
}
