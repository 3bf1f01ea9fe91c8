package dev.tally.jobs.allocation.node;

import dev.tally.jobs.allocation.money.Cost;
import java.util.List;

/**
 * A node-hour's cost, split: each container's charge and what nobody used ({@code idle}), by
 * resource. The parts sum exactly to the node-hour's cost, in both views.
 */
public record NodeHourAllocation(NodeHour node, List<ContainerCost> containers, Cost idleCpu, Cost idleMemory) {
    public NodeHourAllocation {
        containers = List.copyOf(containers);
    }

    public Cost idle() {
        return idleCpu.plus(idleMemory);
    }

    public Cost allocated() {
        Cost sum = Cost.zero(node.cost().currency());
        for (ContainerCost c : containers) {
            sum = sum.plus(c.total());
        }
        return sum;
    }
}
