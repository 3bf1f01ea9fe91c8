package dev.tally.local.fleet.sim;

import dev.tally.local.fleet.model.ContainerSpec;

/** A container of one pod: its spec and the key its noise and container ids derive from. */
public record ContainerPlan(ContainerSpec spec, long key, String imageId) {

    public String name() {
        return spec.name();
    }
}
