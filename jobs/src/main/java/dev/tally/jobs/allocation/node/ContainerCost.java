package dev.tally.jobs.allocation.node;

import dev.tally.jobs.allocation.money.Cost;

/** A container's charge for one node-hour, by resource. */
public record ContainerCost(String container, Cost cpu, Cost memory) {
    public Cost total() {
        return cpu.plus(memory);
    }
}
