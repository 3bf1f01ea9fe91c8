package dev.tally.ingest.costs.normalize;

/** What an AKS-related cost row is about, for the allocation rules (node, disk, shared network, the cluster itself). */
public enum AksResourceKind {
    /** {@code Microsoft.ContainerService/managedClusters}: control plane, uptime SLA, Defender, … */
    CLUSTER,
    /** A node: VM scale set (or its instance) or availability-set VM; also its bandwidth rows. */
    NODE,
    /** A managed disk: node OS disk or a persistent volume. */
    DISK,
    LOAD_BALANCER,
    PUBLIC_IP,
    /** Anything else in a node resource group or tagged by AKS. */
    OTHER
}
