package dev.tally.local.fleet.render;

import dev.tally.local.fleet.sim.ContainerPlan;
import dev.tally.local.fleet.sim.PodPlan;

/**
 * A container's running time within one scrape interval, {@code [segmentStart, segmentStart + seconds)}
 * inside {@code [intervalStart, intervalStart + step)}: enough to regenerate its log records on demand.
 */
public record LogSegment(PodPlan pod, ContainerPlan container, long intervalStart, long segmentStart, long seconds,
                         int run) {
}
