package dev.tally.ingest.catalog;

import java.util.Map;

/**
 * A workload as usage knows it (cluster, namespace, controller kind and name, e.g. a
 * Deployment), with its Kubernetes labels when they are known (empty otherwise).
 */
public record Workload(String cluster, String namespace, String kind, String name, Map<String, String> labels) {
    public Workload {
        labels = Map.copyOf(labels);
    }

    public static Workload of(String cluster, String namespace, String kind, String name) {
        return new Workload(cluster, namespace, kind, name, Map.of());
    }
}
