package dev.tally.ingest.catalog;

/** How a workload was matched to a catalog component, strongest first. */
public enum ComponentMatch {
    /** The workload carries the label {@code backstage.io/kubernetes-id} with the component's id (Backstage's own rule). */
    KUBERNETES_ID_LABEL,
    /** The component's {@code backstage.io/kubernetes-label-selector} selects the workload's labels. */
    LABEL_SELECTOR,
    /** The workload's name is listed in one of the configured workload-names annotations of the component. */
    WORKLOAD_NAMES_ANNOTATION,
    /** The workload is named as the component's {@code backstage.io/kubernetes-id} (the Helm release convention). */
    KUBERNETES_ID_AS_NAME,
    /** No component. */
    NONE
}
