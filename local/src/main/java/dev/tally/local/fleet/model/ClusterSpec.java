package dev.tally.local.fleet.model;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An AKS cluster: its Azure identity (subscription, resource group, region), node pools and
 * namespaces. The cluster name is also the cluster id the gateway authenticates.
 */
public record ClusterSpec(String name, String subscriptionId, String resourceGroup, String region,
                          String kubernetesVersion, List<NodePoolSpec> pools, List<NamespaceSpec> namespaces) {

    public ClusterSpec {
        pools = List.copyOf(pools);
        namespaces = List.copyOf(namespaces);
        Set<String> poolNames = new HashSet<>();
        for (NodePoolSpec p : pools) {
            if (!poolNames.add(p.name())) {
                throw new IllegalArgumentException(name + ": duplicate pool " + p.name());
            }
        }
        Set<String> nsNames = new HashSet<>();
        for (NamespaceSpec ns : namespaces) {
            if (!nsNames.add(ns.name())) {
                throw new IllegalArgumentException(name + ": duplicate namespace " + ns.name());
            }
            for (WorkloadSpec w : ns.workloads()) {
                if (!(w instanceof WorkloadSpec.DaemonSet) && !poolNames.contains(w.pool())) {
                    throw new IllegalArgumentException(name + "/" + ns.name() + "/" + w.name() + ": no pool " + w.pool());
                }
            }
        }
    }

    /** The node resource group AKS creates: {@code MC_<resource group>_<cluster>_<region>}. */
    public String nodeResourceGroup() {
        return "MC_" + resourceGroup + "_" + name + "_" + region;
    }

    /** The managed cluster's ARM resource id. */
    public String resourceId() {
        return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup
                + "/providers/Microsoft.ContainerService/managedClusters/" + name;
    }

    public NodePoolSpec pool(String poolName) {
        for (NodePoolSpec p : pools) {
            if (p.name().equals(poolName)) {
                return p;
            }
        }
        throw new IllegalArgumentException(name + ": no pool " + poolName);
    }
}
