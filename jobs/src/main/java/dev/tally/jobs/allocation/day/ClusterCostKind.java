package dev.tally.jobs.allocation.day;

/** What a cluster's cost row is about (the cost importer's Kubernetes hint). */
public enum ClusterCostKind { NODE, DISK, LOAD_BALANCER, PUBLIC_IP, CLUSTER, OTHER }
