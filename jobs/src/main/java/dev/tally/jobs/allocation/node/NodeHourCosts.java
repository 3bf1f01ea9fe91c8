package dev.tally.jobs.allocation.node;

import dev.tally.jobs.allocation.money.Cost;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The rule that charges a node-hour to its containers: the cost splits into a CPU and a memory
 * part ({@link CpuRamWeighting}); each part goes to the containers in proportion to what they are
 * charged for (the larger of request and usage, {@link ContainerDemand}) out of what the node
 * could hold; the rest is idle. When the containers together claim more than the node holds
 * (usage bursting past requests on a full node), the whole part goes to them, proportionally,
 * and nothing is idle.
 */
public final class NodeHourCosts {
    private final CpuRamWeighting weighting;

    public NodeHourCosts(CpuRamWeighting weighting) {
        this.weighting = weighting;
    }

    public NodeHourAllocation allocate(NodeHour node, List<ContainerDemand> demands) {
        List<Cost> byResource = node.cost().split(weighting.weights(node.cpuCores(), node.memoryBytes()));
        List<Cost> cpu = shares(byResource.get(0), node.cpuCoreSeconds(), demands, ContainerDemand::chargedCpuCoreSeconds);
        List<Cost> memory = shares(byResource.get(1), node.memoryByteSeconds(), demands, ContainerDemand::chargedMemoryByteSeconds);
        List<ContainerCost> containers = new ArrayList<>(demands.size());
        for (int i = 0; i < demands.size(); i++) {
            containers.add(new ContainerCost(demands.get(i).container(), cpu.get(i), memory.get(i)));
        }
        return new NodeHourAllocation(node, containers, cpu.get(demands.size()), memory.get(demands.size()));
    }

    /** One share per container, then idle last. */
    private static List<Cost> shares(Cost part, BigDecimal capacity, List<ContainerDemand> demands,
                                     Function<ContainerDemand, BigDecimal> charged) {
        List<BigDecimal> weights = new ArrayList<>(demands.size() + 1);
        BigDecimal claimed = BigDecimal.ZERO;
        for (ContainerDemand d : demands) {
            BigDecimal w = charged.apply(d).max(BigDecimal.ZERO);
            weights.add(w);
            claimed = claimed.add(w);
        }
        BigDecimal idle = capacity.subtract(claimed).max(BigDecimal.ZERO);
        weights.add(claimed.signum() == 0 && idle.signum() == 0 ? BigDecimal.ONE : idle);
        return part.split(weights);
    }
}
