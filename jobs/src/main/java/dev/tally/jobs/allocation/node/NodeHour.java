package dev.tally.jobs.allocation.node;

import dev.tally.jobs.allocation.money.Cost;
import java.math.BigDecimal;

/**
 * A node in one hour: its share of the VM's cost and what it could hold while it existed
 * ({@code secondsPresent} of the hour). Capacity, not allocatable: the whole VM is paid for,
 * and what the system reserves is part of what nobody's workload uses.
 */
public record NodeHour(String node, Cost cost, BigDecimal cpuCores, BigDecimal memoryBytes, BigDecimal secondsPresent) {

    public BigDecimal cpuCoreSeconds() {
        return cpuCores.multiply(secondsPresent);
    }

    public BigDecimal memoryByteSeconds() {
        return memoryBytes.multiply(secondsPresent);
    }
}
