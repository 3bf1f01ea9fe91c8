package dev.tally.local.fleet.sim;

import dev.tally.local.fleet.model.NodePoolSpec;
import dev.tally.local.fleet.model.VmSize;

/**
 * One node (a VMSS instance) over its life. The VM exists (and is billed) over
 * {@code [created, deleted)}; the node object is visible from {@code ready} (registration)
 * until {@code deleted}. {@code deleted} is {@link Long#MAX_VALUE} for always-on nodes.
 */
public record NodePlan(String name, NodePoolSpec pool, int poolIndex, int instanceId, boolean burst,
                       int baseOrdinal, String vmssName, String vmssResourceId, String providerId,
                       String internalIp, String podCidr, String zone, String systemUuid, String bootId,
                       long created, long ready, long deleted) {

    public VmSize vmSize() {
        return pool.vmSize();
    }

    public boolean visibleAt(long t) {
        return ready <= t && t < deleted;
    }

    public long allocatableCpuMillis() {
        return vmSize().allocatableCpuMillis();
    }

    public long allocatableMemoryBytes() {
        return vmSize().allocatableMemoryBytes(pool.maxPods());
    }
}
